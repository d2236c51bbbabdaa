using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Catalog;
using Procurement.Core.Common.Regions;

namespace Procurement.Web.Api;

public sealed record RegionResponse(string Code, string Name, string? ParentCode, string Level, bool StatisticsOnly);

public sealed record CategoryResponse(string Code, string Name, string NameZh, string NameEn);

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalog").AllowAnonymous();
        group.MapGet("/regions", GetRegions);
        group.MapGet("/categories", GetCategories);
        return app;
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
                return Core.Common.Error.Invalid("parent", Core.Common.Texts.Pick("未知的行政区划代码。", "Unknown region code.")).ToProblem();
            }
            regions = Regions.ChildrenOf(parent);
        }
        else if (level is not null)
        {
            if (!Enum.TryParse<RegionLevel>(level, ignoreCase: true, out var wanted))
            {
                return Core.Common.Error.Invalid("level", Core.Common.Texts.Pick("level 须为 province、city 或 county。", "level must be province, city or county.")).ToProblem();
            }
            if (province is not null && !Regions.IsProvince(province))
            {
                return Core.Common.Error.Invalid("province", Core.Common.Texts.Pick("未知的省级代码。", "Unknown province code.")).ToProblem();
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
