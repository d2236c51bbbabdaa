using Procurement.Core.Common;

namespace Procurement.Core.Settlement;

/// <summary>
/// Money finance sent a supplier for a settled month: how much, when it left, the bank's reference, and who recorded
/// it. A month's payouts never exceed what the settlement made due (<see cref="SupplierSettlement.RecordPayout"/>).
/// </summary>
public sealed class SupplierPayout
{
    public const int MaxReferenceLength = 64;

    private SupplierPayout()
    {
        BankReference = "";
    }

    public SupplierPayout(Guid supplierId, int month, decimal amount, DateTimeOffset paidAt, string bankReference, Guid recordedBy, DateTimeOffset recordedAt)
    {
        Id = Guid.CreateVersion7();
        SupplierId = supplierId;
        Month = month;
        Amount = amount;
        PaidAt = paidAt;
        BankReference = bankReference;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid SupplierId { get; private set; }

    /// <summary>The settled month it pays, <c>yyyyMM</c>.</summary>
    public int Month { get; private set; }

    public decimal Amount { get; private set; }
    public DateTimeOffset PaidAt { get; private set; }
    public string BankReference { get; private set; }
    public Guid RecordedBy { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
}
