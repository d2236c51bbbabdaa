namespace Procurement.Core.Catalog;

/// <summary>A product as a tile: what the storefront shows before the detail page.</summary>
public sealed record ProductCard(
    Guid Id, string Name, string CategoryCode, string CountyCode, string CountyName, string CityName,
    string SupplierName, decimal MinPrice, bool Certified, string? ImageUrl, int SalesCount);

/// <summary>Storefront browsing that does not need the search engine.</summary>
public interface IProductCards
{
    /// <summary>Published products by sales, best first.</summary>
    Task<IReadOnlyList<ProductCard>> FeaturedAsync(int count, CancellationToken cancellationToken);
}
