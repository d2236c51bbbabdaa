using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Common;
using Procurement.Core.Payments;

namespace Procurement.Infrastructure.Persistence.Payments;

/// <summary>Refunds through the context's union filter (finance and admins see every union's).</summary>
public sealed class RefundStore(ProcurementDbContext db) : IRefundStore
{
    public void Add(Refund refund) => db.Refunds.Add(refund);

    public Task<Refund?> FindAsync(Guid id, CancellationToken cancellationToken) => db.Refunds.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public Task<Refund?> FindByProviderIdAsync(string providerRefundId, CancellationToken cancellationToken) =>
        db.Refunds.FirstOrDefaultAsync(r => r.ProviderRefundId == providerRefundId, cancellationToken);

    public async Task<IReadOnlyList<RefundRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await Rows(db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId)).OrderBy(r => r.Item.RequestedAt).ToListAsync(cancellationToken))
        .Select(r => new RefundRow(r.Item, r.OrderNumber, r.UnionName)).ToList();

    public Task<Paged<RefundRow>> ListAsync(RefundStatus? status, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var refunds = db.Refunds.AsNoTracking();
        if (status is { } wanted)
        {
            refunds = refunds.Where(r => r.Status == wanted);
        }
        var rows = Rows(refunds);
        if (q is not null)
        {
            rows = rows.Matching(q);
        }
        return rows.PageAsync(rows => rows.OrderBy(r => r.Item.Status == RefundStatus.Succeeded).ThenBy(r => r.Item.RequestedAt), page, pageSize,
            (refund, number, union) => new RefundRow(refund, number, union), cancellationToken);
    }

    public Task<Payment?> PayingAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded && p.Flag != PaymentFlag.Unapplied).OrderBy(p => p.SucceededAt).FirstOrDefaultAsync(cancellationToken);

    public Task<Payment?> PayingForCaseAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Payments.IgnoreQueryFilters().Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded && p.Flag != PaymentFlag.Unapplied).OrderBy(p => p.SucceededAt).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<OrderRow<Refund>> Rows(IQueryable<Refund> refunds) => OrderRows.Of(db, refunds, r => r.OrderId);
}

public sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.ToTable("Refunds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Method).HasConversion(PaymentMethodColumn.Converter).HasMaxLength(20).IsUnicode(false);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(r => r.Amount).HasPrecision(18, 2);
        builder.Property(r => r.Reason).HasMaxLength(Refund.MaxReasonLength).IsRequired();
        builder.Property(r => r.ProviderRefundId).HasMaxLength(100).IsUnicode(false);
        builder.Property(r => r.Reference).HasMaxLength(Payment.MaxReferenceLength);
        builder.Property(r => r.FailureReason).HasMaxLength(Core.Common.SheetLimits.MaxCellChars);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.ChargedTo).HasMaxLength(60).IsUnicode(false).IsRequired().HasDefaultValue("");
        builder.Property(r => r.Unanswered).HasDefaultValue(false);
        builder.Ignore(r => r.IdempotencyKey);
        builder.HasOne<Core.Ordering.Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.OrderId);
        builder.HasIndex(r => new { r.SupplierId, r.SettlementMonth });
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
        builder.HasIndex(r => r.ProviderRefundId).IsUnique();
    }
}
