using System.Text.Json.Serialization;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Infrastructure.Search.Elasticsearch;

/// <summary>
/// A <see cref="CatalogDocument"/> as stored in Elasticsearch; the mapping is infra/elasticsearch/catalog-template.json.
/// Money is kept in fen (long) so range filters and buckets are exact; pinyin keys are computed here, so the
/// cluster needs no pinyin plugin.
/// </summary>
public sealed class CatalogEsDocument
{
    [JsonPropertyName("product_id")] public string ProductId { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("name_prefix")] public string NamePrefix { get; init; } = "";
    [JsonPropertyName("description")] public string Description { get; init; } = "";
    [JsonPropertyName("specs")] public IReadOnlyList<string> Specs { get; init; } = [];
    [JsonPropertyName("place")] public string Place { get; init; } = "";
    [JsonPropertyName("category_text")] public string CategoryText { get; init; } = "";
    [JsonPropertyName("supplier_text")] public string SupplierText { get; init; } = "";
    [JsonPropertyName("pinyin")] public IReadOnlyCollection<string> Pinyin { get; init; } = [];
    [JsonPropertyName("category")] public string Category { get; init; } = "";
    [JsonPropertyName("city")] public string City { get; init; } = "";
    [JsonPropertyName("county")] public string County { get; init; } = "";
    [JsonPropertyName("supplier_id")] public string SupplierId { get; init; } = "";
    [JsonPropertyName("supplier_name")] public string SupplierName { get; init; } = "";
    [JsonPropertyName("price_min_fen")] public long PriceMinFen { get; init; }
    [JsonPropertyName("price_max_fen")] public long PriceMaxFen { get; init; }
    [JsonPropertyName("certified")] public bool Certified { get; init; }
    [JsonPropertyName("in_stock")] public bool InStock { get; init; }
    [JsonPropertyName("sales")] public int Sales { get; init; }
    [JsonPropertyName("published_at")] public DateTimeOffset PublishedAt { get; init; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; init; }
    [JsonPropertyName("available")] public int Available { get; init; }

    public static CatalogEsDocument From(CatalogDocument d)
    {
        var category = Core.Catalog.Category.Find(d.CategoryCode);
        return new CatalogEsDocument
        {
            ProductId = d.ProductId.ToString(),
            Name = d.Name,
            NamePrefix = SearchText.Normalize(d.Name),
            Description = d.Description,
            Specs = d.Specs,
            Place = $"{Regions.NameOf(d.CountyCode)} {Regions.NameOf(d.CityCode)} {GansuCities.EnglishOf(d.CityCode)}",
            CategoryText = category?.SearchText ?? "",
            SupplierText = d.SupplierName,
            Pinyin = Core.Catalog.Search.Pinyin.SuffixKeys(d.Name),
            Category = d.CategoryCode,
            City = d.CityCode,
            County = d.CountyCode,
            SupplierId = d.SupplierId.ToString(),
            SupplierName = d.SupplierName,
            PriceMinFen = Money.ToFen(d.MinPrice),
            PriceMaxFen = Money.ToFen(d.MaxPrice),
            Certified = d.Certified,
            InStock = d.InStock,
            Sales = d.SalesCount,
            PublishedAt = d.PublishedAt,
            ImageUrl = d.ImageUrl,
            Available = d.Available,
        };
    }

    public CatalogHit ToHit(CatalogQueryPlan plan) => new(
        Guid.Parse(ProductId),
        Name,
        Highlighter.Highlight(Name, plan),
        Guid.Parse(SupplierId),
        SupplierName,
        Category,
        City,
        GansuCities.LabelOf(City),
        County,
        Regions.NameOf(County),
        Money.FromFen(PriceMinFen),
        Money.FromFen(PriceMaxFen),
        Certified,
        ImageUrl,
        Available);
}
