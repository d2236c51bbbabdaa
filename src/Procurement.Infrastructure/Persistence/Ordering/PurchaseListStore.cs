using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>Purchase lists, each user's own (the caller's id is in every query); SKUs read as the public catalog shows them.</summary>
public sealed class PurchaseListStore(ProcurementDbContext db, TimeProvider clock) : IPurchaseListStore
{
    public async Task<IReadOnlyList<PurchaseListItem>> ItemsAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.PurchaseListItems.Where(i => i.UserId == userId).OrderBy(i => i.AddedAt).ToListAsync(cancellationToken);

    public Task<PurchaseListItem?> FindAsync(Guid userId, Guid skuId, CancellationToken cancellationToken) =>
        db.PurchaseListItems.FirstOrDefaultAsync(i => i.UserId == userId && i.SkuId == skuId, cancellationToken);

    public void Add(PurchaseListItem item) => db.PurchaseListItems.Add(item);

    public void Remove(PurchaseListItem item) => db.PurchaseListItems.Remove(item);

    public async Task<IReadOnlyList<PurchaseListLine>> LinesAsync(IReadOnlyList<PurchaseListItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.SkuId).ToList();
        var rows = await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id))
            .Join(db.Products.IgnoreQueryFilters(), s => s.ProductId, p => p.Id, (s, p) => new { Sku = s, Product = p })
            .ToListAsync(cancellationToken);
        var today = BusinessDate.Today(clock);
        var found = rows.ToDictionary(r => r.Sku.Id);
        return items.Where(i => found.ContainsKey(i.SkuId)).Select(i =>
        {
            var r = found[i.SkuId];
            return new PurchaseListLine(r.Sku.Id, r.Sku.Code, r.Sku.Spec, r.Product.Id, r.Product.Name, i.PerPackage, r.Sku.Price, r.Sku.TierPrices,
                r.Sku.MinOrderQuantity, r.Sku.Available, r.Product.IsCertifiedOn(today), r.Product.Status == ProductStatus.Published);
        }).ToList();
    }

    public async Task<Guid?> DefaultSkuAsync(Guid productId, CancellationToken cancellationToken) =>
        await db.Skus.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.ProductId == productId && s.Stock - s.Reserved > 0)
            .Join(db.Products.IgnoreQueryFilters().Where(p => p.Status == ProductStatus.Published), s => s.ProductId, p => p.Id, (s, p) => s)
            .OrderBy(s => s.Price).ThenBy(s => s.Code)
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
}

public sealed class PurchaseListItemConfiguration : IEntityTypeConfiguration<PurchaseListItem>
{
    public void Configure(EntityTypeBuilder<PurchaseListItem> builder)
    {
        builder.ToTable("PurchaseListItems");
        builder.HasKey(i => new { i.UserId, i.SkuId });
        builder.HasOne<Sku>().WithMany().HasForeignKey(i => i.SkuId).OnDelete(DeleteBehavior.Cascade);
    }
}
