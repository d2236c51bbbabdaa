namespace Procurement.Core.Catalog.Search;

/// <summary>
/// A published product as the search engines see it: one flat document, money as 元 with two decimals, places as
/// GB/T 2260 codes. Built from the database by <see cref="ICatalogDocuments"/>.
/// </summary>
public sealed record CatalogDocument(
    Guid ProductId,
    string Name,
    /// <summary>Plain text: the description's HTML stripped.</summary>
    string Description,
    string CategoryCode,
    string CountyCode,
    string CityCode,
    Guid SupplierId,
    string SupplierName,
    decimal MinPrice,
    decimal MaxPrice,
    bool Certified,
    bool InStock,
    int SalesCount,
    DateTimeOffset PublishedAt,
    string? ImageUrl,
    IReadOnlyList<string> Specs,
    /// <summary>可供: the most any one SKU can still supply (stock not reserved by orders), 0 when none can.</summary>
    int Available);

/// <summary>Reads catalog documents from the system of record, for the index worker and the rebuild job.</summary>
public interface ICatalogDocuments
{
    /// <summary>The documents for these products; a product that is gone or not published is missing from the answer.</summary>
    Task<IReadOnlyList<CatalogDocument>> FindAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken);

    /// <summary>Every published product, streamed in batches.</summary>
    IAsyncEnumerable<CatalogDocument> AllPublishedAsync(CancellationToken cancellationToken);

    Task<int> CountPublishedAsync(CancellationToken cancellationToken);
}
