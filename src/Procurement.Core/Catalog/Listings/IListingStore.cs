using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Listings;

/// <summary>
/// Listings for change. Like <see cref="ISupplierListings"/> it answers only with the caller's products (admins:
/// all), so another supplier's product or SKU is simply not found.
/// </summary>
public interface IListingStore
{
    void Add(Product product);

    /// <summary>The product with its SKUs and tier prices, tracked for change.</summary>
    Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<Sku?> FindSkuAsync(Guid skuId, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="codes"/> the supplier already uses on a product other than <paramref name="exceptProductId"/>.</summary>
    Task<IReadOnlySet<string>> SkuCodesTakenAsync(Guid supplierId, IReadOnlyCollection<string> codes, Guid? exceptProductId, CancellationToken cancellationToken);

    /// <summary>Every SKU of the supplier with its tier prices, as read now (not tracked): stock imports check against these.</summary>
    Task<IReadOnlyList<Sku>> SupplierSkusAsync(Guid supplierId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes many SKUs' stock and price in one transaction, each only if its <see cref="Sku.Version"/> is still the
    /// one read, and tells search about their products. A conflict error, and nothing written, when any SKU changed
    /// meanwhile.
    /// </summary>
    Task<Error?> ApplyStockAsync(Guid supplierId, IReadOnlyList<StockChange> changes, CancellationToken cancellationToken);

    /// <summary>Products waiting for review, longest waiting first.</summary>
    Task<Paged<Product>> PendingReviewAsync(ListQuery query, CancellationToken cancellationToken);
}

/// <summary>A SKU's new stock and price, valid against the <paramref name="Version"/> they were checked against.</summary>
public sealed record StockChange(Guid SkuId, Guid ProductId, long Version, int Stock, decimal Price);

/// <summary>Makes supplier rich text safe to show: scripts, event handlers, javascript: links and styles removed.</summary>
public interface IDescriptionSanitizer
{
    string Sanitize(string html);
}
