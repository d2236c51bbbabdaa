using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Procurement.Core.Common;
using Procurement.Core.Payments;

namespace Procurement.Infrastructure.Persistence.Payments;

/// <summary>Payments through the context's union filter (finance and admins see every union's).</summary>
public sealed class PaymentStore(ProcurementDbContext db) : IPaymentStore
{
    public void Add(Payment payment) => db.Payments.Add(payment);

    public Task<Payment?> FindPendingAsync(Guid orderId, PaymentMethod method, CancellationToken cancellationToken) =>
        // An online attempt that took the wrong amount is pending but no longer open: it took money and is finance's to return.
        db.Payments.Where(p => p.OrderId == orderId && p.Method == method && p.Status == PaymentStatus.Pending && (method != PaymentMethod.Online || p.Flag == PaymentFlag.None))
            .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<PaymentRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        (await Rows(db.Payments.AsNoTracking().Where(p => p.OrderId == orderId)).OrderBy(r => r.Item.CreatedAt).ToListAsync(cancellationToken))
        .Select(r => new PaymentRow(r.Item, r.OrderNumber, r.UnionName)).ToList();

    public Task<Payment?> FindAsync(Guid id, CancellationToken cancellationToken) => db.Payments.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<Paged<PaymentRow>> FlaggedAsync(bool unresolvedOnly, int page, int pageSize, CancellationToken cancellationToken)
    {
        var flagged = db.Payments.AsNoTracking().Where(p => p.Flag != PaymentFlag.None);
        if (unresolvedOnly)
        {
            flagged = flagged.Where(p => p.ResolvedAt == null);
        }
        return Rows(flagged).PageAsync(rows => rows.OrderBy(r => r.Item.ResolvedAt != null).ThenByDescending(r => r.Item.CreatedAt), page, pageSize,
            Row, cancellationToken);
    }

    public Task<Paged<PaymentRow>> ListAsync(PaymentListQuery query, CancellationToken cancellationToken) =>
        Filtered(query).PageAsync(rows => rows.OrderByDescending(r => r.Item.CreatedAt), query.Page, query.PageSize, Row, cancellationToken);

    public async IAsyncEnumerable<PaymentRow> ExportAsync(PaymentListQuery query, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in Filtered(query).OrderByDescending(r => r.Item.CreatedAt).Take(max).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Row(r.Item, r.OrderNumber, r.UnionName);
        }
    }

    private IQueryable<OrderRow<Payment>> Filtered(PaymentListQuery query)
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
            var start = BusinessDate.StartOf(from);
            payments = payments.Where(p => p.CreatedAt >= start);
        }
        if (query.To is { } to)
        {
            var end = BusinessDate.StartOf(to.AddDays(1));
            payments = payments.Where(p => p.CreatedAt < end);
        }
        var rows = Rows(payments);
        if (query.Q is { } q)
        {
            var number = q.ToUpperInvariant();
            rows = rows.Where(r => r.OrderNumber.Contains(number) || (r.UnionName != null && r.UnionName.Contains(q)) || r.Item.Reference.Contains(q));
        }
        return rows;
    }

    public Task<Paged<PaymentRow>> AwaitingTransfersAsync(string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = Rows(db.Payments.AsNoTracking().Where(p => p.Method == PaymentMethod.BankTransfer && p.Status == PaymentStatus.Pending));
        if (!string.IsNullOrWhiteSpace(q))
        {
            rows = rows.Matching(q.Trim());
        }
        return rows.PageAsync(rows => rows.OrderBy(r => r.Item.CreatedAt), page, pageSize, Row, cancellationToken);
    }

    private IQueryable<OrderRow<Payment>> Rows(IQueryable<Payment> payments) => OrderRows.Of(db, payments, p => p.OrderId);

    private static PaymentRow Row(Payment payment, string orderNumber, string? unionName) => new(payment, orderNumber, unionName);
}

public sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Method).HasConversion(PaymentMethodColumn.Converter).HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.Flag).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.Amount).HasPrecision(18, 2);
        builder.Property(p => p.Received).HasPrecision(18, 2);
        builder.Property(p => p.CheckoutSessionId).HasMaxLength(100).IsUnicode(false);
        builder.HasIndex(p => p.CheckoutSessionId);
        builder.Property(p => p.Reference).HasMaxLength(Payment.MaxReferenceLength).IsRequired();
        builder.Property(p => p.Version).IsConcurrencyToken();
        // Added after the baseline: existing rows start at zero.
        builder.Property(p => p.Refunded).HasDefaultValue(0m);
        builder.Property(p => p.UnappliedAmount).HasDefaultValue(0m);
        builder.Property(p => p.OnlineType).HasMaxLength(20).IsUnicode(false);
        builder.Property(p => p.ReceiptFile).HasMaxLength(100).IsUnicode(false);
        builder.Property(p => p.ReceiptType).HasMaxLength(40).IsUnicode(false);
        builder.Ignore(p => p.Missing);
        builder.Property(p => p.FailureReason).HasMaxLength(256);
        builder.Property(p => p.ResolutionNote).HasMaxLength(Payment.MaxNoteLength);
        builder.HasIndex(p => new { p.Flag, p.ResolvedAt });
        // Webhooks find their attempt by the provider's id.
        builder.HasIndex(p => new { p.Method, p.Reference });
        builder.HasOne<Core.Ordering.Order>().WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.OrderId, p.Method, p.Status });
        // One open online attempt an order, enforced by the database: two tabs or a double click make one attempt.
        builder.HasIndex(p => p.OrderId, "IX_Payments_OneOpenOnline").IsUnique().HasFilter("[Method] = 'Stripe' AND [Status] = 'Pending' AND [Flag] = 'None'");
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

/// <summary>
/// How a payment method is stored: online payments keep the stored word <c>Stripe</c> they had before Core named them
/// <see cref="PaymentMethod.Online"/>, so stored rows, indexes and the migrations' model stay as they are.
/// </summary>
internal static class PaymentMethodColumn
{
    public static readonly ValueConverter<PaymentMethod, string> Converter = new(
        method => method == PaymentMethod.Online ? "Stripe" : method.ToString(),
        stored => stored == "Stripe" ? PaymentMethod.Online : Enum.Parse<PaymentMethod>(stored));
}
