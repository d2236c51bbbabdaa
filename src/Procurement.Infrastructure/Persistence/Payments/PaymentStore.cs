using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Common;
using Procurement.Core.Payments;

namespace Procurement.Infrastructure.Persistence.Payments;

/// <summary>Payments through the context's union filter (finance and admins see every union's).</summary>
public sealed class PaymentStore(ProcurementDbContext db) : IPaymentStore
{
    public void Add(Payment payment) => db.Payments.Add(payment);

    public Task<Payment?> FindPendingAsync(Guid orderId, PaymentMethod method, CancellationToken cancellationToken) =>
        db.Payments.Where(p => p.OrderId == orderId && p.Method == method && p.Status == PaymentStatus.Pending)
            .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<PaymentRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await Rows(db.Payments.AsNoTracking().Where(p => p.OrderId == orderId)).OrderBy(r => r.Payment.CreatedAt).ToListAsync(cancellationToken))
        .Select(r => r.ToRow()).ToList();

    public Task<Payment?> FindAsync(Guid id, CancellationToken cancellationToken) => db.Payments.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<Paged<PaymentRow>> FlaggedAsync(bool unresolvedOnly, int page, int pageSize, CancellationToken cancellationToken)
    {
        var flagged = db.Payments.AsNoTracking().Where(p => p.Flag != PaymentFlag.None);
        if (unresolvedOnly)
        {
            flagged = flagged.Where(p => p.ResolvedAt == null);
        }
        var rows = Rows(flagged);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(r => r.Payment.ResolvedAt != null).ThenByDescending(r => r.Payment.CreatedAt)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<PaymentRow>(total, page, pageSize, items.Select(r => r.ToRow()).ToList());
    }

    public async Task<Paged<PaymentRow>> ListAsync(PaymentListQuery query, CancellationToken cancellationToken)
    {
        var payments = db.Payments.AsNoTracking();
        if (query.Status is { } status)
        {
            payments = payments.Where(p => p.Status == status);
        }
        if (query.Method is { } method)
        {
            payments = payments.Where(p => p.Method == method);
        }
        if (query.From is { } from)
        {
            var start = Core.Common.BusinessDate.StartOf(from);
            payments = payments.Where(p => p.CreatedAt >= start);
        }
        if (query.To is { } to)
        {
            var end = Core.Common.BusinessDate.StartOf(to.AddDays(1));
            payments = payments.Where(p => p.CreatedAt < end);
        }
        var rows = Rows(payments);
        if (query.Q is { } q)
        {
            var number = q.ToUpperInvariant();
            rows = rows.Where(r => r.OrderNumber.Contains(number) || (r.UnionName != null && r.UnionName.Contains(q)) || r.Payment.Reference.Contains(q));
        }
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.Payment.CreatedAt).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<PaymentRow>(total, query.Page, query.PageSize, items.Select(r => r.ToRow()).ToList());
    }

    public async Task<Paged<PaymentRow>> AwaitingTransfersAsync(string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = Rows(db.Payments.AsNoTracking().Where(p => p.Method == PaymentMethod.BankTransfer && p.Status == PaymentStatus.Pending));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var number = text.ToUpperInvariant();
            rows = rows.Where(r => r.OrderNumber.Contains(number) || (r.UnionName != null && r.UnionName.Contains(text)));
        }
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(r => r.Payment.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<PaymentRow>(total, page, pageSize, items.Select(r => r.ToRow()).ToList());
    }

    /// <summary>A payment with its order's number and union's name, in a shape EF can filter and sort on.</summary>
    private sealed class Joined
    {
        public required Payment Payment { get; init; }
        public required string OrderNumber { get; init; }
        public string? UnionName { get; init; }

        public PaymentRow ToRow() => new(Payment, OrderNumber, UnionName);
    }

    private IQueryable<Joined> Rows(IQueryable<Payment> payments) =>
        from p in payments
        join o in db.Orders on p.OrderId equals o.Id
        join u in db.Unions on p.UnionId equals u.Id into unions
        from u in unions.DefaultIfEmpty()
        select new Joined { Payment = p, OrderNumber = o.Number, UnionName = u.Name };
}

public sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Method).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.Flag).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.Amount).HasPrecision(18, 2);
        builder.Property(p => p.Received).HasPrecision(18, 2);
        builder.Property(p => p.CheckoutSessionId).HasMaxLength(100).IsUnicode(false);
        builder.HasIndex(p => p.CheckoutSessionId);
        builder.Property(p => p.Reference).HasMaxLength(Payment.MaxReferenceLength).IsRequired();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.Missing);
        builder.Property(p => p.FailureReason).HasMaxLength(256);
        builder.Property(p => p.ResolutionNote).HasMaxLength(Payment.MaxNoteLength);
        builder.HasIndex(p => new { p.Flag, p.ResolvedAt });
        // Webhooks find their attempt by the provider's id.
        builder.HasIndex(p => new { p.Method, p.Reference });
        builder.HasOne<Core.Ordering.Order>().WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.OrderId, p.Method, p.Status });
        builder.HasIndex(p => new { p.Method, p.Status, p.CreatedAt });
        builder.OwnsMany(p => p.Receipts, receipt =>
        {
            receipt.ToTable("PaymentReceipts");
            receipt.WithOwner().HasForeignKey("PaymentId");
            receipt.Property<int>("Id");
            receipt.HasKey("Id");
            receipt.Property(r => r.Amount).HasPrecision(18, 2);
            receipt.Property(r => r.Reference).HasMaxLength(Payment.MaxReferenceLength).IsRequired();
        });
        builder.Navigation(p => p.Receipts).HasField("_receipts");
    }
}
