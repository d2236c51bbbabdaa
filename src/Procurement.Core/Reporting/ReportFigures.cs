using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Partners;

namespace Procurement.Core.Reporting;

/// <summary>Where a union's 消费帮扶 spending went through: this platform, or a partner platform that named the union's USCC.</summary>
public static class ReportChannels
{
    public const string Platform = "Platform";

    public static readonly IReadOnlyList<string> All = [Platform, PartnerCodes.P832, PartnerCodes.Jsgh, PartnerCodes.Gsxf];
}

/// <summary>One row of the daily aggregates: a union's Beijing business date, channel, Gansu county and certification.</summary>
public sealed record FigureKey(Guid UnionId, DateOnly Day, string Channel, string CountyCode, bool Assisted);

/// <summary>What one payment, refund or partner push adds to a row (negative: takes away). Amounts in 分.</summary>
public sealed record FigureDelta(FigureKey Key, long AmountFen, int Orders, int Members);

/// <summary>Goods of one county and certification in an order, in 分.</summary>
public sealed record FigureLine(string CountyCode, bool Assisted, long AmountFen);

/// <summary>
/// The rules that turn an order's money into the report's rows, one home for the live writer and the rebuild so that
/// both count alike. An order counts once: its order and its members go to its largest row (by amount, then county
/// code, certified first), its goods to the row of their county and certification. A refund of part of an order takes
/// back exactly the goods it names; a refund the partner reports as an amount is spread over the order's goods in
/// proportion (largest remainder, so the parts add up to the fen).
/// </summary>
public static class ReportFigures
{
    /// <summary>An order's lines by county and certification (county as snapshot at submit, or <paramref name="countyOf"/> for older lines).</summary>
    public static IReadOnlyList<FigureLine> LinesOf(Order order, Func<Guid, string>? countyOf = null) =>
        order.Lines.Select(l => new FigureLine(County(l.OriginCountyCode, l.ProductId, countyOf), l.Certified, Money.ToFen(l.Amount))).ToList();

    /// <summary>Some packages of some lines (an after-sales refund): each line's unit price × the quantity given.</summary>
    public static IReadOnlyList<FigureLine> LinesOf(IEnumerable<(OrderLine Line, int Quantity)> lines, Func<Guid, string>? countyOf = null) =>
        lines.Select(x => new FigureLine(County(x.Line.OriginCountyCode, x.Line.ProductId, countyOf), x.Line.Certified, Money.ToFen(Money.Round(x.Line.UnitPrice * x.Quantity))))
            .ToList();

    /// <summary>The deltas of counting (<paramref name="sign"/> 1) or taking back (−1) a whole order of <paramref name="members"/> members.</summary>
    public static IReadOnlyList<FigureDelta> Whole(Guid unionId, DateOnly day, string channel, IReadOnlyList<FigureLine> lines, int members, int sign)
    {
        var rows = Grouped(lines);
        if (rows.Count == 0)
        {
            return [];
        }
        var primary = rows.OrderByDescending(r => r.AmountFen).ThenBy(r => r.CountyCode, StringComparer.Ordinal).ThenByDescending(r => r.Assisted).First();
        return rows.Select(r => new FigureDelta(new FigureKey(unionId, day, channel, r.CountyCode, r.Assisted), sign * r.AmountFen,
            r == primary ? sign : 0, r == primary ? sign * members : 0)).ToList();
    }

    /// <summary>Goods taken back (or added) without the order itself: amounts only.</summary>
    public static IReadOnlyList<FigureDelta> Goods(Guid unionId, DateOnly day, string channel, IReadOnlyList<FigureLine> lines, int sign) =>
        Grouped(lines).Where(r => r.AmountFen != 0)
            .Select(r => new FigureDelta(new FigureKey(unionId, day, channel, r.CountyCode, r.Assisted), sign * r.AmountFen, 0, 0)).ToList();

    /// <summary>
    /// <paramref name="amountFen"/> spread over <paramref name="lines"/> in proportion to their amounts: floors first,
    /// then one fen each to the largest remainders (earlier lines first on a tie), so the parts add up exactly.
    /// </summary>
    public static IReadOnlyList<FigureLine> Allocate(long amountFen, IReadOnlyList<FigureLine> lines)
    {
        var total = lines.Sum(l => l.AmountFen);
        if (lines.Count == 0 || amountFen == 0)
        {
            return [];
        }
        if (total <= 0)
        {
            return [lines[0] with { AmountFen = amountFen }];
        }
        var parts = lines.Select((l, i) =>
        {
            var exact = (decimal)amountFen * l.AmountFen / total;
            var floor = (long)decimal.Floor(exact);
            return (Index: i, Line: l, Floor: floor, Remainder: exact - floor);
        }).ToList();
        var left = amountFen - parts.Sum(p => p.Floor);
        var extra = parts.OrderByDescending(p => p.Remainder).ThenBy(p => p.Index).Take((int)Math.Max(0, left)).Select(p => p.Index).ToHashSet();
        return parts.Select(p => p.Line with { AmountFen = p.Floor + (extra.Contains(p.Index) ? 1 : 0) }).ToList();
    }

    /// <summary>Adds up deltas of the same row (what a rebuild writes, and how a test compares).</summary>
    public static IReadOnlyList<FigureDelta> Sum(IEnumerable<FigureDelta> deltas) =>
        deltas.GroupBy(d => d.Key).Select(g => new FigureDelta(g.Key, g.Sum(d => d.AmountFen), g.Sum(d => d.Orders), g.Sum(d => d.Members))).ToList();

    /// <summary>A partner order's goods, its county and certification read from the product as it was on the day it was placed.</summary>
    public static IReadOnlyList<FigureLine> LinesOf(PartnerOrder order, Func<Guid, (string CountyCode, bool Certified)> productOn) =>
        order.Lines.Select(l =>
        {
            var (county, certified) = productOn(l.ProductId);
            return new FigureLine(county, certified, Money.ToFen(l.Amount));
        }).ToList();

    /// <summary>Whether a partner order, as pushed, was a sale (a cancelled or wholly refunded order never counted).</summary>
    public static bool Counts(PartnerOrderStatus status) => status is PartnerOrderStatus.Completed or PartnerOrderStatus.PartiallyRefunded;

    private static string County(string snapshot, Guid productId, Func<Guid, string>? countyOf) =>
        snapshot.Length > 0 ? snapshot : countyOf?.Invoke(productId) ?? "";

    private static List<FigureLine> Grouped(IEnumerable<FigureLine> lines) =>
        lines.GroupBy(l => (l.CountyCode, l.Assisted)).Select(g => new FigureLine(g.Key.CountyCode, g.Key.Assisted, g.Sum(l => l.AmountFen))).ToList();
}
