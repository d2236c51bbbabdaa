using System.Net.Http.Json;
using System.Text.Json;

namespace Procurement.IntegrationTests.Catalog;

public sealed class ReferenceDataTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Regions_list_the_31_provinces_anonymously()
    {
        var provinces = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/catalog/regions");
        Assert.Equal(31, provinces.GetArrayLength());
    }

    [Fact]
    public async Task Regions_list_gansu_cities_and_counties()
    {
        var client = app.CreateClient();
        var cities = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/regions?parent=620000");
        Assert.Equal(14, cities.GetArrayLength());
        var counties = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/regions?level=county&province=620000");
        Assert.Equal(86, counties.EnumerateArray().Count(c => !c.GetProperty("statisticsOnly").GetBoolean()));
    }

    [Fact]
    public async Task An_unknown_parent_is_a_validation_error() =>
        await (await app.CreateClient().GetAsync("/api/v1/catalog/regions?parent=999999")).IsValidationProblemAsync("parent");

    [Fact]
    public async Task Categories_are_the_ten_fixed_codes()
    {
        var categories = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/catalog/categories");
        Assert.Equal(
            ["grain-oil", "meat-eggs", "fresh-produce", "nuts-dried", "seasoning", "herbal", "drinks", "snacks", "gift-box", "handicraft"],
            categories.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.Equal("粮油米面", categories[0].GetProperty("name").GetString());
    }
}
