using CsCheck;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Core.Payments;
using Procurement.Core.Settlement;

namespace Procurement.UnitTests.Ledger;

/// <summary>One step of a random story of money; indices pick an order, parcel, refund, payment or settlement, wrapping round.</summary>
public abstract record Step;

/// <summary>The provider reports an online payment: the order's total, or off by <paramref name="OffByFen"/> (a wrong amount).</summary>
public sealed record PayOnline(int Order, long OffByFen) : Step;

/// <summary>Money arrives for an online attempt we have no record of (its row was never saved): flagged unapplied whatever the order's state.</summary>
public sealed record UnrecordedAttemptPaid(int Order) : Step;

/// <summary>An unpaid order is cancelled or expires.</summary>
public sealed record Expire(int Order) : Step;

/// <summary>Finance records a bank receipt: <paramref name="Part"/> 0 short of what is missing, 1 exactly it, 2 more by <paramref name="Fen"/>.</summary>
public sealed record ReceiveTransfer(int Order, int Part, long Fen) : Step;

/// <summary>The purchaser cancels a paid order before anything was delivered: refunded whole from held.</summary>
public sealed record CancelPaid(int Order) : Step;

public sealed record Deliver(int Order, int Parcel) : Step;

/// <summary>After-sales refund of a parcel: delivered (damaged) from its supplier's payable, undelivered (lost in transit) from held.</summary>
public sealed record AfterSales(int Order, int Parcel) : Step;

/// <summary><paramref name="Way"/> 0: the provider (or finance's transfer) confirms; 1: the provider refuses and finance sends it by bank; 2: unanswered, retried, confirmed.</summary>
public sealed record ConfirmRefund(int Refund, int Way) : Step;

/// <summary>Finance returns money that paid nothing: all of what a payment has in suspense, or <paramref name="Fen"/> of it.</summary>
public sealed record ReturnUnapplied(int Payment, long Fen, bool Whole) : Step;

/// <summary>A refund asked for more than the payment can give (from held, or from suspense): the domain must refuse it.</summary>
public sealed record OverRefund(int Order, long ExtraFen, bool FromSuspense) : Step;

public sealed record Settle(int Supplier) : Step;

/// <summary>A payout of a settled month: <paramref name="Part"/> 0 part of what is outstanding, 1 all of it, 2 more by <paramref name="Fen"/>.</summary>
public sealed record PayOut(int Supplier, int Settlement, int Part, long Fen) : Step;

/// <summary>A parcel of an order: its supplier and its goods' value in 分.</summary>
public sealed record ParcelSpec(int Supplier, long ValueFen);

/// <summary>Orders (each its parcels) and what happens to them.</summary>
public sealed record Story(ParcelSpec[][] Orders, Step[] Steps)
{
    public const int Suppliers = 2;

    private static readonly Gen<int> OrderIndex = Gen.Int[0, 2];

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (4, Gen.Select(OrderIndex, Gen.Frequency((3, Gen.Const(0L)), (1, Gen.Long[-5_000, 5_000])), (o, off) => (Step)new PayOnline(o, off))),
        (1, OrderIndex.Select(o => (Step)new UnrecordedAttemptPaid(o))),
        (1, OrderIndex.Select(o => (Step)new Expire(o))),
        (4, Gen.Select(OrderIndex, Gen.Int[0, 2], Gen.Long[1, 100_000], (o, part, fen) => (Step)new ReceiveTransfer(o, part, fen))),
        (2, OrderIndex.Select(o => (Step)new CancelPaid(o))),
        (6, Gen.Select(OrderIndex, Gen.Int[0, 2], (o, p) => (Step)new Deliver(o, p))),
        (3, Gen.Select(OrderIndex, Gen.Int[0, 2], (o, p) => (Step)new AfterSales(o, p))),
        (4, Gen.Select(Gen.Int[0, 7], Gen.Int[0, 2], (r, way) => (Step)new ConfirmRefund(r, way))),
        (2, Gen.Select(Gen.Int[0, 7], Gen.Long[1, 100_000], Gen.Bool, (p, fen, whole) => (Step)new ReturnUnapplied(p, fen, whole))),
        (1, Gen.Select(OrderIndex, Gen.Long[1, 1_000], Gen.Bool, (o, extra, suspense) => (Step)new OverRefund(o, extra, suspense))),
        (2, Gen.Int[0, Suppliers - 1].Select(s => (Step)new Settle(s))),
        (3, Gen.Select(Gen.Int[0, Suppliers - 1], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Long[1, 100_000], (s, m, part, fen) => (Step)new PayOut(s, m, part, fen))));

    private static readonly Gen<ParcelSpec> AnyParcel = Gen.Select(Gen.Int[0, Suppliers - 1], Gen.Long[1, 300_000], (s, v) => new ParcelSpec(s, v));

    /// <summary>Three orders of one to three parcels, and up to 60 steps.</summary>
    public static readonly Gen<Story> Generator = Gen.Select(AnyParcel.Array[1, 3].Array[3], AnyStep.Array[1, 60], (orders, steps) => new Story(orders, steps));

    public override string ToString() =>
        $"orders: {string.Join(" | ", Orders.Select(o => string.Join(", ", o.Select(p => $"s{p.Supplier} {p.ValueFen} fen"))))}\n  " + string.Join("\n  ", Steps.Select(s => s.ToString()));
}

/// <summary>The ledger as a list: a second entry with a key already booked is refused, as the database's unique index refuses it.</summary>
public sealed class MemoryLedger : ILedger
{
    private readonly HashSet<string> _keys = [];

    public List<JournalEntry> Entries { get; } = [];

    public void Post(JournalEntry entry)
    {
        if (!_keys.Add(entry.Key))
        {
            throw new InvalidOperationException($"Entry {entry.Key} was booked twice.");
        }
        Entries.Add(entry);
    }

    /// <summary>An account's balance its own way round, over the lines of one order (or all lines).</summary>
    public long Balance(Func<string, bool> account, Guid? orderId = null) => Entries.SelectMany(e => e.Lines)
        .Where(l => account(l.Account) && (orderId is null || l.OrderId == orderId))
        .Sum(l => LedgerAccount.DebitNormal(l.Account) ? l.DebitFen - l.CreditFen : l.CreditFen - l.DebitFen);
}

public sealed class MemoryRefunds : IRefundStore
{
    public List<Refund> All { get; } = [];

    public void Add(Refund refund) => All.Add(refund);

    public Task<Refund?> FindAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(All.FirstOrDefault(r => r.Id == id));

    public Task<Refund?> FindByProviderIdAsync(string providerRefundId, CancellationToken cancellationToken) =>
        Task.FromResult(All.FirstOrDefault(r => r.ProviderRefundId == providerRefundId));

    public Task<IReadOnlyList<RefundRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Paged<RefundRow>> ListAsync(RefundStatus? status, string? q, int page, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Payment?> PayingAsync(Guid orderId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Payment?> PayingForCaseAsync(Guid orderId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
