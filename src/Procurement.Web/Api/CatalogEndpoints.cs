using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

public sealed record RegionResponse(string Code, string Name, string? ParentCode, string Level, bool StatisticsOnly);

public sealed record CategoryResponse(string Code, string Name, string NameZh, string NameEn);

public sealed record ReindexResponse(string JobId);

public sealed record RequeuedResponse(int Requeued);

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalog").AllowAnonymous();
        group.MapGet("/regions", GetRegions);
        group.MapGet("/categories", GetCategories);
        group.MapGet("/search", Search).RequireRateLimiting(SecuritySetup.SearchPolicy);
        group.MapGet("/suggest", Suggest).RequireRateLimiting(SecuritySetup.SearchPolicy);
        group.MapGet("/products/{id:guid}", GetProduct);
        var admin = app.MapGroup("/api/v1/admin/search").WithTags("Admin: search").RequireCapability(Capability.Administer);
        admin.MapPost("/reindex", Reindex);
        admin.MapGet("/status", Status);
        admin.MapPost("/dead-letters/retry", RetryDeadLetters);
        return app;
    }

    [EndpointSummary("Search the catalog: words, synonyms, pinyin; filters, multi-select facets, highlights")]
    [EndpointDescription("Repeat a filter (or separate values with commas) to select several values of one facet. " +
        "`sort`: relevance (default), price_asc, price_desc, newest, sales. `minAvailable`: only products with a SKU that can still supply at least that many units. " +
        "`relaxed` is true when nothing matched the query as typed and a looser match answered.")]
    public static async Task<Results<Ok<CatalogSearchResult>, ProblemHttpResult>> Search(
        string? q, string[]? category, string[]? city, string[]? county, string[]? supplier, decimal? minPrice, decimal? maxPrice,
        bool? certified, int? minAvailable, string? sort, int? page, int? pageSize,
        IValidator<CatalogQuery> validator, ICatalogSearch search, CancellationToken cancellationToken)
    {
        if (!TryParseSort(sort, out var order))
        {
            return Error.Invalid("sort", Texts.Pick("sort 须为 relevance、price_asc、price_desc、newest 或 sales。",
                "sort must be relevance, price_asc, price_desc, newest or sales.")).ToProblem();
        }
        var suppliers = new List<Guid>();
        foreach (var value in Values(supplier))
        {
            if (!Guid.TryParse(value, out var id))
            {
                return Error.Invalid("supplier", Texts.Pick($"不是有效的供应商编号：{value}。", $"Not a supplier id: {value}.")).ToProblem();
            }
            suppliers.Add(id);
        }
        var query = new CatalogQuery
        {
            Q = q,
            Categories = Values(category),
            Cities = Values(city),
            Counties = Values(county),
            Suppliers = suppliers,
            MinPrice = minPrice,
            MaxPrice = maxPrice,
            Certified = certified,
            MinAvailable = minAvailable,
            Sort = order,
            Page = page ?? 1,
            PageSize = pageSize ?? 20,
        };
        return await validator.CheckAsync(query, cancellationToken) is { } invalid
            ? invalid
            : TypedResults.Ok(await search.SearchAsync(query, cancellationToken));
    }

    [EndpointSummary("The search index: documents, changes waiting, and products set aside after failing to index")]
    public static async Task<Results<Ok<CatalogIndexStatus>, ProblemHttpResult>> Status(CatalogIndexAdmin admin, CancellationToken cancellationToken) =>
        (await admin.StatusAsync(cancellationToken)).ToOk();

    [EndpointSummary("Queue every set-aside product again (after the cause is fixed); a reindex does the same")]
    public static async Task<Results<Ok<RequeuedResponse>, ProblemHttpResult>> RetryDeadLetters(CatalogIndexAdmin admin, CancellationToken cancellationToken) =>
        (await admin.RetryDeadLettersAsync(cancellationToken)).ToOk(count => new RequeuedResponse(count));

    [EndpointSummary("Product names for a search box, as the user types (prefix, words, pinyin, pinyin initials)")]
    public static async Task<Results<Ok<IReadOnlyList<Suggestion>>, ProblemHttpResult>> Suggest(
        string? q, int? size, ICatalogSearch search, CancellationToken cancellationToken)
    {
        if (q is { Length: > CatalogQueryValidator.MaxQueryLength })
        {
            return Error.Invalid("q", Texts.Pick($"关键词最长 {CatalogQueryValidator.MaxQueryLength} 个字符。", $"q is at most {CatalogQueryValidator.MaxQueryLength} characters.")).ToProblem();
        }
        if (size is < 1 or > 20)
        {
            return Error.Invalid("size", Texts.Pick("size 须在 1 到 20 之间。", "size must be between 1 and 20.")).ToProblem();
        }
        return TypedResults.Ok(await search.SuggestAsync(q ?? "", size ?? 8, cancellationToken));
    }

    [EndpointSummary("A published product with its SKUs, tier prices and available stock")]
    public static async Task<Results<Ok<ProductDetail>, ProblemHttpResult>> GetProduct(Guid id, IProductCards products, CancellationToken cancellationToken) =>
        await products.DetailAsync(id, cancellationToken) is { } product ? TypedResults.Ok(product) : Error.NotFound().ToProblem();

    [EndpointSummary("Rebuild the search index in the background and swap it in; searches keep answering meanwhile")]
    public static Results<Accepted<ReindexResponse>, ProblemHttpResult> Reindex(CatalogIndexAdmin admin) =>
        admin.Reindex() is { Succeeded: true, Value: { } jobId }
            ? TypedResults.Accepted($"/jobs/jobs/details/{jobId}", new ReindexResponse(jobId))
            : Access.Refusal(Capability.Administer).ToProblem();

    /// <summary>Repeated parameters and comma-separated values alike: category=a&amp;category=b or category=a,b.</summary>
    private static List<string> Values(string[]? raw) =>
        (raw ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();

    private static bool TryParseSort(string? sort, out CatalogSort order)
    {
        (var ok, order) = (sort ?? "relevance").ToLowerInvariant() switch
        {
            "relevance" or "" => (true, CatalogSort.Relevance),
            "price_asc" => (true, CatalogSort.PriceAsc),
            "price_desc" => (true, CatalogSort.PriceDesc),
            "newest" => (true, CatalogSort.Newest),
            "sales" => (true, CatalogSort.Sales),
            _ => (false, CatalogSort.Relevance),
        };
        return ok;
    }

    [EndpointSummary("GB/T 2260 regions: provinces, or the children of one region")]
    [EndpointDescription("Without parameters: the 31 provinces. `parent=620000`: Gansu's 14 city-level divisions; `parent=620100`: 兰州市's counties. `level=county&province=620000`: every Gansu county-level division.")]
    public static Results<Ok<List<RegionResponse>>, ProblemHttpResult> GetRegions(string? parent, string? province, string? level)
    {
        IEnumerable<Region> regions;
        if (parent is not null)
        {
            if (Regions.Find(parent) is null)
            {
                return Error.Invalid("parent", Texts.Pick("未知的行政区划代码。", "Unknown region code.")).ToProblem();
            }
            regions = Regions.ChildrenOf(parent);
        }
        else if (level is not null)
        {
            if (!Enum.TryParse<RegionLevel>(level, ignoreCase: true, out var wanted))
            {
                return Error.Invalid("level", Texts.Pick("level 须为 province、city 或 county。", "level must be province, city or county.")).ToProblem();
            }
            if (province is not null && !Regions.IsProvince(province))
            {
                return Error.Invalid("province", Texts.Pick("未知的省级代码。", "Unknown province code.")).ToProblem();
            }
            var prefix = province?[..2] ?? "";
            regions = Regions.All.Where(r => r.Level == wanted && r.Code.StartsWith(prefix, StringComparison.Ordinal));
        }
        else
        {
            regions = Regions.Provinces;
        }
        return TypedResults.Ok(regions
            .Select(r => new RegionResponse(r.Code, r.Name, r.ParentCode, r.Level.ToString().ToLowerInvariant(), r.StatisticsOnly))
            .ToList());
    }

    [EndpointSummary("The ten catalog categories")]
    public static Ok<List<CategoryResponse>> GetCategories() =>
        TypedResults.Ok(Category.All.Select(c => new CategoryResponse(c.Code, c.Name, c.NameZh, c.NameEn)).ToList());
}
