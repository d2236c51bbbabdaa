using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
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
        // Supplier names of published products are public, whoever asks.
        var suppliers = await db.Suppliers.IgnoreQueryFilters().Where(s => supplierIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var today = BusinessDate.Today(clock);
        return products.Select(p => new ProductCard(
                p.Id, p.Name, p.CategoryCode, p.CountyCode,
                Regions.NameOf(p.CountyCode), GansuCities.LabelOf(Regions.OriginOf(p.CountyCode).CityCode),
                suppliers.GetValueOrDefault(p.SupplierId, ""), p.MinPrice, p.IsCertifiedOn(today), p.ImageUrl, p.SalesCount,
                p.Skus.Select(s => Math.Max(0, s.Available)).DefaultIfEmpty(0).Max()))
            .ToList();
    }

    public async Task<ProductDetail?> DetailAsync(Guid id, CancellationToken cancellationToken)
    {
        var product = await db.Products.IgnoreQueryFilters().AsNoTracking().Include(p => p.Skus.OrderBy(s => s.Code)).Include(p => p.Images)
            .FirstOrDefaultAsync(p => p.Id == id && p.Status == ProductStatus.Published, cancellationToken);
        if (product is null)
        {
            return null;
        }
        var supplier = await db.Suppliers.IgnoreQueryFilters().AsNoTracking().Where(s => s.Id == product.SupplierId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
        var origin = Regions.OriginOf(product.CountyCode);
        var today = BusinessDate.Today(clock);
        return new ProductDetail(product.Id, product.Name, product.Description, product.CategoryCode, product.CountyCode,
            origin.CountyName, origin.CityCode, GansuCities.LabelOf(origin.CityCode), product.SupplierId, supplier ?? "",
            product.Certificate, product.IsCertifiedOn(today), product.Images.Count > 0 ? product.Images.Select(i => i.DetailUrl).ToList() : product.ImageUrl is null ? [] : [product.ImageUrl],
            product.Skus.Select(s => new ProductSkuDetail(s.Id, s.Code, s.Spec, s.Price, s.MinOrderQuantity, s.TierPrices, s.Available)).ToList());
    }
}
