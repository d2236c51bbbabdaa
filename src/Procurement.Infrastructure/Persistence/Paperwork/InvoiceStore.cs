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
    /// <summary>Whether the supplier has recorded this invoice number already (blue or red): one read of the documents' unique index.</summary>
    public Task<bool> NumberRecordedAsync(Guid supplierId, string number, CancellationToken cancellationToken) =>
        db.InvoiceDocuments.IgnoreQueryFilters().AnyAsync(d => d.SupplierId == supplierId && d.Number == number, cancellationToken);

    public async Task<Paged<InvoiceRow>> ListAsync(InvoiceListQuery query, CancellationToken cancellationToken)
    {
        // The count and the page's choice read the invoices alone (each filter has its index); only the page's rows
        // are joined to their supplier's and union's names.
        var skip = (query.Page - 1) * query.PageSize;
        if (query.OverdueDays is null)
        {
            var invoices = Filtered(query);
            var total = await invoices.CountAsync(cancellationToken);
            var page = await Named(Ordered(invoices, query).Skip(skip).Take(query.PageSize)).ToListAsync(cancellationToken);
            return new Paged<InvoiceRow>(total, query.Page, query.PageSize, Ordered(page, query).Select(r => r.ToRow()).ToList());
        }
        // Overdue, most overdue first: each owed status is its own range of the (Status, DeliveredAt) index, already in
        // delivery order. The first skip + pageSize of each range are merged (UNION ALL of two ordered LIMITs), so the
        // page never sorts every overdue invoice.
        var reach = skip + query.PageSize;
        var ranges = OwedStatuses(query).Select(status => Ordered(Filtered(query).Where(i => i.Status == status), query)).ToList();
        var count = 0;
        foreach (var range in ranges)
        {
            count += await range.CountAsync(cancellationToken);
        }
        if (ranges.Count == 0)
        {
            return new Paged<InvoiceRow>(0, query.Page, query.PageSize, []);
        }
        var merged = ranges.Select(r => r.Take(reach)).Aggregate((a, b) => a.Concat(b));
        var rows = await Named(Ordered(merged, query).Skip(skip).Take(query.PageSize)).ToListAsync(cancellationToken);
        return new Paged<InvoiceRow>(count, query.Page, query.PageSize, Ordered(rows, query).Select(r => r.ToRow()).ToList());
    }

    /// <summary>The statuses an overdue view reads: the owed ones, within the status asked for, if any.</summary>
    private static IReadOnlyList<InvoiceStatus> OwedStatuses(InvoiceListQuery query) =>
        new[] { InvoiceStatus.Requested, InvoiceStatus.RedRequired }.Where(s => query.Status is null || query.Status == s).ToList();

    public async IAsyncEnumerable<InvoiceRow> AllAsync(InvoiceListQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in Named(Ordered(Filtered(query), query)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return r.ToRow();
        }
    }

    /// <summary>The caller's invoices (the tenant filter decides whose) that match the filter.</summary>
    private IQueryable<Invoice> Filtered(InvoiceListQuery query)
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
        if (query.OverdueDays is { } days)
        {
            // Still owed (never issued, or waiting for its red invoice) this many days after the goods arrived, counted
            // as each item's daysSinceDelivery is: by Beijing dates (attack review: 24-hour periods left out an item
            // that showed "1 day" at 00:10 from the one-day filter). Delivered before the start of (today − N + 1).
            var deliveredBefore = BusinessDate.StartOf(BusinessDate.Of(query.Now).AddDays(1 - days));
            invoices = invoices.Where(i => (i.Status == InvoiceStatus.Requested || i.Status == InvoiceStatus.RedRequired)
                && i.DeliveredAt != null && i.DeliveredAt < deliveredBefore);
        }
        return invoices;
    }

    /// <summary>Newest first; the overdue view most overdue first (delivered longest ago).</summary>
    private static IQueryable<Invoice> Ordered(IQueryable<Invoice> invoices, InvoiceListQuery query) => query.OverdueDays is null
        ? invoices.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
        : invoices.OrderBy(i => i.DeliveredAt).ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id);

    private static IEnumerable<Row> Ordered(IEnumerable<Row> rows, InvoiceListQuery query) => query.OverdueDays is null
        ? rows.OrderByDescending(r => r.Invoice.CreatedAt).ThenBy(r => r.Invoice.Id)
        : rows.OrderBy(r => r.Invoice.DeliveredAt).ThenByDescending(r => r.Invoice.CreatedAt).ThenBy(r => r.Invoice.Id);

    /// <summary>The names beside each invoice, read past the filters (a supplier never reads unions): they only lend a name.</summary>
    private IQueryable<Row> Named(IQueryable<Invoice> invoices) =>
        from i in invoices
        join s in db.Suppliers.IgnoreQueryFilters() on i.SupplierId equals s.Id
        join u in db.Unions.IgnoreQueryFilters() on i.UnionId equals u.Id
        join o in db.Orders.IgnoreQueryFilters() on i.OrderId equals o.Id
        select new Row { Invoice = i, SupplierName = s.Name, UnionName = u.Name, OrderReference = o.Reference };

    private sealed class Row
    {
        public Invoice Invoice { get; init; } = null!;
        public string SupplierName { get; init; } = "";
        public string? UnionName { get; init; }
        public string? OrderReference { get; init; }

        public InvoiceRow ToRow() => new(Invoice, SupplierName, UnionName, Invoice.DeliveredAt, OrderReference);
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
            db.Invoices.Add(new Invoice(paid.Id, paid.Number, paid.UnionId, share.Key, request, Money.ToFen(share.Sum(l => l.Amount)), now, paid.DeliveredAt));
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

    public void Delivered(Order order)
    {
        if (order.DeliveredAt is not { } at)
        {
            return;
        }
        staged.Add(async cancellationToken =>
        {
            await db.Invoices.IgnoreQueryFilters().Where(i => i.OrderId == order.Id && i.DeliveredAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.DeliveredAt, at), cancellationToken);
            return null;
        });
    }

    public async Task<IReadOnlyList<RefundedParcel>> RefundedParcelsAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.AfterSalesCases.IgnoreQueryFilters().AsNoTracking().Where(c => c.OrderId == orderId && c.Status == Core.Fulfilment.AfterSalesStatus.Refunded)
            .Join(db.Shipments.IgnoreQueryFilters(), c => c.ShipmentId, s => s.Id, (c, s) => new RefundedParcel(c.SupplierId, c.Packages, s.Option))
            .ToListAsync(cancellationToken);

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
        // Finance's list (newest first: all, by status, by supplier, by both), the overdue view (by status and delivery)
        // and a union's: the count and the page read one index each.
        builder.HasIndex(i => i.CreatedAt);
        builder.HasIndex(i => new { i.Status, i.CreatedAt });
        builder.HasIndex(i => new { i.SupplierId, i.CreatedAt });
        builder.HasIndex(i => new { i.SupplierId, i.Status, i.CreatedAt });
        builder.HasIndex(i => new { i.Status, i.DeliveredAt });
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
        // A 数电发票 number is the tax system's, unique: a supplier records each once (two uploads of one number at
        // the same instant: one is refused by this index, 409).
        builder.HasIndex(d => new { d.SupplierId, d.Number }).IsUnique();
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
