using Procurement.Core.Catalog.Search;

namespace Procurement.UnitTests.Catalog.Search;

public class CatalogQueryValidatorTests
{
    private static readonly CatalogQueryValidator _validator = new();

    private static IEnumerable<string> Fields(CatalogQuery query) => _validator.Validate(query).Errors.Select(e => e.PropertyName).Distinct();

    [Fact]
    public void A_plain_query_passes() => Assert.Empty(Fields(new CatalogQuery { Q = "百合", Categories = ["herbal"], Cities = ["621100"], Counties = ["621126"] }));

    [Theory]
    [MemberData(nameof(BadQueries))]
    public void Bad_parameters_are_named(CatalogQuery query, string field) => Assert.Contains(field, Fields(query));

    public static TheoryData<CatalogQuery, string> BadQueries() => new()
    {
        { new CatalogQuery { Q = new string('百', 201) }, "q" },
        { new CatalogQuery { Categories = ["fruit"] }, "category" },
        { new CatalogQuery { Cities = ["320100"] }, "city" },
        { new CatalogQuery { Counties = ["620100"] }, "county" },
        { new CatalogQuery { MinPrice = 100, MaxPrice = 50 }, "maxPrice" },
        { new CatalogQuery { PageSize = 101 }, "pageSize" },
        { new CatalogQuery { PageSize = 0 }, "pageSize" },
        { new CatalogQuery { Page = 0 }, "page" },
        { new CatalogQuery { Page = 501, PageSize = 20 }, "page" },
        { new CatalogQuery { MinAvailable = 0 }, "minAvailable" },
        { new CatalogQuery { MinAvailable = Core.Catalog.Sku.MaxStock + 1 }, "minAvailable" },
    };

    [Fact]
    public void A_package_count_as_minimum_stock_passes() => Assert.Empty(Fields(new CatalogQuery { MinAvailable = 3_000 }));
}
