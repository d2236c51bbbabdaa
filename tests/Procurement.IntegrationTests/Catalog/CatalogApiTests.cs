using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Seeding;

namespace Procurement.IntegrationTests.Catalog;

public sealed class CatalogApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private async Task<JsonElement> SearchAsync(string query) =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/catalog/search?{query}");

    [Fact]
    public async Task Search_answers_the_contract_shape_with_synonyms_and_highlights()
    {
        var result = await SearchAsync("q=" + Uri.EscapeDataString("土豆") + "&pageSize=5");
        Assert.True(result.GetProperty("total").GetInt32() >= 2);
        var hit = result.GetProperty("items")[0];
        foreach (var field in new[] { "productId", "name", "highlight", "supplierId", "supplierName", "categoryCode", "cityCode", "cityName", "countyCode", "countyName", "minPrice", "maxPrice", "certified", "imageUrl" })
        {
            Assert.True(hit.TryGetProperty(field, out _), field);
        }
        Assert.Contains("<em>马铃薯</em>", hit.GetProperty("highlight").GetString(), StringComparison.Ordinal);
        var facets = result.GetProperty("facets");
        Assert.Equal("定西市", facets.GetProperty("city")[0].GetProperty("label").GetString());
        Assert.True(facets.GetProperty("price")[0].TryGetProperty("from", out _));
    }

    [Fact]
    public async Task An_empty_query_lists_the_whole_catalog_with_every_category()
    {
        var result = await SearchAsync("pageSize=1");
        Assert.Equal(164, result.GetProperty("total").GetInt32());
        Assert.Equal(10, result.GetProperty("facets").GetProperty("category").GetArrayLength());
        Assert.Equal(14, result.GetProperty("facets").GetProperty("city").GetArrayLength());
    }

    [Fact]
    public async Task Available_stock_filters_the_demo_catalog_and_english_words_find_its_products()
    {
        var all = await SearchAsync("pageSize=100");
        var enough = await SearchAsync("minAvailable=3000&pageSize=100");
        var total = enough.GetProperty("total").GetInt32();
        Assert.InRange(total, 1, all.GetProperty("total").GetInt32() - 1);
        Assert.All(enough.GetProperty("items").EnumerateArray(), hit => Assert.True(hit.GetProperty("available").GetInt32() >= 3000));
        // 兰州百合: no SKU in the demo can supply 3,000 packages (the issue's purchaser learned it at submit).
        Assert.Equal(0, (await SearchAsync("q=" + Uri.EscapeDataString("兰州百合") + "&minAvailable=3000")).GetProperty("total").GetInt32());

        Assert.Contains("兰州百合", (await SearchAsync("q=lily")).GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Contains("苹果", (await SearchAsync("q=apple")).GetProperty("items")[0].GetProperty("name").GetString());
        var dried = await SearchAsync("q=" + Uri.EscapeDataString("干货") + "&pageSize=100");
        Assert.False(dried.GetProperty("relaxed").GetBoolean());
        Assert.All(dried.GetProperty("items").EnumerateArray(), hit => Assert.Equal("nuts-dried", hit.GetProperty("categoryCode").GetString()));
        Assert.Equal((await SearchAsync("category=nuts-dried")).GetProperty("total").GetInt32(), dried.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Several_values_of_one_filter_are_or_ed()
    {
        var herbal = (await SearchAsync("category=herbal")).GetProperty("total").GetInt32();
        var drinks = (await SearchAsync("category=drinks")).GetProperty("total").GetInt32();
        Assert.Equal(herbal + drinks, (await SearchAsync("category=herbal&category=drinks")).GetProperty("total").GetInt32());
        Assert.Equal(herbal + drinks, (await SearchAsync("category=herbal,drinks")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("category=fruit", "category")]
    [InlineData("city=320100", "city")]
    [InlineData("county=620100", "county")]
    [InlineData("minPrice=100&maxPrice=50", "maxPrice")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=501&pageSize=20", "page")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("minAvailable=0", "minAvailable")]
    [InlineData("supplier=nope", "supplier")]
    public async Task Bad_parameters_answer_400_naming_them(string query, string field) =>
        await (await app.CreateClient().GetAsync($"/api/v1/catalog/search?{query}")).IsValidationProblemAsync(field);

    [Fact]
    public async Task A_query_over_200_characters_is_refused() =>
        await (await app.CreateClient().GetAsync($"/api/v1/catalog/search?q={new string('a', 201)}")).IsValidationProblemAsync("q");

    [Theory]
    [InlineData("*")]
    [InlineData("\"")]
    [InlineData("AND OR NOT")]
    [InlineData("百合:[* TO *]")]
    [InlineData("\\\\")]
    [InlineData("((((")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("%00")]
    [InlineData("'; DROP TABLE Products; --")]
    public async Task Search_never_answers_500(string q)
    {
        var response = await app.CreateClient().GetAsync($"/api/v1/catalog/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Suggest_finds_names_from_pinyin_initials()
    {
        var suggestions = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/catalog/suggest?q=lzbh&size=5");
        Assert.Contains(suggestions.EnumerateArray(), s => s.GetProperty("text").GetString()!.StartsWith("兰州百合", StringComparison.Ordinal));
        await (await app.CreateClient().GetAsync("/api/v1/catalog/suggest?q=a&size=50")).IsValidationProblemAsync("size");
    }

    [Fact]
    public async Task Product_detail_has_skus_tiers_and_availability()
    {
        var id = (await SearchAsync("q=" + Uri.EscapeDataString("岷县当归"))).GetProperty("items")[0].GetProperty("productId").GetGuid();
        var product = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/catalog/products/{id}");
        Assert.Equal(("621126", "岷县", "定西市"), (product.GetProperty("countyCode").GetString(), product.GetProperty("countyName").GetString(), product.GetProperty("cityName").GetString()));
        var sku = product.GetProperty("skus")[0];
        Assert.True(sku.GetProperty("available").GetInt32() > 0);
        Assert.Equal(2, sku.GetProperty("tierPrices").GetArrayLength());
        await (await app.CreateClient().GetAsync($"/api/v1/catalog/products/{Guid.NewGuid()}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Reindex_is_for_admins_and_answers_202_with_a_job()
    {
        await (await app.CreateClient().PostAsync("/api/v1/admin/search/reindex", null)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var admin = await app.SignedInClientAsync(Infrastructure.Seeding.DemoSeeder.Logins[0].Email, Infrastructure.Seeding.DemoSeeder.DemoPassword);
        var response = await admin.PostAsync("/api/v1/admin/search/reindex", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()));
    }

    [Fact]
    public async Task Price_changes_and_unlisting_reach_search_within_two_seconds()
    {
        var hit = (await SearchAsync("q=" + Uri.EscapeDataString("敦煌李广杏干") + "&pageSize=1")).GetProperty("items")[0];
        var id = hit.GetProperty("productId").GetGuid();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var product = await db.Products.Include(p => p.Skus).SingleAsync(p => p.Id == id);
            foreach (var sku in product.Skus)
            {
                sku.SetPrice(sku.Price + 1000m);
            }
            return await db.SaveChangesAsync();
        });
        // The SKU's base price moves; its tier prices stay, so the highest price is what shows the change.
        await WithinAsync(TimeSpan.FromSeconds(2), async () =>
            (await SearchAsync($"q={Uri.EscapeDataString("敦煌李广杏干")}&pageSize=100")).GetProperty("items").EnumerateArray()
                .Any(i => i.GetProperty("productId").GetGuid() == id && i.GetProperty("maxPrice").GetDecimal() >= 1000m));

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            (await db.Products.SingleAsync(p => p.Id == id)).Unlist();
            return await db.SaveChangesAsync();
        });
        await WithinAsync(TimeSpan.FromSeconds(2), async () =>
            !(await SearchAsync($"q={Uri.EscapeDataString("敦煌李广杏干")}&pageSize=100")).GetProperty("items").EnumerateArray()
                .Any(i => i.GetProperty("productId").GetGuid() == id));
    }

    [Fact]
    public async Task Stock_changes_reach_the_available_filter_within_two_seconds()
    {
        var id = (await SearchAsync("q=" + Uri.EscapeDataString("临泽小枣") + "&pageSize=1")).GetProperty("items")[0].GetProperty("productId").GetGuid();
        Assert.DoesNotContain(id, Ids(await SearchAsync("minAvailable=9000000&pageSize=100")));
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var product = await db.Products.Include(p => p.Skus).SingleAsync(p => p.Id == id);
            Assert.Null(product.Skus[0].SetStock(9_500_000));
            return await db.SaveChangesAsync();
        });
        await WithinAsync(TimeSpan.FromSeconds(2), async () => Ids(await SearchAsync("minAvailable=9000000&pageSize=100")).Contains(id));
        var hit = (await SearchAsync("minAvailable=9000000&pageSize=100")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("productId").GetGuid() == id);
        Assert.Equal(9_500_000, hit.GetProperty("available").GetInt32());

        static List<Guid> Ids(JsonElement result) => result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetGuid()).ToList();
    }

    private static async Task WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"not visible after {limit.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
