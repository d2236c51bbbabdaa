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
