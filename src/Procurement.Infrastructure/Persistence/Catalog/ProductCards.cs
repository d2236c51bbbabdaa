using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common.Regions;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class ProductCards(ProcurementDbContext db, TimeProvider clock) : IProductCards
{
    public async Task<IReadOnlyList<ProductCard>> FeaturedAsync(int count, CancellationToken cancellationToken)
    {
        // The storefront is everyone's: the supplier filter must not narrow it for a signed-in supplier user.
        var products = await db.Products.IgnoreQueryFilters().AsNoTracking().Include(p => p.Skus)
            .Where(p => p.Status == ProductStatus.Published)
            .OrderByDescending(p => p.SalesCount).ThenBy(p => p.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        var supplierIds = products.Select(p => p.SupplierId).Distinct().ToList();
        var suppliers = await db.Suppliers.Where(s => supplierIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return products.Select(p => new ProductCard(
                p.Id, p.Name, p.CategoryCode, p.CountyCode,
                Regions.Find(p.CountyCode)?.Name ?? "", Regions.CityOf(p.CountyCode)?.Name ?? "",
                suppliers.GetValueOrDefault(p.SupplierId, ""), p.MinPrice, p.IsCertifiedOn(today), p.ImageUrl, p.SalesCount))
            .ToList();
    }
}
