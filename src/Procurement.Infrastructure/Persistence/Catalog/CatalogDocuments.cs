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
        // The ids go as one JSON parameter (json_each / OPENJSON) rather than EF's default of one parameter each: an
        // outbox batch is hundreds of ids, and the split queries for SKUs and tiers repeat the list; this halves the read.
        var products = await Published().Where(p => EF.Parameter(ids).Contains(p.Id)).ToListAsync(cancellationToken);
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
            var batch = await query.OrderBy(p => p.Id).Take(StreamBatch).ToListAsync(cancellationToken);
            foreach (var document in await ToDocumentsAsync(batch, cancellationToken))
            {
                yield return document;
            }
            if (batch.Count < StreamBatch)
            {
                yield break;
            }
            after = batch[^1].Id;
            db.ChangeTracker.Clear();
        }
    }

    public Task<int> CountPublishedAsync(CancellationToken cancellationToken) =>
        db.Products.IgnoreQueryFilters().CountAsync(p => p.Status == ProductStatus.Published, cancellationToken);

    private IQueryable<Product> Published() =>
        db.Products.IgnoreQueryFilters().AsNoTracking().Include(p => p.Skus).Where(p => p.Status == ProductStatus.Published);

    private async Task<IReadOnlyList<CatalogDocument>> ToDocumentsAsync(List<Product> products, CancellationToken cancellationToken)
    {
        var supplierIds = products.Select(p => p.SupplierId).Distinct().ToList();
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => supplierIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var today = BusinessDate.Today(clock);
        return products.Select(p => new CatalogDocument(
                p.Id, p.Name, SearchText.StripHtml(p.Description), p.CategoryCode, p.CountyCode,
                Regions.CityOf(p.CountyCode)?.Code ?? "", p.SupplierId, suppliers.GetValueOrDefault(p.SupplierId, ""),
                p.MinPrice, p.MaxPrice, p.IsCertifiedOn(today), p.Skus.Any(s => s.Available > 0), p.SalesCount,
                p.PublishedAt ?? p.CreatedAt, p.ImageUrl, p.Skus.Select(s => s.Spec).ToList()))
            .ToList();
    }
}
