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
        (await Rows(db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId)).OrderBy(r => r.Refund.RequestedAt).ToListAsync(cancellationToken))
        .Select(r => r.ToRow()).ToList();

    public async Task<Paged<RefundRow>> ListAsync(RefundStatus? status, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var refunds = db.Refunds.AsNoTracking();
        if (status is { } wanted)
        {
            refunds = refunds.Where(r => r.Status == wanted);
        }
        var rows = Rows(refunds);
        if (q is not null)
        {
            var number = q.ToUpperInvariant();
            rows = rows.Where(r => r.OrderNumber.Contains(number) || (r.UnionName != null && r.UnionName.Contains(q)));
        }
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(r => r.Refund.Status == RefundStatus.Succeeded).ThenBy(r => r.Refund.RequestedAt)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<RefundRow>(total, page, pageSize, items.Select(r => r.ToRow()).ToList());
    }

    public Task<Payment?> PayingAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded).OrderBy(p => p.SucceededAt).FirstOrDefaultAsync(cancellationToken);

    public Task<Payment?> PayingForCaseAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Payments.IgnoreQueryFilters().Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded).OrderBy(p => p.SucceededAt).FirstOrDefaultAsync(cancellationToken);

    private sealed class Joined
    {
        public required Refund Refund { get; init; }
        public required string OrderNumber { get; init; }
        public string? UnionName { get; init; }

        public RefundRow ToRow() => new(Refund, OrderNumber, UnionName);
    }

    private IQueryable<Joined> Rows(IQueryable<Refund> refunds) =>
        from r in refunds
        join o in db.Orders on r.OrderId equals o.Id
        join u in db.Unions on r.UnionId equals u.Id into unions
        from u in unions.DefaultIfEmpty()
        select new Joined { Refund = r, OrderNumber = o.Number, UnionName = u.Name };
}

public sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.ToTable("Refunds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Method).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(r => r.Amount).HasPrecision(18, 2);
        builder.Property(r => r.Reason).HasMaxLength(Refund.MaxReasonLength).IsRequired();
        builder.Property(r => r.ProviderRefundId).HasMaxLength(100).IsUnicode(false);
        builder.Property(r => r.Reference).HasMaxLength(Payment.MaxReferenceLength);
        builder.Property(r => r.FailureReason).HasMaxLength(Core.Common.SheetLimits.MaxCellChars);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.IdempotencyKey);
        builder.HasOne<Core.Ordering.Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.OrderId);
        builder.HasIndex(r => new { r.SupplierId, r.SettlementMonth });
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
        builder.HasIndex(r => r.ProviderRefundId).IsUnique();
    }
}
