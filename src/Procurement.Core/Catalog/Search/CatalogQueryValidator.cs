using FluentValidation;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Core.Catalog.Search;

public sealed class CatalogQueryValidator : AbstractValidator<CatalogQuery>
{
    public const int MaxQueryLength = 200;

    /// <summary>Deep paging costs the engines more than it helps anyone: filters narrow better.</summary>
    public const int MaxResultWindow = 10_000;

    /// <summary>The largest price filter: far above any SKU's price, and small enough that fen never overflow.</summary>
    public const decimal MaxPriceFilter = 100_000_000m;

    public CatalogQueryValidator()
    {
        RuleFor(x => x.Q).MaximumLength(MaxQueryLength).OverridePropertyName("q");
        // One message per parameter, naming the values it does not know (the query string has no indexes).
        RuleFor(x => x.Categories).Must(codes => codes.All(Category.Exists)).OverridePropertyName("category")
            .WithMessage(x => Texts.Pick($"未知的商品分类：{Unknown(x.Categories, Category.Exists)}。", $"Unknown category: {Unknown(x.Categories, Category.Exists)}."));
        RuleFor(x => x.Cities).Must(codes => codes.All(IsGansuCity)).OverridePropertyName("city")
            .WithMessage(x => Texts.Pick($"不是甘肃省的市（州）代码：{Unknown(x.Cities, IsGansuCity)}。", $"Not a Gansu city code: {Unknown(x.Cities, IsGansuCity)}."));
        RuleFor(x => x.Counties).Must(codes => codes.All(Regions.IsGansuCounty)).OverridePropertyName("county")
            .WithMessage(x => Texts.Pick($"不是甘肃省的区县代码：{Unknown(x.Counties, Regions.IsGansuCounty)}。", $"Not a Gansu county code: {Unknown(x.Counties, Regions.IsGansuCounty)}."));
        RuleFor(x => x.MinPrice).InclusiveBetween(0m, MaxPriceFilter).OverridePropertyName("minPrice");
        RuleFor(x => x.MaxPrice).InclusiveBetween(0m, MaxPriceFilter).OverridePropertyName("maxPrice");
        RuleFor(x => x.MaxPrice).GreaterThanOrEqualTo(x => x.MinPrice).OverridePropertyName("maxPrice")
            .When(x => x.MinPrice is not null && x.MaxPrice is not null)
            .WithMessage(_ => Texts.Pick("最高价不能低于最低价。", "maxPrice cannot be below minPrice."));
        RuleFor(x => x.MinAvailable).InclusiveBetween(1, Sku.MaxStock).OverridePropertyName("minAvailable")
            .WithMessage(_ => Texts.Pick($"minAvailable 须在 1 到 {Sku.MaxStock} 之间。", $"minAvailable must be from 1 to {Sku.MaxStock:N0}."));
        RuleFor(x => x.Sort).IsInEnum().OverridePropertyName("sort");
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1).OverridePropertyName("page");
        RuleFor(x => x.PageSize).InclusiveBetween(1, ListQuery.MaxPageSize).OverridePropertyName("pageSize");
        RuleFor(x => x.Page).Must((query, page) => (long)page * query.PageSize <= MaxResultWindow).OverridePropertyName("page")
            .When(x => x.Page >= 1 && x.PageSize is >= 1 and <= ListQuery.MaxPageSize)
            .WithMessage(_ => Texts.Pick($"最多只能翻到第 {MaxResultWindow} 条结果，请用筛选缩小范围。",
                $"Results beyond the first {MaxResultWindow} cannot be paged to; narrow the search with filters."));
    }

    private static bool IsGansuCity(string code) => Regions.Find(code) is { Level: RegionLevel.City, ParentCode: Regions.GansuCode };

    private static string Unknown(IEnumerable<string> values, Func<string, bool> known) => string.Join(", ", values.Where(v => !known(v)));
}
