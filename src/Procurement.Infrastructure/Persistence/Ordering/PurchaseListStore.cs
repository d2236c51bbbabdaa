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

    public async Task<IReadOnlyDictionary<Guid, StockedSku>> StockAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken)
    {
        var ids = skuIds.Distinct().ToList();
        var rows = await Stocked(db.Skus.IgnoreQueryFilters().Where(s => ids.Contains(s.Id)), publishedOnly: false).ToListAsync(cancellationToken);
        return rows.Select(r => r.ToStocked()).ToDictionary(r => r.SkuId);
    }

    public async Task<IReadOnlyList<StockedSku>> CandidatesAsync(IReadOnlyCollection<string> categories, decimal minPrice, decimal maxPrice, int minAvailable,
        IReadOnlyCollection<Guid> except, int max, CancellationToken cancellationToken)
    {
        var codes = categories.ToList();
        var excluded = except.ToList();
        var skus = db.Skus.IgnoreQueryFilters()
            .Where(s => s.Price >= minPrice && s.Price <= maxPrice && s.Stock - s.Reserved >= minAvailable && !excluded.Contains(s.Id));
        return await Stocked(skus, publishedOnly: true, codes)
            .OrderByDescending(s => s.Available).ThenBy(s => s.SkuCode).Take(max).Select(r => r.ToStocked()).ToListAsync(cancellationToken);
    }

    /// <summary>SKUs joined to their product and supplier, shaped for the stock check (one statement).</summary>
    private IQueryable<StockRow> Stocked(IQueryable<Sku> skus, bool publishedOnly, List<string>? categories = null)
    {
        var products = db.Products.IgnoreQueryFilters();
        if (publishedOnly)
        {
            products = products.Where(p => p.Status == ProductStatus.Published);
        }
        if (categories is not null)
        {
            products = products.Where(p => categories.Contains(p.CategoryCode));
        }
        return skus
            .Join(products, s => s.ProductId, p => p.Id, (s, p) => new { s, p })
            .Join(db.Suppliers.IgnoreQueryFilters(), x => x.s.SupplierId, supplier => supplier.Id, (x, supplier) => new StockRow
            {
                SkuId = x.s.Id, SkuCode = x.s.Code, Spec = x.s.Spec, ProductId = x.p.Id, ProductName = x.p.Name, CategoryCode = x.p.CategoryCode,
                SupplierId = supplier.Id, SupplierName = supplier.Name, Price = x.s.Price, Available = x.s.Stock - x.s.Reserved,
                Published = x.p.Status == ProductStatus.Published,
            });
    }

    /// <summary>The query's shape (member-initialized so it can still be ordered in SQL).</summary>
    private sealed class StockRow
    {
        public Guid SkuId { get; init; }
        public string SkuCode { get; init; } = "";
        public string Spec { get; init; } = "";
        public Guid ProductId { get; init; }
        public string ProductName { get; init; } = "";
        public string CategoryCode { get; init; } = "";
        public Guid SupplierId { get; init; }
        public string SupplierName { get; init; } = "";
        public decimal Price { get; init; }
        public int Available { get; init; }
        public bool Published { get; init; }

        public StockedSku ToStocked() => new(SkuId, SkuCode, Spec, ProductId, ProductName, CategoryCode, SupplierId, SupplierName, Price, Available, Published);
    }
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
