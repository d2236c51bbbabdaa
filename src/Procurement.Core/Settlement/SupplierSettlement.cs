using System.Globalization;
using Procurement.Core.Common;

namespace Procurement.Core.Settlement;

/// <summary><c>Settlement:*</c>: the platform's service fee, a share of each supplier's delivered value.</summary>
public sealed class SettlementOptions
{
    /// <summary>0.03 is 3%; between 0 and 1.</summary>
    public decimal ServiceFeeRate { get; set; } = 0.03m;
}

/// <summary>A Beijing calendar month, as <c>yyyy-MM</c> in the API and <c>yyyyMM</c> in the database.</summary>
public readonly record struct SettlementMonth(int Year, int Month)
{
    public int Key => Year * 100 + Month;

    public DateTimeOffset Start => BusinessDate.StartOf(new DateOnly(Year, Month, 1));

    public DateTimeOffset End => BusinessDate.StartOf(new DateOnly(Year, Month, 1).AddMonths(1));

    public SettlementMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public static SettlementMonth Of(DateTimeOffset instant)
    {
        var day = BusinessDate.Of(instant);
        return new(day.Year, day.Month);
    }

    public static SettlementMonth FromKey(int key) => new(key / 100, key % 100);

    /// <summary>
    /// The month a delivery or refund at <paramref name="at"/> counts in: its own, or the next one not settled yet
    /// (a settled month is frozen; what lands after its settlement is booked into the next open one).
    /// </summary>
    public static int BookingKey(DateTimeOffset at, IReadOnlySet<int> settled)
    {
        var month = Of(at);
        while (settled.Contains(month.Key))
        {
            month = month.Next;
        }
        return month.Key;
    }

    public static bool TryParse(string? text, out SettlementMonth month)
    {
        month = default;
        if (DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2020 and <= 2100)
        {
            month = new(day.Year, day.Month);
            return true;
        }
        return false;
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

/// <summary>
/// A supplier's month once finance has settled it: the figures as they were, frozen. Deliveries reported later for
/// that month and refunds decided later count in the next month that is still open.
/// </summary>
public sealed class SupplierSettlement
{
    private SupplierSettlement()
    {
    }

    public SupplierSettlement(Guid supplierId, int month, int parcels, decimal deliveredValue, decimal refunds, decimal feeRate, decimal fee, decimal amountDue, Guid by,
        DateTimeOffset at)
    {
        SupplierId = supplierId;
        Month = month;
        Parcels = parcels;
        DeliveredValue = deliveredValue;
        Refunds = refunds;
        FeeRate = feeRate;
        Fee = fee;
        AmountDue = amountDue;
        SettledBy = by;
        SettledAt = at;
    }

    public Guid SupplierId { get; private set; }

    /// <summary><c>yyyyMM</c>.</summary>
    public int Month { get; private set; }

    public int Parcels { get; private set; }
    public decimal DeliveredValue { get; private set; }
    public decimal Refunds { get; private set; }
    public decimal FeeRate { get; private set; }
    public decimal Fee { get; private set; }
    public decimal AmountDue { get; private set; }
    public Guid SettledBy { get; private set; }
    public DateTimeOffset SettledAt { get; private set; }

    /// <summary>What finance has paid out against it so far (<see cref="SupplierPayout"/>).</summary>
    public decimal Paid { get; private set; }

    /// <summary>Bumped by every payout: two clerks paying one month at once cannot both count.</summary>
    public long Version { get; private set; }

    public decimal Outstanding => AmountDue - Paid;

    public static string AmountMessage() => Texts.Pick("付款金额须大于 0，最多两位小数。", "The amount must be above 0 with at most two decimals.");

    /// <summary>A payout of this month: positive, to the fen, never more than is still outstanding.</summary>
    public Error? RecordPayout(decimal amount)
    {
        if (amount <= 0m || !Money.HasAtMostTwoDecimals(amount))
        {
            return Error.Invalid("amount", AmountMessage());
        }
        if (amount > Outstanding)
        {
            return Error.Invalid("amount", Texts.Pick($"付款金额超过未付金额 {Outstanding:0.00} 元。", $"The amount is more than the {Outstanding:0.00} CNY outstanding."));
        }
        Paid += amount;
        Version++;
        return null;
    }
}

/// <summary>A supplier's month: what was delivered, what was refunded, the fee and what the platform owes.</summary>
public sealed record SupplierStatement(
    Guid SupplierId, string SupplierName, string Month, int Parcels, decimal DeliveredValue, decimal Refunds, decimal FeeRate, decimal Fee, decimal AmountDue,
    bool Settled, DateTimeOffset? SettledAt, decimal Paid = 0m, DateTimeOffset? LastPaidAt = null, int? DaysSinceSettled = null)
{
    /// <summary>What is still to pay of a settled month.</summary>
    public decimal Outstanding => Settled ? AmountDue - Paid : 0m;

    /// <summary>Service fee on the delivered value, rounded to the fen; due = delivered − refunds − fee.</summary>
    public static SupplierStatement Compute(Guid supplierId, string name, SettlementMonth month, int parcels, decimal delivered, decimal refunds, decimal rate)
    {
        var fee = Money.Round(delivered * rate);
        return new SupplierStatement(supplierId, name, month.ToString(), parcels, delivered, refunds, rate, fee, delivered - refunds - fee, false, null);
    }
}

/// <summary>One line of a statement's detail: a delivered parcel (positive) or a refund (negative).</summary>
public sealed record StatementLine(string Kind, DateTimeOffset At, string OrderNumber, long? ShipmentId, string? Recipient, decimal Amount);

/// <summary>The month's raw figures for one supplier, from the booked parcels and refunds.</summary>
public sealed record SupplierMonth(Guid SupplierId, string SupplierName, int Parcels, long DeliveredFen, decimal Refunds);

public interface ISettlementStore
{
    /// <summary>Every supplier with a delivered parcel or a refund booked in the month, or a settlement of it (finance); the caller's own (a supplier).</summary>
    Task<IReadOnlyList<SupplierMonth>> MonthAsync(int month, Guid? supplierId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SupplierSettlement>> SettledAsync(int month, Guid? supplierId, CancellationToken cancellationToken);

    /// <summary>The months of a supplier finance has settled (a delivery dated in one of them is booked to the next open month).</summary>
    Task<IReadOnlySet<int>> SettledMonthsAsync(IReadOnlyCollection<Guid> supplierIds, int from, CancellationToken cancellationToken);

    Task<IReadOnlyList<StatementLine>> LinesAsync(int month, Guid supplierId, CancellationToken cancellationToken);

    /// <summary>The latest month (<c>yyyyMM</c>) up to <paramref name="upTo"/> with a delivery, a refund or a settlement (of the supplier, if given); null when none.</summary>
    Task<int?> LatestMonthAsync(Guid? supplierId, int upTo, CancellationToken cancellationToken);

    void Add(SupplierSettlement settlement);

    /// <summary>
    /// Stages booking a delivery or refund into a supplier's month: inside the unit of work's transaction, and first,
    /// it counts the booking on the month's lock row only while the month is open. A month settled meanwhile refuses
    /// the whole operation with a conflict (run again, it books into the next open month).
    /// </summary>
    void Book(Guid supplierId, int month);

    /// <summary>
    /// Stages settling a supplier's month: inside the transaction, it closes the month's lock row (refused when it is
    /// closed already), so no booking can land in it after; then <paramref name="settle"/> reads the month's figures
    /// and stages the settlement, in the same transaction.
    /// </summary>
    void Close(Guid supplierId, int month, Func<CancellationToken, Task<Error?>> settle);

    /// <summary>The supplier's settlement of the month, tracked for a payout; null when it is not settled.</summary>
    Task<SupplierSettlement?> FindSettledAsync(int month, Guid supplierId, CancellationToken cancellationToken);

    void Add(SupplierPayout payout);

    /// <summary>
    /// Stages the supplier-wide guard of a payout, first in the transaction: payouts of one supplier serialise on its
    /// payout lock row, and the payout is refused (400 naming <c>amount</c>) when it would pay more than all its settled
    /// months make due net — a month that ended below zero (refunds beyond deliveries) is recovered before anything
    /// more is paid.
    /// </summary>
    void GuardPayout(Guid supplierId, decimal amount);

    /// <summary>When each supplier's month (or the one supplier's) was last paid; suppliers never paid are absent.</summary>
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>> LastPaidAsync(int month, Guid? supplierId, CancellationToken cancellationToken);

    /// <summary>The payouts of a supplier's month, oldest first.</summary>
    Task<IReadOnlyList<SupplierPayout>> PayoutsAsync(int month, Guid supplierId, CancellationToken cancellationToken);
}

/// <summary>Writes a statement with its lines (XLSX or CSV) to a stream.</summary>
public interface IStatementSheets
{
    Task WriteAsync(SupplierStatement statement, IReadOnlyList<StatementLine> lines, SheetFormat format, Stream output, CancellationToken cancellationToken);
}
