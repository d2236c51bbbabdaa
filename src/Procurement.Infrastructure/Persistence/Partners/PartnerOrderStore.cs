using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.Infrastructure.Persistence.Partners;

/// <summary>Partner orders through the context's filter (finance, admins and the system identity see them).</summary>
public sealed class PartnerOrderStore(ProcurementDbContext db, StagedStatements staged, TimeProvider clock) : IPartnerOrderStore
{
    public void Add(PartnerOrder order) => db.PartnerOrders.Add(order);

    public Task<PartnerOrder?> FindAsync(string partner, string partnerOrderNo, CancellationToken cancellationToken) =>
        db.PartnerOrders.FirstOrDefaultAsync(o => o.Partner == partner && o.PartnerOrderNo == partnerOrderNo, cancellationToken);

    public async Task<IReadOnlyList<PartnerSku>> PublishedSkusAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        // A partner sells the catalog: any supplier's SKU on sale, named by its code (unique per supplier only).
        var list = codes.ToList();
        return await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => EF.Parameter(list).Contains(s.Code))
            .Join(db.Products.IgnoreQueryFilters().Where(p => p.Status == ProductStatus.Published), s => s.ProductId, p => p.Id,
                (s, p) => new PartnerSku(s.Id, s.Code, s.ProductId, s.SupplierId, p.Name))
            .ToListAsync(cancellationToken);
    }

    public void TakeStock(PartnerOrder order, Action<PartnerOrderLine, int> oversold) => staged.Add(async cancellationToken =>
    {
        var sql = Ordering.CommitmentSql.For(db.Database.IsSqlServer());
        foreach (var line in order.Lines.OrderBy(l => l.SkuId).ToList())
        {
            // The guarded decrement first (it takes the write lock), so what is read after it cannot go stale.
            if (await db.Database.ExecuteSqlAsync(sql.TakeUnreserved(line.SkuId, line.Quantity), cancellationToken) == 1)
            {
                continue;
            }
            var available = await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => s.Id == line.SkuId)
                .Select(s => s.Stock - s.Reserved).FirstOrDefaultAsync(cancellationToken);
            var taken = Math.Max(0, available);
            if (taken > 0)
            {
                await db.Database.ExecuteSqlAsync(sql.TakeStock(line.SkuId, taken), cancellationToken);
            }
            oversold(line, line.Quantity - taken);
        }
        var now = clock.GetUtcNow();
        db.CatalogOutbox.AddRange(order.Lines.Select(l => l.ProductId).Distinct().Select(id => new Catalog.CatalogOutboxEntry { ProductId = id, EnqueuedAt = now }));
        return null;
    });

    public async Task<Paged<PartnerOrder>> ListAsync(string? partner, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var orders = db.PartnerOrders.AsNoTracking();
        if (partner is not null)
        {
            orders = orders.Where(o => o.Partner == partner);
        }
        if (q is not null)
        {
            var key = PartnerCodes.OrderKey(q);
            var number = q.ToUpperInvariant();
            orders = orders.Where(o => o.PartnerOrderNo.Contains(key) || o.Number.Contains(number) || o.BuyerName.Contains(q));
        }
        var total = await orders.CountAsync(cancellationToken);
        var items = await orders.OrderByDescending(o => o.PlacedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<PartnerOrder>(total, page, pageSize, items);
    }
}

public sealed class PartnerOrderConfiguration : IEntityTypeConfiguration<PartnerOrder>
{
    public void Configure(EntityTypeBuilder<PartnerOrder> builder)
    {
        builder.ToTable("PartnerOrders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Partner).HasMaxLength(8).IsUnicode(false);
        builder.Property(o => o.PartnerOrderNo).HasMaxLength(PartnerOrder.MaxNumberLength);
        // One order per partner order number: two pushes of a new order at once cannot both insert.
        builder.HasIndex(o => new { o.Partner, o.PartnerOrderNo }).IsUnique();
        builder.Property(o => o.Number).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.HasIndex(o => o.Number).IsUnique();
        // Reconciliation reads a partner's orders of one business date.
        builder.HasIndex(o => new { o.Partner, o.PlacedAt });
        builder.Property(o => o.BuyerName).HasMaxLength(100);
        builder.Property(o => o.PaidAmount).HasPrecision(18, 2);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(o => o.BodyHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.RefundedAmount);
        builder.OwnsOne(o => o.Recipient, r =>
        {
            r.Property(x => x.Name).HasMaxLength(50);
            r.Property(x => x.Phone).HasMaxLength(20);
            r.Property(x => x.Province).HasMaxLength(20);
            r.Property(x => x.City).HasMaxLength(20);
            r.Property(x => x.District).HasMaxLength(20);
            r.Property(x => x.Address).HasMaxLength(200);
        });
        builder.OwnsMany(o => o.Lines, line =>
        {
            line.ToTable("PartnerOrderLines");
            line.WithOwner().HasForeignKey("PartnerOrderId");
            line.Property<int>("Id");
            line.HasKey("Id");
            line.Property(l => l.SkuCode).HasMaxLength(40).IsUnicode(false);
            line.Property(l => l.UnitPrice).HasPrecision(18, 2);
            line.Ignore(l => l.Amount);
        });
        builder.Navigation(o => o.Lines).HasField("_lines");
        builder.OwnsMany(o => o.Revisions, revision =>
        {
            revision.ToTable("PartnerOrderRevisions");
            revision.WithOwner().HasForeignKey("PartnerOrderId");
            revision.Property<int>("Id");
            revision.HasKey("Id");
            revision.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
            revision.Property(r => r.PaidAmount).HasPrecision(18, 2);
            revision.Property(r => r.BodyHash).HasMaxLength(64).IsUnicode(false);
        });
        builder.Navigation(o => o.Revisions).HasField("_revisions");
        builder.OwnsMany(o => o.Refunds, refund =>
        {
            refund.ToTable("PartnerRefunds");
            refund.WithOwner().HasForeignKey("PartnerOrderId");
            refund.Property<int>("Id");
            refund.HasKey("Id");
            refund.Property(r => r.Amount).HasPrecision(18, 2);
        });
        builder.Navigation(o => o.Refunds).HasField("_refunds");
    }
}
