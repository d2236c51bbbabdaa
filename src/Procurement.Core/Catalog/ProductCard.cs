namespace Procurement.Core.Catalog;

/// <summary>A product as a tile: what the storefront shows before the detail page.</summary>
public sealed record ProductCard(
    Guid Id, string Name, string CategoryCode, string CountyCode, string CountyName, string CityName,
    string SupplierName, decimal MinPrice, bool Certified, string? ImageUrl, int SalesCount, int Available);

public sealed record ProductSkuDetail(Guid Id, string Code, string Spec, decimal Price, int MinOrderQuantity,
    IReadOnlyList<TierPrice> TierPrices, int Available);

/// <summary>The storefront's product page (contract: <c>GET /api/v1/catalog/products/{id}</c>).</summary>
public sealed record ProductDetail(
    Guid Id, string Name, string Description, string CategoryCode, string CountyCode, string CountyName,
    string CityCode, string CityName, Guid SupplierId, string SupplierName, Certificate? Certificate,
    bool Certified, IReadOnlyList<string> ImageUrls, IReadOnlyList<ProductSkuDetail> Skus);

/// <summary>Storefront browsing that does not need the search engine.</summary>
public interface IProductCards
{
    /// <summary>Published products by sales, best first.</summary>
    Task<IReadOnlyList<ProductCard>> FeaturedAsync(int count, CancellationToken cancellationToken);

    /// <summary>A published product; null for anything else (a draft is nobody's business but its supplier's).</summary>
    Task<ProductDetail?> DetailAsync(Guid id, CancellationToken cancellationToken);
}
