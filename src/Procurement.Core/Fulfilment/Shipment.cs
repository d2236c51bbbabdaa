using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Fulfilment;

public enum ShipmentStatus
{
    /// <summary>Waiting for the supplier to send it.</summary>
    Pending,
    Shipped,
    Delivered,

    /// <summary>The order was refunded before it left.</summary>
    Cancelled,
}

/// <summary>
/// One parcel: what one supplier sends one recipient of a paid order — the supplier's lines for each of the
/// recipient's packages travel together. Created in bulk when the order is paid (one per supplier per recipient,
/// set-based, with the recipient's name and address copied in), so it is plain data whose contents follow from the order: the supplier's lines ÷ the order's package
/// count × <see cref="Packages"/>. Its number (<see cref="Id"/>) is what suppliers quote in the tracking import.
/// </summary>
public sealed class Shipment
{
    public const int MaxCarrierLength = 32;
    public const int MaxTrackingLength = 40;

    private Shipment()
    {
        OrderNumber = "";
        RecipientName = "";
        Mobile = "";
        ProvinceCode = "";
        CityCode = "";
        DistrictCode = "";
        Address = "";
    }

    /// <summary>A resend (after-sales): a new parcel to the same recipient from the same supplier, with the case's packages.</summary>
    public static Shipment Resend(Shipment original, int packages, Guid caseId, DateTimeOffset at, long valueFen = 0) => new()
    {
        ValueFen = valueFen,
        OrderId = original.OrderId,
        OrderNumber = original.OrderNumber,
        UnionId = original.UnionId,
        SupplierId = original.SupplierId,
        RecipientRow = original.RecipientRow,
        RecipientName = original.RecipientName,
        Mobile = original.Mobile,
        ProvinceCode = original.ProvinceCode,
        CityCode = original.CityCode,
        DistrictCode = original.DistrictCode,
        Address = original.Address,
        Packages = packages,
        Option = original.Option,
        CreatedAt = at,
        CaseId = caseId,
        Status = ShipmentStatus.Pending,
    };

    public long Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid SupplierId { get; private set; }

    public string OrderNumber { get; private set; }

    /// <summary>The recipient's row in the order's recipients sheet.</summary>
    public int RecipientRow { get; private set; }

    // Where it goes, as the order was paid: the supplier reads its own parcels without reading the union's recipients.
    public string RecipientName { get; private set; }
    public string Mobile { get; private set; }
    public string ProvinceCode { get; private set; }
    public string CityCode { get; private set; }
    public string DistrictCode { get; private set; }
    public string Address { get; private set; }

    /// <summary>份数: the recipient's packages this parcel carries.</summary>
    public int Packages { get; private set; }

    /// <summary>
    /// A member-choice order's parcel: the option its member chose (or was given at the deadline), which says what its
    /// packages hold (<see cref="Order.ParcelLines"/>); null for an order whose packages are all alike.
    /// </summary>
    public int? Option { get; private set; }

