using Procurement.Core.Common;

namespace Procurement.Core.Fulfilment;

public enum AfterSalesKind
{
    /// <summary>损坏: the package arrived broken or spoiled.</summary>
    Damaged,

    /// <summary>丢失: the package never arrived.</summary>
    Lost,
}

public enum AfterSalesStatus
{
    /// <summary>Reported; the supplier decides.</summary>
    Open,

    /// <summary>The supplier sends the package again (a new parcel).</summary>
    Resent,

    /// <summary>The supplier refunds the package's value; the member's cap and the union's budget get it back.</summary>
    Refunded,
}

/// <summary>One step of a case: who (null: the system), when, to which state, and what was said.</summary>
public sealed record AfterSalesStep(DateTimeOffset At, Guid? By, AfterSalesStatus Status, string? Note);

/// <summary>
/// 售后 for a recipient's package(s) in one parcel: the purchaser reports it damaged or lost; the parcel's supplier
/// resends it (a new parcel of the same contents) or refunds its value — that supplier's lines of one package ×
/// the packages reported. Each case keeps its state and a timeline; a parcel has at most one open case at a time.
/// </summary>
public sealed class AfterSalesCase
{
    public const int MaxDescriptionLength = 500;

    private readonly List<AfterSalesStep> _timeline = [];

    private AfterSalesCase()
    {
        OrderNumber = "";
        Mobile = "";
        RecipientName = "";
        Description = "";
    }

    public AfterSalesCase(Shipment shipment, AfterSalesKind kind, int packages, decimal value, string description, Guid reportedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        OrderId = shipment.OrderId;
        OrderNumber = shipment.OrderNumber;
        UnionId = shipment.UnionId;
        SupplierId = shipment.SupplierId;
        ShipmentId = shipment.Id;
        RecipientRow = shipment.RecipientRow;
        RecipientName = shipment.RecipientName;
        Mobile = shipment.Mobile;
        Kind = kind;
        Packages = packages;
        Value = value;
        Description = description;
        ReportedBy = reportedBy;
        ReportedAt = at;
        Status = AfterSalesStatus.Open;
        _timeline.Add(new AfterSalesStep(at, reportedBy, AfterSalesStatus.Open, description));
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public string OrderNumber { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid SupplierId { get; private set; }
    public long ShipmentId { get; private set; }
    public int RecipientRow { get; private set; }
    public string RecipientName { get; private set; }
    public string Mobile { get; private set; }
    public AfterSalesKind Kind { get; private set; }
    public AfterSalesStatus Status { get; private set; }

    /// <summary>How many of the parcel's packages are affected.</summary>
    public int Packages { get; private set; }

    /// <summary>What a refund gives back: the supplier's lines of one package × <see cref="Packages"/>, in CNY.</summary>
    public decimal Value { get; private set; }

    public string Description { get; private set; }
    public Guid ReportedBy { get; private set; }
    public DateTimeOffset ReportedAt { get; private set; }

    /// <summary>The refund when refunded.</summary>
    public Guid? RefundId { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<AfterSalesStep> Timeline => _timeline;

    /// <summary>Resent: the new parcel carries this case's id (<see cref="Shipment.CaseId"/>).</summary>
    public Error? Resent(Guid by, DateTimeOffset at, string? note) => Decide(AfterSalesStatus.Resent, by, at, note, () => { });

    public Error? Refunded(Guid refundId, Guid by, DateTimeOffset at, string? note) => Decide(AfterSalesStatus.Refunded, by, at, note, () => RefundId = refundId);

    /// <summary>Whether the case can still be decided (the supplier checks before making a parcel or a refund).</summary>
    public Error? CheckOpen() =>
        Status == AfterSalesStatus.Open ? null : Error.InvalidState(Texts.Pick("该售后已处理。", "This case has already been settled."));

    private Error? Decide(AfterSalesStatus to, Guid by, DateTimeOffset at, string? note, Action record)
    {
        if (CheckOpen() is { } settled)
        {
            return settled;
        }
        record();
        Status = to;
        _timeline.Add(new AfterSalesStep(at, by, to, string.IsNullOrWhiteSpace(note) ? null : note.Trim()));
        Version++;
        return null;
    }
}

public sealed record AfterSalesView(
    Guid Id, Guid OrderId, string OrderNumber, long ShipmentId, Guid SupplierId, int RecipientRow, string RecipientName, string Mobile, string Kind,
    string Status, int Packages, decimal Value, string Description, DateTimeOffset ReportedAt, long? ResendShipmentId, Guid? RefundId,
    IReadOnlyList<AfterSalesStepView> Timeline);

/// <summary>A case's step as the API shows it (the state by name).</summary>
public sealed record AfterSalesStepView(DateTimeOffset At, Guid? By, string Status, string? Note);

public interface IAfterSalesStore
{
    void Add(AfterSalesCase afterSales);

    Task<AfterSalesCase?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether the parcel has an open case, and how many of its packages were settled already (refunded or resent).</summary>
    Task<(bool Open, int Settled)> HistoryAsync(long shipmentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AfterSalesView>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>The caller's (a supplier's) cases, open first then newest.</summary>
    Task<Paged<AfterSalesView>> ListAsync(AfterSalesStatus? status, int page, int pageSize, CancellationToken cancellationToken);
}

public static class AfterSalesMapping
{
    public static AfterSalesView ToView(this AfterSalesCase c, long? resend = null) =>
        new(c.Id, c.OrderId, c.OrderNumber, c.ShipmentId, c.SupplierId, c.RecipientRow, c.RecipientName, c.Mobile, c.Kind.ToString(), c.Status.ToString(), c.Packages,
            c.Value, c.Description, c.ReportedAt, resend, c.RefundId, c.Timeline.Select(t => new AfterSalesStepView(t.At, t.By, t.Status.ToString(), t.Note)).ToList());
}
