using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>Builds search documents from the database. Reads across tenants: the catalog is everyone's.</summary>
public sealed class CatalogDocuments(ProcurementDbContext db, TimeProvider clock) : ICatalogDocuments
{
    private const int StreamBatch = 2000;

    public async Task<IReadOnlyList<CatalogDocument>> FindAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        var ids = productIds.ToList();
        var products = await Published().Where(p => EF.Parameter(ids).Contains(p.Id)).Select(AsRow).ToListAsync(cancellationToken);
        return await ToDocumentsAsync(products, cancellationToken);
    }

    public async IAsyncEnumerable<CatalogDocument> AllPublishedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keyset paging by id: stable while products change, and no OFFSET scans on large catalogs.
        Guid? after = null;
        while (true)
        {
            var query = Published();
            if (after is { } last)
            {
                query = query.Where(p => p.Id.CompareTo(last) > 0);
            }
            var batch = await query.OrderBy(p => p.Id).Take(StreamBatch).Select(AsRow).ToListAsync(cancellationToken);
            foreach (var document in await ToDocumentsAsync(batch, cancellationToken))
            {
                yield return document;
            }
            if (batch.Count < StreamBatch)
            {
                yield break;
            }
            after = batch[^1].Id;
        }
    }

    public Task<int> CountPublishedAsync(CancellationToken cancellationToken) =>
        db.Products.IgnoreQueryFilters().CountAsync(p => p.Status == ProductStatus.Published, cancellationToken);

    private IQueryable<Product> Published() =>
        db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => p.Status == ProductStatus.Published);

    /// <summary>What a search document needs of a product, without its SKUs.</summary>
    private sealed record ProductRow(Guid Id, string Name, string Description, string CategoryCode, string CountyCode, Guid SupplierId,
        Certificate? Certificate, int SalesCount, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? ImageUrl);

    private static readonly Expression<Func<Product, ProductRow>> AsRow = p => new ProductRow(
        p.Id, p.Name, p.Description, p.CategoryCode, p.CountyCode, p.SupplierId, p.Certificate, p.SalesCount, p.CreatedAt, p.PublishedAt, p.ImageUrl);

    /// <summary>
    /// Documents from flat rows: products, their SKUs, their tier prices, suppliers' names, four plain queries. The
    /// index worker reads thousands of products after a stock import; materialising them as entities with their SKU
    /// and tier collections took twice as long. The price and stock figures come from the same rules as the entities'.
    /// Ids go as one JSON parameter (json_each / OPENJSON) rather than EF's default of one parameter each.
    /// </summary>
    private async Task<IReadOnlyList<CatalogDocument>> ToDocumentsAsync(List<ProductRow> products, CancellationToken cancellationToken)
    {
        var ids = products.Select(p => p.Id).ToList();
        var skus = (await db.Skus.IgnoreQueryFilters().AsNoTracking()
                .Where(s => EF.Parameter(ids).Contains(s.ProductId))
                .Select(s => new { s.ProductId, s.Spec, s.Price, s.Stock, s.Reserved })
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.ProductId);
        var tiers = (await db.Skus.IgnoreQueryFilters().AsNoTracking()
                .Where(s => EF.Parameter(ids).Contains(s.ProductId))
                .SelectMany(s => s.TierPrices, (s, t) => new { s.ProductId, t.Price })
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.ProductId, t => t.Price);
        var supplierIds = products.Select(p => p.SupplierId).Distinct().ToList();
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => EF.Parameter(supplierIds).Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var today = BusinessDate.Today(clock);
        return products.Select(p =>
            {
                var own = skus[p.Id];
                return new CatalogDocument(
                    p.Id, p.Name, SearchText.StripHtml(p.Description), p.CategoryCode, p.CountyCode,
                    Regions.OriginOf(p.CountyCode).CityCode, p.SupplierId, suppliers.GetValueOrDefault(p.SupplierId, ""),
                    Product.LowestOf(own.Select(s => s.Price), tiers[p.Id]), Product.HighestOf(own.Select(s => s.Price)),
                    p.Certificate?.IsValidOn(today) == true, own.Any(s => Sku.AvailableOf(s.Stock, s.Reserved) > 0), p.SalesCount,
                    p.PublishedAt ?? p.CreatedAt, p.ImageUrl, own.Select(s => s.Spec).ToList(),
                    own.Select(s => Math.Max(0, Sku.AvailableOf(s.Stock, s.Reserved))).DefaultIfEmpty(0).Max());
            })
            .ToList();
    }
}
