using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Unions;

namespace Procurement.Core.Ordering;

/// <summary>A SKU as a buyer may order it: published, with what the line keeps about its product.</summary>
public sealed record OrderableSku(Sku Sku, string ProductName, string OriginCityCode, bool Certified, string OriginCountyCode = "");

/// <summary>
/// An <c>Idempotency-Key</c> as stored: per user, with a hash of the body it came with and the order it made, so a
/// retried create finds its order and a reused key with another body is refused.
/// </summary>
public sealed class OrderIdempotencyKey
{
    public const int MaxKeyLength = 64;

    private OrderIdempotencyKey()
    {
        Key = "";
        BodyHash = "";
    }

    public OrderIdempotencyKey(Guid userId, string key, string bodyHash, Guid orderId, DateTimeOffset createdAt)
    {
        UserId = userId;
        Key = key;
        BodyHash = bodyHash;
        OrderId = orderId;
        CreatedAt = createdAt;
    }

    public Guid UserId { get; private set; }
    public string Key { get; private set; }
    public string BodyHash { get; private set; }
    public Guid OrderId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>Orders for change and for reading, through the context's union filter: another union's order is not there.</summary>
public interface IOrderStore
{
    void Add(Order order);

    void AddKey(OrderIdempotencyKey key);

    /// <summary>The order with its lines and timeline, tracked for change; null when absent or another union's.</summary>
    Task<Order?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// The order one of the caller's own parcels belongs to, tracked, whoever's union it is: a supplier's tracking
    /// moves the order it sends, though suppliers never read orders. Only ever called with an id read from such a parcel.
    /// </summary>
    Task<Order?> FindForShipmentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether the caller may see this order (it exists and is their union's), without loading it.</summary>
    Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken);

    Task<OrderIdempotencyKey?> FindKeyAsync(Guid userId, string key, CancellationToken cancellationToken);

    /// <summary>The next <c>LP{date}-{seq}</c> for a Beijing business date, from a per-date counter row incremented in one statement.</summary>
    Task<string> NextNumberAsync(DateOnly businessDate, CancellationToken cancellationToken);

    /// <summary>Published SKUs by id, whoever's supplier they are (the catalog is public); absent or unpublished ones are missing.</summary>
    Task<IReadOnlyDictionary<Guid, OrderableSku>> OrderableSkusAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken);

    Task<Paged<OrderSummary>> ListAsync(OrderListQuery query, CancellationToken cancellationToken);

    /// <summary>Approved orders approved before <paramref name="approvedBefore"/> and still unpaid, oldest first.</summary>
    Task<IReadOnlyList<Guid>> ExpiredReservationsAsync(DateTimeOffset approvedBefore, int max, CancellationToken cancellationToken);

    /// <summary>Delivered orders delivered before <paramref name="deliveredBefore"/> and not completed, oldest first.</summary>
    Task<IReadOnlyList<Guid>> DeliveredBeforeAsync(DateTimeOffset deliveredBefore, int max, CancellationToken cancellationToken);

    /// <summary>Display names of users (creators and deciders on a timeline).</summary>
    Task<IReadOnlyDictionary<Guid, string>> UserNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Deletes idempotency keys stored before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeKeysAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>What the union has committed against its budget in a year (submitted, approved and paid orders).</summary>
    Task<decimal> CommittedAsync(Guid unionId, int year, CancellationToken cancellationToken);
}

/// <summary>Recipients of an order, replaced whole and read page by page (an order may have 20,000).</summary>
public interface IRecipientStore
{
    /// <summary>Stages the order's recipients to replace whatever it had, written set-based when the unit of work commits.</summary>
    void Replace(Guid orderId, IReadOnlyList<Recipient> recipients);

    /// <summary>
    /// Stages copying one order's recipient rows to another of the same union, set-based (a reorder that keeps its
    /// recipients). Copied only while the source still holds <paramref name="recipients"/> rows of
    /// <paramref name="packages"/> packages in all (what the copy's package plan was made from); a list replaced
    /// meanwhile refuses the unit of work as changed.
    /// </summary>
    void Copy(Guid fromOrderId, Guid toOrderId, int recipients, int packages);

    Task<Paged<Recipient>> PageAsync(Guid orderId, string? q, int skip, int take, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProvinceCount>> ProvincesAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Every recipient in row order, streamed (exports).</summary>
    IAsyncEnumerable<Recipient> AllAsync(Guid orderId, CancellationToken cancellationToken);
}

/// <summary>
/// What a submitted order holds: stock reserved per SKU, the union-year budget and each member's year usage. Each is
/// changed by a conditional set-based statement staged into the operation's unit of work, so they change together
/// with the order's transition or not at all, and two orders that each fit but not together cannot both pass.
/// </summary>
public interface IOrderCommitments
{
    /// <summary>Stages budget, then member caps, then stock (SKUs in id order): the commit fails with budget-exceeded, welfare-cap-exceeded or insufficient-stock.</summary>
    void Reserve(Order order, Union union, int year);

    /// <summary>Stages giving back everything <see cref="Reserve"/> took.</summary>
    void Release(Order order);

    /// <summary>
    /// Stages a paid order's reservations becoming sales: stock and reserved both drop by each line's quantity (one
    /// guarded statement per SKU), and the supplier's sales ledger counts the lines. Budget and caps stay committed.
    /// </summary>
    void Sell(Order order);

    /// <summary>
    /// Stages giving a refunded (paid, unshipped) order's commitments back: the budget and every member's cap usage,
    /// its sold stock back on sale, and negative lines in the sales ledger.
    /// </summary>
    void GiveBack(Order order);

    /// <summary>
    /// Stages giving back one member's refunded package(s) (after-sales): <paramref name="value"/> back to the
    /// union's budget and to that member's cap usage, and the lines taken back from the sales ledger. No stock
    /// returns: the goods were sent.
    /// </summary>
    void GiveBackPackages(Order order, string mobile, decimal value, IReadOnlyList<(OrderLine Line, int Quantity)> lines);
}

/// <summary>Cancelling an order that is already paid: a refund (the payments side), named for what it does.</summary>
public interface IPaidOrderCancellation
{
    /// <summary>Refunds the paid order whole and commits; the order is Refunded afterwards, or an error and nothing changed.</summary>
    Task<Error?> CancelPaidAsync(Order order, string? reason, CancellationToken cancellationToken);
}

public sealed record OrderListQuery(OrderStatus? Status = null, Occasion? Occasion = null, DateOnly? From = null, DateOnly? To = null, string? Q = null,
    int Page = 1, int PageSize = 20)
{
    public int Skip => (Page - 1) * PageSize;
}

public sealed record OrderSummary(Guid Id, string Number, string Status, string Occasion, decimal Total, int RecipientCount, int PackageCount,
    Guid CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, int LineCount, string? Reference = null);