    public ShipmentStatus Status { get; private set; }
    public string? Carrier { get; private set; }
    public string? TrackingNo { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ShippedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Who confirmed the delivery when the purchaser did (null: the supplier's import).</summary>
    public Guid? DeliveryConfirmedBy { get; private set; }

    /// <summary>The after-sales case this parcel resends, if it is a resend.</summary>
    public Guid? CaseId { get; private set; }

    public long Version { get; private set; }

    /// <summary>
    /// What the parcel is worth to its supplier, in 分: its packages × the supplier's lines of one package. A resend of a
    /// damaged parcel is worth nothing (the goods were delivered and paid once); a resend of a parcel lost before it
    /// arrived carries the lost packages' value, which becomes the supplier's when it is delivered.
    /// </summary>
    public long ValueFen { get; private set; }

    /// <summary>The month (<c>yyyyMM</c>, Beijing) whose supplier statement counts the delivery: its own, or the next one not yet settled.</summary>
    public int? SettlementMonth { get; private set; }

    /// <summary>A parcel reported lost and settled (resent or refunded) never arrives: it leaves the order's count.</summary>
    public void Lost()
    {
        if (Status == ShipmentStatus.Shipped)
        {
            Status = ShipmentStatus.Cancelled;
            Version++;
        }
    }

    /// <summary>The purchaser confirms that the member received it (the supplier's tracking may never say so).</summary>
    public Error? ConfirmDelivered(Guid by, DateTimeOffset at, int month)
    {
        if (Status != ShipmentStatus.Shipped)
        {
            return Error.InvalidState(Status == ShipmentStatus.Delivered
                ? Texts.Pick("该包裹已确认签收。", "This package is already delivered.")
                : Texts.Pick("包裹尚未发出，不能确认签收。", "This package has not been sent yet."));
        }
        Status = ShipmentStatus.Delivered;
        DeliveredAt = at;
        DeliveryConfirmedBy = by;
        SettlementMonth = month;
        Version++;
        return null;
    }
}

/// <summary>One row of a tracking import (<c>shipment_id,carrier,tracking_no[,delivered_at]</c>) as typed.</summary>
public sealed record TrackingSheetRow(int Row, string ShipmentId, string Carrier, string TrackingNo, string DeliveredAt);

/// <summary>A checked row: what the shipment becomes.</summary>
/// <param name="Month">For a delivery: the month (<c>yyyyMM</c>) the supplier's statement counts it in.</param>
public sealed record TrackingUpdate(long ShipmentId, string Carrier, string TrackingNo, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt, int? Month = null);

/// <summary>What the import needs to know of a named shipment to judge a row against it.</summary>
public sealed record ShipmentState(long Id, Guid OrderId, Guid SupplierId, ShipmentStatus Status, DateTimeOffset? ShippedAt);

/// <summary>A shipment as the pages and the API show it, with its recipient and order.</summary>
public sealed record ShipmentView(
    long Id, Guid OrderId, string OrderNumber, Guid SupplierId, string SupplierName, int RecipientRow, string RecipientName, string Mobile,
    string Region, string Address, int Packages, string Status, string? Carrier, string? TrackingNo, DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt, Guid? CaseId);

/// <summary>One supplier's part of an order's delivery.</summary>
public sealed record SupplierProgress(Guid SupplierId, string SupplierName, int Pending, int Shipped, int Delivered, int Cancelled);

public sealed record FulfilmentProgress(IReadOnlyList<SupplierProgress> Suppliers, int Pending, int Shipped, int Delivered);

public sealed record ShipmentQuery(Guid? OrderId = null, string? Status = null, string? Q = null, int Page = 1, int PageSize = 20)
{
    /// <summary>A status filter, if given, names a state exactly.</summary>
    internal Error? CheckStatus() =>
        Status is null || Enum.TryParse<ShipmentStatus>(Status, ignoreCase: false, out _)
            ? null
            : Error.Invalid("status", Texts.Pick("状态须为 Pending、Shipped、Delivered 或 Cancelled。", "The status must be Pending, Shipped, Delivered or Cancelled."));

    /// <summary>The page as checked where it arrived (<see cref="PageBounds"/>) and the search trimmed (or none).</summary>
    internal ShipmentQuery Bounded()
    {
        var (page, pageSize) = PageBounds.Require(Page, PageSize);
        return this with { Page = page, PageSize = pageSize, Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim() };
    }
}

/// <summary>Reads a tracking sheet (CSV in UTF-8 or GB18030, or XLSX) through the stock import's readers and bounds.</summary>
public interface ITrackingSheetReader
{
    Result<IReadOnlyList<TrackingSheetRow>> Read(Stream content, CancellationToken cancellationToken);
}

/// <summary>Writes a supplier's packing list: one row per parcel, with its recipient, address and contents.</summary>
public interface IPackingListSheets
{
    Task WriteAsync(IReadOnlyList<PackingRow> rows, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken);
}

/// <summary>A parcel on a packing list with what goes in it (the supplier's lines × its packages).</summary>
public sealed record PackingRow(ShipmentView Shipment, string Contents);

public interface IShipmentStore
{
    /// <summary>Stages the paid order's shipments: one per supplier of its lines per recipient, set-based.</summary>
    void CreateFor(Order order);

    /// <summary>Stages cancelling the order's shipments that have not left (a refund before shipping).</summary>
    void CancelFor(Order order);

    /// <summary>Stages the import's updates: one set-based statement however many rows.</summary>
    /// <summary>
    /// Stages a tracking import's updates; each parcel it delivers posts its ledger entry (held → the supplier's
    /// payable, <see cref="Ledger.Postings.Delivered"/>) in the same transaction, set-based.
    /// </summary>
    void Apply(IReadOnlyList<TrackingUpdate> updates, Guid? by);

    void Add(Shipment shipment);

    /// <summary>The named shipments that exist, whoever's (the import refuses other suppliers' rows itself).</summary>
    Task<IReadOnlyDictionary<long, ShipmentState>> StatesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>An order's live (not cancelled) shipments of every supplier by state, as saved: only numbers, whoever asks.</summary>
    Task<ShipmentCounts> CountsAsync(Guid orderId, CancellationToken cancellationToken);

    Task<Shipment?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>One parcel as the pages show it, if the caller may see it.</summary>
    Task<ShipmentView?> ViewAsync(long id, CancellationToken cancellationToken);

    /// <summary>Shipments visible to the caller (a supplier's own; a union's own orders'), filtered and paged.</summary>
    Task<Paged<ShipmentView>> ListAsync(ShipmentQuery query, CancellationToken cancellationToken);

    Task<FulfilmentProgress> ProgressAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>The caller's (a supplier's) shipments for a packing list, with contents, in order number and row order.</summary>
    Task<IReadOnlyList<PackingRow>> PackingListAsync(ShipmentQuery query, int max, CancellationToken cancellationToken);

    /// <summary>An order's live parcels, few fields each, in recipient row order, for its sign-off sheet (#22 Paperwork).</summary>
    Task<IReadOnlyList<Paperwork.SignOffParcel>> SignOffParcelsAsync(Guid orderId, CancellationToken cancellationToken);
}
