using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Notifications;
using Procurement.Core.Ordering;
using Procurement.Core.Paperwork;
using Procurement.Core.Payments;

namespace Procurement.Infrastructure.Persistence.Paperwork;

/// <summary>
/// Invoices through the context's filter (a union sees its orders', a supplier its own, finance and admins all), and
/// Payments' port for what paying and refunding do to them: the invoices of a paid order are added with the payment's
/// unit of work; a refund moves the amounts owed with one conditional <c>UPDATE</c> per state, never read and written
/// back, so a supplier issuing at the same moment meets a changed version (409) rather than a stale amount.
/// </summary>
public sealed class InvoiceStore(ProcurementDbContext db, StagedStatements staged, TimeProvider clock, ILogger<InvoiceStore> logger)
    : IInvoiceStore, IPaidOrderInvoices
{
    public void Add(Invoice invoice) => db.Invoices.Add(invoice);
    public void Add(InvoiceDocument document) => db.InvoiceDocuments.Add(document);
    public void Add(OrderInvoiceRequest request) => db.OrderInvoiceRequests.Add(request);
    public void Add(UnionInvoiceProfile profile) => db.UnionInvoiceProfiles.Add(profile);

    public Task<UnionInvoiceProfile?> FindProfileAsync(Guid unionId, CancellationToken cancellationToken) =>
        db.UnionInvoiceProfiles.FirstOrDefaultAsync(p => p.UnionId == unionId, cancellationToken);

    public Task<OrderInvoiceRequest?> FindRequestAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.OrderInvoiceRequests.FirstOrDefaultAsync(r => r.OrderId == orderId, cancellationToken);

    public async Task<IReadOnlyList<Invoice>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.Invoices.Where(i => i.OrderId == orderId).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(cancellationToken);

    public Task<Invoice?> FindAsync(Guid id, CancellationToken cancellationToken) => db.Invoices.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    public async Task<IReadOnlyList<InvoiceDocument>> DocumentsAsync(IReadOnlyCollection<Guid> invoiceIds, CancellationToken cancellationToken) =>
        invoiceIds.Count == 0 ? [] : await db.InvoiceDocuments.AsNoTracking().Where(d => invoiceIds.Contains(d.InvoiceId)).ToListAsync(cancellationToken);

    public Task<InvoiceDocument?> FindDocumentAsync(Guid invoiceId, Guid documentId, CancellationToken cancellationToken) =>
        db.InvoiceDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.InvoiceId == invoiceId, cancellationToken);

    /// <summary>Through the supplier's invoices (indexed by supplier) to their documents (indexed by invoice).</summary>
    public Task<bool> NumberRecordedAsync(Guid supplierId, string number, CancellationToken cancellationToken) =>
        db.Invoices.IgnoreQueryFilters().Where(i => i.SupplierId == supplierId)
            .Join(db.InvoiceDocuments.IgnoreQueryFilters(), i => i.Id, d => d.InvoiceId, (i, d) => d.Number)
            .AnyAsync(n => n == number, cancellationToken);

    public async Task<Paged<InvoiceRow>> ListAsync(InvoiceListQuery query, CancellationToken cancellationToken)
    {
        var rows = Rows(query);
        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<InvoiceRow>(total, query.Page, query.PageSize, page.Select(r => new InvoiceRow(r.Invoice, r.SupplierName, r.UnionName, r.DeliveredAt)).ToList());
    }

    public async IAsyncEnumerable<InvoiceRow> AllAsync(InvoiceListQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in Rows(query).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new InvoiceRow(r.Invoice, r.SupplierName, r.UnionName, r.DeliveredAt);
        }
    }

    /// <summary>
    /// The filtered invoices with the names and delivery beside them. The invoice's own filter decides whose rows
    /// these are; the joined order, supplier and union only lend a name or a date (a supplier never reads orders).
    /// </summary>
    private IQueryable<Row> Rows(InvoiceListQuery query)
    {
        var invoices = db.Invoices.AsNoTracking();
        if (query.Status is { } status)
        {
            invoices = invoices.Where(i => i.Status == status);
        }
        if (query.SupplierId is { } supplierId)
        {
            invoices = invoices.Where(i => i.SupplierId == supplierId);
        }
        var rows = from i in invoices
                   join o in db.Orders.IgnoreQueryFilters() on i.OrderId equals o.Id
                   join s in db.Suppliers.IgnoreQueryFilters() on i.SupplierId equals s.Id
                   join u in db.Unions.IgnoreQueryFilters() on i.UnionId equals u.Id
                   select new Row { Invoice = i, SupplierName = s.Name, UnionName = u.Name, DeliveredAt = o.DeliveredAt };
        if (query.OverdueDays is { } days)
        {
            // Still owed (never issued, or waiting for its red invoice) this many days after the goods arrived, counted
            // as each item's daysSinceDelivery is: by Beijing dates (attack review: 24-hour periods left out an item
            // that showed "1 day" at 00:10 from the one-day filter). Delivered before the start of (today − N + 1).
            var deliveredBefore = BusinessDate.StartOf(BusinessDate.Of(query.Now).AddDays(1 - days));
            rows = rows.Where(r => (r.Invoice.Status == InvoiceStatus.Requested || r.Invoice.Status == InvoiceStatus.RedRequired)
                && r.DeliveredAt != null && r.DeliveredAt < deliveredBefore);
        }
        return rows.OrderByDescending(r => r.Invoice.CreatedAt).ThenBy(r => r.Invoice.Id);
    }

    private sealed class Row
    {
        public Invoice Invoice { get; init; } = null!;
        public string SupplierName { get; init; } = "";
        public string? UnionName { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
    }

    public async Task<IReadOnlyDictionary<Guid, string>> SupplierNamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Suppliers.IgnoreQueryFilters().Where(s => wanted.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
    }

    public Task<int> OwedCountAsync(Guid supplierId, CancellationToken cancellationToken) =>
        db.Invoices.CountAsync(i => i.SupplierId == supplierId && (i.Status == InvoiceStatus.Requested || i.Status == InvoiceStatus.RedRequired), cancellationToken);

    public void OweFor(Order paid) => staged.Add(async cancellationToken =>
    {
        // The order's own request, else the union's profile, else its name and USCC (read past the filters: the
        // payment's actor — the provider's webhook as the system, or finance — checked the order already).
        var request = (await db.OrderInvoiceRequests.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.OrderId == paid.Id, cancellationToken))?.Details
            ?? (await db.UnionInvoiceProfiles.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(p => p.UnionId == paid.UnionId, cancellationToken))?.Details;
        if (request is null)
        {
            var union = await db.Unions.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == paid.UnionId).Select(u => new { u.Name, u.Uscc })
                .FirstAsync(cancellationToken);
            request = new InvoiceRequestDetails(InvoiceType.Normal, union.Name, union.Uscc, null);
        }
        var now = clock.GetUtcNow();
        foreach (var share in paid.Lines.GroupBy(l => l.SupplierId).OrderBy(g => g.Key))
        {
            db.Invoices.Add(new Invoice(paid.Id, paid.Number, paid.UnionId, share.Key, request, Money.ToFen(share.Sum(l => l.Amount)), now));
        }
        return null;
    });

    public void RefundedWhole(Order refunded) => staged.Add(async cancellationToken =>
    {
        var now = clock.GetUtcNow();
        var invoices = db.Invoices.IgnoreQueryFilters().Where(i => i.OrderId == refunded.Id);
        var issued = await Issued(invoices).ToListAsync(cancellationToken);
        await invoices.Where(i => i.Status != InvoiceStatus.Issued).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.RefundedFen, i => i.ShareFen)
            .SetProperty(i => i.RefundedPackages, refunded.PackageCount)
            .SetProperty(i => i.Status, i => i.Status == InvoiceStatus.Requested ? InvoiceStatus.Voided : i.Status)
            .SetProperty(i => i.UpdatedAt, now)
            .SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
        var reds = await invoices.Where(i => i.Status == InvoiceStatus.Issued).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.RefundedFen, i => i.ShareFen)
            .SetProperty(i => i.RefundedPackages, refunded.PackageCount)
            .SetProperty(i => i.Status, InvoiceStatus.RedRequired)
            .SetProperty(i => i.RedReason, (RedReason?)RedReason.Refund)
            .SetProperty(i => i.UpdatedAt, now)
            .SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
        Tell(refunded.Number, issued, reds, now);
        return null;
    });

    public void Refunded(Order order, Guid supplierId, int packages, decimal value) => staged.Add(async cancellationToken =>
    {
        var now = clock.GetUtcNow();
        var fen = Money.ToFen(value);
        var invoices = db.Invoices.IgnoreQueryFilters().Where(i => i.OrderId == order.Id && i.SupplierId == supplierId);
        var issued = await Issued(invoices).ToListAsync(cancellationToken);
        // Still owed: owed less (and void when nothing is left); waiting for a red invoice: the new one will be for less.
        var owed = await invoices.Where(i => i.Status != InvoiceStatus.Issued).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.RefundedFen, i => i.RefundedFen + fen)
            .SetProperty(i => i.RefundedPackages, i => i.RefundedPackages + packages)
            .SetProperty(i => i.Status, i => i.Status == InvoiceStatus.Requested && i.ShareFen - i.RefundedFen - fen <= 0 ? InvoiceStatus.Voided : i.Status)
            .SetProperty(i => i.UpdatedAt, now)
            .SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
        // Issued for more than is owed now: 红冲 and a new one.
        var reds = await invoices.Where(i => i.Status == InvoiceStatus.Issued).ExecuteUpdateAsync(u => u
            .SetProperty(i => i.RefundedFen, i => i.RefundedFen + fen)
            .SetProperty(i => i.RefundedPackages, i => i.RefundedPackages + packages)
            .SetProperty(i => i.Status, InvoiceStatus.RedRequired)
            .SetProperty(i => i.RedReason, (RedReason?)RedReason.Refund)
            .SetProperty(i => i.UpdatedAt, now)
            .SetProperty(i => i.Version, i => i.Version + 1), cancellationToken);
        if (owed + reds == 0)
        {
            logger.LogWarning("Order {OrderNumber}: a refund of {Amount} CNY for supplier {SupplierId} found no invoice to reduce", order.Number, value, supplierId);
        }
        Tell(order.Number, issued, reds, now);
        return null;
    });

    /// <summary>The issued invoices' suppliers, read inside the refund's transaction just before they are turned red.</summary>
    private static IQueryable<Guid> Issued(IQueryable<Invoice> invoices) => invoices.Where(i => i.Status == InvoiceStatus.Issued).Select(i => i.SupplierId);

    /// <summary>Each supplier whose issued invoice turned red is told, in the same unit of work.</summary>
    private void Tell(string orderNumber, IReadOnlyList<Guid> issued, int reds, DateTimeOffset now)
    {
        if (reds == 0)
        {
            return;
        }
        foreach (var supplierId in issued.Distinct())
        {
            db.Notifications.Add(Notification.ForSupplier(supplierId, NotificationKind.InvoiceRedRequired, null, orderNumber, nameof(RedReason.Refund), now));
        }
    }
}

public sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("Invoices");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.OrderNumber).HasMaxLength(32).IsRequired();
        builder.Property(i => i.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(15);
        builder.Property(i => i.RedReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Title).HasMaxLength(Invoice.MaxTitleLength).IsRequired();
        builder.Property(i => i.TaxNumber).HasMaxLength(20).IsRequired();
        builder.Property(i => i.Email).HasMaxLength(Invoice.MaxEmailLength);
        builder.Property(i => i.Number).HasMaxLength(Invoice.MaxNumberLength);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.Amount);
        builder.Ignore(i => i.IssuedAmount);
        builder.HasOne<Order>().WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Core.Suppliers.Supplier>().WithMany().HasForeignKey(i => i.SupplierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Core.Unions.Union>().WithMany().HasForeignKey(i => i.UnionId).OnDelete(DeleteBehavior.Restrict);
        // One invoice per supplier per order: a payment booked twice cannot owe twice.
        builder.HasIndex(i => new { i.OrderId, i.SupplierId }).IsUnique();
        // Finance's list (newest first, by status) and a supplier's.
        builder.HasIndex(i => new { i.Status, i.CreatedAt });
        builder.HasIndex(i => new { i.SupplierId, i.Status, i.CreatedAt });
        builder.HasIndex(i => new { i.UnionId, i.CreatedAt });
    }
}

