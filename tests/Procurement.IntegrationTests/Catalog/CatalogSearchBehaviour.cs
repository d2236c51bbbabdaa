using Procurement.Core.Catalog.Search;

namespace Procurement.IntegrationTests.Catalog;

/// <summary>
/// What every search engine behind <see cref="ICatalogSearch"/> must do, run against each implementation
/// (the embedded Lucene index here; Elasticsearch live when ELASTICSEARCH_URL is set).
/// </summary>
public abstract class CatalogSearchBehaviour : IAsyncLifetime
{
    protected static readonly Guid LilyFarm = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    protected static readonly Guid PotatoFarm = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    protected static readonly Guid HerbFarm = Guid.Parse("0190a000-0000-7000-8000-000000000003");

    internal static readonly CatalogDocument Lily = Doc(1, "兰州百合 鲜百合", "fresh-produce", "620103", LilyFarm, "七里河百合合作社", 39.90m, certified: true, sales: 900, specs: ["500g", "500g×2"], available: 2_400);
    internal static readonly CatalogDocument LilyDried = Doc(2, "兰州百合干", "nuts-dried", "620103", LilyFarm, "七里河百合合作社", 45m, sales: 300, specs: ["250g"]);
    internal static readonly CatalogDocument Potato = Doc(3, "定西马铃薯", "fresh-produce", "621102", PotatoFarm, "安定区马铃薯合作社", 19.90m, sales: 500, specs: ["5kg"],
        description: "中国薯都定西的黄心洋芋");
    internal static readonly CatalogDocument Angelica = Doc(4, "岷县当归", "herbal", "621126", HerbFarm, "岷县当归合作社", 45m, certified: true, sales: 100, specs: ["250g"], available: 5_000);
    internal static readonly CatalogDocument Astragalus = Doc(5, "陇西黄芪 500g×2礼盒", "herbal", "621122", HerbFarm, "岷县当归合作社", 168m, sales: 50, specs: ["500g×2礼盒"], inStock: false);
    internal static readonly CatalogDocument Pear = Doc(6, "什川软儿梨", "fresh-produce", "620122", LilyFarm, "七里河百合合作社", 59m, sales: 10, specs: ["5斤装"]);

    protected ICatalogIndex Index { get; private set; } = default!;
    protected ICatalogSearch Search { get; private set; } = default!;

    protected abstract Task<(ICatalogIndex Index, ICatalogSearch Search)> CreateAsync();

