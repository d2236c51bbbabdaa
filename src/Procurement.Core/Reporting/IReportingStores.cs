using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Partners;

namespace Procurement.Core.Reporting;

/// <summary>
/// The report's daily aggregates, written in the unit of work of the change they count (a payment that makes an order
/// Paid, a refund, a partner push). Each call stages conditional set-based upserts (never a read then a write of a
/// figure); the caller's commit runs them with its own changes, or none of them.
/// </summary>
public interface IReportingBook
{
    /// <summary>The order has just become Paid: its goods, the order and its members count on the Beijing date paid.</summary>
    void Paid(Order order);

    /// <summary>The whole paid order was refunded (cancelled before anything shipped): everything <see cref="Paid"/> counted is taken back.</summary>
    void Refunded(Order order);

    /// <summary>Some packages of some lines were refunded (after-sales): their goods are taken back from the date the order was paid.</summary>
    void Refunded(Order order, IReadOnlyList<(OrderLine Line, int Quantity)> lines);

    /// <summary>A new partner order: with a <paramref name="buyerUscc"/> of a known union (or one finance matched) it counts for that union in the partner's channel; an unknown one waits for finance.</summary>
    void Received(PartnerOrder order, string? buyerUscc);

    /// <summary>A refund the partner reported: spread over the order's goods, taken back from the union it counted for (if any).</summary>
    void Refunded(PartnerOrder order, decimal amount);

    /// <summary>A later push changed the order's status: one that stops being a sale (Cancelled, Refunded) is taken back net, one that becomes a sale again counts again.</summary>
    void Revised(PartnerOrder order);
}

/// <summary>A union in the tree: one row of the one query that loads it.</summary>
public sealed record UnionNode(Guid Id, Guid? ParentId, string Name, string Uscc);

/// <summary>A union's own figures for a year (its own orders, not those below it), in 分.</summary>
public sealed record UnionFigures(Guid UnionId, long AmountFen, long AssistedFen, int Orders, int Members);

/// <summary>A subtree's year by channel, county and month, in 分: the per-channel, per-county and per-month views are sums of these.</summary>
public sealed record ChannelCountyMonth(string Channel, string CountyCode, int Month, long AmountFen, long AssistedFen);

/// <summary>What a county's goods bought by a subtree were: one product.</summary>
public sealed record CountyProduct(Guid ProductId, string ProductName, int Quantity, decimal Amount, bool Assisted);

/// <summary>A USCC partners named that matches no union yet.</summary>
public sealed record UnmatchedBuyer(string Uscc, string Partner, string BuyerName, int Orders, decimal Amount, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

public interface IReportingStore
{
    /// <summary>Every union's id, parent and name, in one query (the tree is walked in memory).</summary>
    Task<IReadOnlyList<UnionNode>> UnionTreeAsync(CancellationToken cancellationToken);

    /// <summary>The subtree's year by union: one pass in the covering index's order (no sort).</summary>
    Task<IReadOnlyList<UnionFigures>> ByUnionAsync(IReadOnlyCollection<Guid> unionIds, int year, CancellationToken cancellationToken);

    /// <summary>The subtree's year by channel, county and month: the second and last grouped pass.</summary>
    Task<IReadOnlyList<ChannelCountyMonth>> ByChannelCountyMonthAsync(IReadOnlyCollection<Guid> unionIds, int year, CancellationToken cancellationToken);

    /// <summary>The products of <paramref name="countyCode"/> in the subtree's orders paid in <paramref name="year"/> (this platform's orders).</summary>
    Task<IReadOnlyList<CountyProduct>> CountyProductsAsync(IReadOnlyCollection<Guid> unionIds, int year, string countyCode, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<Guid, UnionTarget>> TargetsAsync(IReadOnlyCollection<Guid> unionIds, int year, CancellationToken cancellationToken);

    /// <summary>The union's target of a year, tracked (null: none set).</summary>
    Task<UnionTarget?> FindTargetAsync(Guid unionId, int year, CancellationToken cancellationToken);

    void Add(UnionTarget target);

    Task<Paged<UnmatchedBuyer>> UnmatchedBuyersAsync(int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Stages the match of <paramref name="uscc"/> to <paramref name="unionId"/> (guarded: only while it is unmatched)
    /// and the credit of every earlier push that named it; answers false when no push named it or it is matched already.
    /// </summary>
    Task<Result<int>> MatchAsync(string uscc, Guid unionId, CancellationToken cancellationToken);

    /// <summary>Every aggregate row made again from the orders, refunds and partner orders; answers the rows written.</summary>
    Task<int> RebuildAsync(CancellationToken cancellationToken);
}