public sealed class InvoiceDocumentConfiguration : IEntityTypeConfiguration<InvoiceDocument>
{
    public void Configure(EntityTypeBuilder<InvoiceDocument> builder)
    {
        builder.ToTable("InvoiceDocuments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.Number).HasMaxLength(Invoice.MaxNumberLength).IsRequired();
        builder.Property(d => d.File).HasMaxLength(200).IsRequired();
        builder.Property(d => d.ContentType).HasMaxLength(50).IsRequired();
        builder.HasOne<Invoice>().WithMany().HasForeignKey(d => d.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.InvoiceId);
    }
}

public sealed class OrderInvoiceRequestConfiguration : IEntityTypeConfiguration<OrderInvoiceRequest>
{
    public void Configure(EntityTypeBuilder<OrderInvoiceRequest> builder)
    {
        builder.ToTable("OrderInvoiceRequests");
        builder.HasKey(r => r.OrderId);
        builder.Property(r => r.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Title).HasMaxLength(Invoice.MaxTitleLength).IsRequired();
        builder.Property(r => r.TaxNumber).HasMaxLength(20).IsRequired();
        builder.Property(r => r.Email).HasMaxLength(Invoice.MaxEmailLength);
        builder.Ignore(r => r.Details);
        builder.HasOne<Order>().WithOne().HasForeignKey<OrderInvoiceRequest>(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class UnionInvoiceProfileConfiguration : IEntityTypeConfiguration<UnionInvoiceProfile>
{
    public void Configure(EntityTypeBuilder<UnionInvoiceProfile> builder)
    {
        builder.ToTable("UnionInvoiceProfiles");
        builder.HasKey(p => p.UnionId);
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Title).HasMaxLength(Invoice.MaxTitleLength).IsRequired();
        builder.Property(p => p.TaxNumber).HasMaxLength(20).IsRequired();
        builder.Property(p => p.Email).HasMaxLength(Invoice.MaxEmailLength);
        builder.Ignore(p => p.Details);
        builder.HasOne<Core.Unions.Union>().WithOne().HasForeignKey<UnionInvoiceProfile>(p => p.UnionId).OnDelete(DeleteBehavior.Cascade);
    }
}