    public virtual async Task InitializeAsync()
    {
        (Index, Search) = await CreateAsync();
        await Index.UpsertAsync([Lily, LilyDried, Potato, Angelica, Astragalus, Pear], CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    internal static CatalogDocument Doc(int n, string name, string category, string county, Guid supplier, string supplierName, decimal price,
        bool certified = false, int sales = 0, string[]? specs = null, string description = "", bool inStock = true, int available = 500) =>
        new(Guid.Parse($"0190b000-0000-7000-8000-{n:D12}"), name, description, category, county,
            Core.Common.Regions.Regions.CityOf(county)!.Code, supplier, supplierName, price, price * 2, certified, inStock, sales,
            new DateTimeOffset(2026, 1, n, 0, 0, 0, TimeSpan.Zero), $"/img/{n}.svg", specs ?? [], inStock ? available : 0);

    protected Task<CatalogSearchResult> SearchAsync(CatalogQuery query) => Search.SearchAsync(query, CancellationToken.None);

    protected async Task<IReadOnlyList<string>> NamesAsync(string q) =>
        (await SearchAsync(new CatalogQuery { Q = q })).Items.Select(i => i.Name).ToList();

    [EngineFact]
    public async Task Finds_chinese_words_names_first_then_supplier_names()
    {
        var names = await NamesAsync("百合");
        // 什川软儿梨 comes from 七里河百合合作社: found too, but a match in the name ranks higher.
        Assert.Equal(["兰州百合 鲜百合", "兰州百合干"], names.Take(2).Order());
        Assert.Equal("什川软儿梨", names[^1]);
    }

    [EngineTheory]
    [InlineData("土豆")]
    [InlineData("洋芋")]
    [InlineData("马铃薯")]
    public async Task Synonyms_find_the_same_product(string q) => Assert.Contains("定西马铃薯", await NamesAsync(q));

    [EngineTheory]
    [InlineData("lzbh")]
    [InlineData("baihe")]
    [InlineData("bh")]
    [InlineData("lanzhou")]
    public async Task Pinyin_and_initials_find_chinese_names(string q) => Assert.Contains("兰州百合 鲜百合", await NamesAsync(q));

    [EngineFact]
    public async Task A_single_character_finds_names_containing_it() => Assert.Equal(["什川软儿梨"], await NamesAsync("梨"));

    [EngineFact]
    public async Task Origins_and_specs_are_searchable()
    {
        Assert.Contains("定西马铃薯", await NamesAsync("定西"));
        Assert.Contains("陇西黄芪 500g×2礼盒", await NamesAsync("500g"));
    }

    [EngineTheory]
    [InlineData("*")]
    [InlineData("百合 AND \"")]
    [InlineData("a:b")]
    [InlineData("(百合")]
    [InlineData("\\")]
    [InlineData("~!@#$%^&*()_+{}|:<>?")]
    [InlineData("𠀀𠀁")]
    public async Task Query_syntax_is_text_and_never_throws(string q)
    {
        var result = await SearchAsync(new CatalogQuery { Q = q });
        Assert.NotNull(result.Facets);
    }

    [EngineFact]
    public async Task An_empty_query_lists_everything_under_the_filters()
    {
        var result = await SearchAsync(new CatalogQuery { Categories = ["herbal"] });
        Assert.Equal(2, result.Total);
    }

    [EngineFact]
    public async Task Facets_count_as_multi_select_facets()
    {
        var result = await SearchAsync(new CatalogQuery { Categories = ["herbal"], Cities = ["621100"] });
        Assert.Equal(2, result.Total);
        // Category counts ignore the category filter but honour the city filter: 定西 has 2 herbal and 1 fresh.
        Assert.Equal([("herbal", 2), ("fresh-produce", 1)], result.Facets.Category.Select(f => (f.Value, f.Count)));
        // City counts ignore the city filter but honour the category filter: herbal is only in 定西.
        Assert.Equal([("621100", 2)], result.Facets.City.Select(f => (f.Value, f.Count)));
        Assert.Equal("定西市", result.Facets.City[0].Label);
        Assert.Equal("岷县当归合作社", Assert.Single(result.Facets.Supplier).Label);
    }

    [EngineFact]
    public async Task Price_filter_and_buckets()
    {
        var result = await SearchAsync(new CatalogQuery { MinPrice = 40m, MaxPrice = 100m });
        Assert.Equal(new[] { "什川软儿梨", "兰州百合干", "岷县当归" }.Order(), result.Items.Select(i => i.Name).Order());
        // Price buckets ignore the price filter: all six products are counted, four of them under 50 元.
        Assert.Equal(6, result.Facets.Price.Sum(b => b.Count));
        Assert.Equal(4, result.Facets.Price.Single(b => b.From == 0m).Count);
    }

    [EngineFact]
    public async Task Certified_and_supplier_filters()
    {
        Assert.Equal(2, (await SearchAsync(new CatalogQuery { Certified = true })).Total);
        Assert.Equal(3, (await SearchAsync(new CatalogQuery { Suppliers = [LilyFarm] })).Total);
        // Two suppliers (OR), two counties (OR), both filters (AND): 什川软儿梨 is 七里河's but from 皋兰县.
        Assert.Equal(3, (await SearchAsync(new CatalogQuery { Suppliers = [LilyFarm, PotatoFarm], Counties = ["620103", "621102"] })).Total);
    }

    [EngineTheory]
    [InlineData(CatalogSort.PriceAsc, "定西马铃薯")]
    [InlineData(CatalogSort.PriceDesc, "陇西黄芪 500g×2礼盒")]
    [InlineData(CatalogSort.Sales, "兰州百合 鲜百合")]
    [InlineData(CatalogSort.Newest, "什川软儿梨")]
    public async Task Sorts(CatalogSort sort, string first) =>
        Assert.Equal(first, (await SearchAsync(new CatalogQuery { Sort = sort })).Items[0].Name);

    [EngineFact]
    public async Task Pages_without_overlap()
    {
        var first = await SearchAsync(new CatalogQuery { Sort = CatalogSort.PriceAsc, PageSize = 4 });
        var second = await SearchAsync(new CatalogQuery { Sort = CatalogSort.PriceAsc, PageSize = 4, Page = 2 });
        Assert.Equal((6, 4, 2), (first.Total, first.Items.Count, second.Items.Count));
        Assert.Empty(first.Items.Select(i => i.ProductId).Intersect(second.Items.Select(i => i.ProductId)));
    }

    [EngineFact]
    public async Task Hits_carry_the_contract_fields_and_a_highlight()
    {
        var hit = (await SearchAsync(new CatalogQuery { Q = "当归" })).Items[0];
        Assert.Equal(("岷县<em>当归</em>", "621126", "岷县", "621100", "定西市", 45m, true), (hit.Highlight, hit.CountyCode, hit.CountyName, hit.CityCode, hit.CityName, hit.MinPrice, hit.Certified));
        Assert.Equal(HerbFarm, hit.SupplierId);
    }

    [EngineFact]
    public async Task A_query_that_finds_nothing_as_typed_falls_back_to_a_looser_match()
    {
        var result = await SearchAsync(new CatalogQuery { Q = "兰州鲜百合礼品" });
        Assert.True(result.Relaxed);
        Assert.Contains(result.Items, i => i.Name == "兰州百合 鲜百合");
        Assert.False((await SearchAsync(new CatalogQuery { Q = "百合" })).Relaxed);
    }

    [EngineFact]
    public async Task Changes_and_deletes_are_visible_at_once()
    {
        await Index.UpsertAsync([Pear with { Name = "皋兰什川软儿梨" }], CancellationToken.None);
        Assert.Equal(["皋兰什川软儿梨"], await NamesAsync("皋兰"));
        await Index.DeleteAsync([Pear.ProductId], CancellationToken.None);
        Assert.Empty(await NamesAsync("软儿梨"));
    }

    [EngineFact]
    public async Task Rebuild_swaps_in_a_new_index_while_searches_keep_answering()
    {
        var searching = Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.True((await SearchAsync(new CatalogQuery())).Total >= 5);
            }
        });
        await Index.RebuildAsync(new[] { Lily, LilyDried, Potato, Angelica, Astragalus }.ToAsyncEnumerable(), null, CancellationToken.None);
        await searching;
        Assert.Equal(5, (await SearchAsync(new CatalogQuery())).Total);
        Assert.Equal(5, await Index.CountAsync(CancellationToken.None));
    }

    [EngineTheory]
    [InlineData("lily", "兰州百合 鲜百合")]
    [InlineData("lilies", "兰州百合 鲜百合")]
    [InlineData("Potato", "定西马铃薯")]
    [InlineData("angelica", "岷县当归")]
    [InlineData("dingxi", "定西马铃薯")] // the city's English name (= its pinyin), not only the product name's pinyin
    [InlineData("herbal", "陇西黄芪 500g×2礼盒")] // the category's English name
    [InlineData("dried lily", "兰州百合干")] // the category's English other name and a product word
    public async Task English_words_find_chinese_names(string q, string expected)
    {
        var result = await SearchAsync(new CatalogQuery { Q = q });
        Assert.False(result.Relaxed);
        Assert.Contains(expected, result.Items.Select(i => i.Name));
    }

    [EngineFact]
    public async Task English_product_words_mark_the_chinese_name() =>
        Assert.Equal("兰州<em>百合</em> 鲜<em>百合</em>", (await SearchAsync(new CatalogQuery { Q = "lily" })).Items.First(i => i.ProductId == Lily.ProductId).Highlight);

    [EngineTheory]
    [InlineData("干货")] // a word the category is also called (坚果干货): not in 干果坚果 itself
    [InlineData("坚果干货")]
    [InlineData("坚果")] // a part of the category's name
    public async Task Words_for_a_category_find_its_products(string q) =>
        Assert.Equal(["兰州百合干"], await NamesAsync(q));

    [EngineFact]
    public async Task Only_products_that_can_supply_enough_when_asked()
    {
        // 兰州百合 2,400, 岷县当归 5,000, 陇西黄芪 out of stock, the rest 500 each.
        var result = await SearchAsync(new CatalogQuery { MinAvailable = 2_000 });
        Assert.Equal(new[] { "兰州百合 鲜百合", "岷县当归" }.Order(), result.Items.Select(i => i.Name).Order());
        Assert.Equal(2_400, result.Items.Single(i => i.ProductId == Lily.ProductId).Available);
        // Every facet honours it: fresh produce counts only the lilies.
        Assert.Equal([("fresh-produce", 1), ("herbal", 1)], result.Facets.Category.Select(f => (f.Value, f.Count)).OrderBy(x => x.Value));
        Assert.Equal(2, result.Facets.Price.Sum(b => b.Count));
        Assert.Equal(["岷县当归"], (await SearchAsync(new CatalogQuery { Q = "当归", MinAvailable = 5_000 })).Items.Select(i => i.Name));
        Assert.Equal(0, (await SearchAsync(new CatalogQuery { MinAvailable = 5_001 })).Total);
        Assert.Equal(5, (await SearchAsync(new CatalogQuery { MinAvailable = 1 })).Total); // 陇西黄芪 has none
    }

    [EngineFact]
    public async Task Stock_changes_are_searchable_at_once()
    {
        await Index.UpsertAsync([Pear with { Available = 3_000 }], CancellationToken.None);
        Assert.Contains("什川软儿梨", (await SearchAsync(new CatalogQuery { MinAvailable = 3_000 })).Items.Select(i => i.Name));
        await Index.UpsertAsync([Pear with { Available = 10 }], CancellationToken.None);
        Assert.DoesNotContain("什川软儿梨", (await SearchAsync(new CatalogQuery { MinAvailable = 3_000 })).Items.Select(i => i.Name));
    }

    [EngineFact]
    public async Task City_facets_and_names_are_in_the_callers_language()
    {
        var saved = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
        try
        {
            var result = await SearchAsync(new CatalogQuery { Categories = ["herbal"] });
            Assert.Equal("Dingxi", Assert.Single(result.Facets.City).Label);
            Assert.Equal("Herbal tonics", result.Facets.Category.Single(f => f.Value == "herbal").Label);
            Assert.Equal("Dingxi", result.Items[0].CityName);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = saved;
        }
        Assert.Equal("定西市", Assert.Single((await SearchAsync(new CatalogQuery { Categories = ["herbal"] })).Facets.City).Label);
    }

    [EngineTheory]
    [InlineData("兰州", "兰州百合 鲜百合")]
    [InlineData("lzbh", "兰州百合 鲜百合")]
    [InlineData("dx", "定西马铃薯")]
    public async Task Suggests_names_by_prefix_and_pinyin(string prefix, string expected)
    {
        var suggestions = await Search.SuggestAsync(prefix, 8, CancellationToken.None);
        Assert.Contains(suggestions, s => s.Text == expected);
    }
}
