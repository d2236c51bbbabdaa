using Procurement.Core.Catalog;

namespace Procurement.UnitTests.Catalog;

public class SkuTests
{
    private static Sku LilySku() => new("LZBH-500", "500g", 39.90m, 100, 1, [new TierPrice(200, 34.00m), new TierPrice(50, 37.50m)]);

    [Theory]
    [InlineData(1, "39.90")]
    [InlineData(49, "39.90")]
    [InlineData(50, "37.50")]
    [InlineData(199, "37.50")]
    [InlineData(200, "34.00")]
    [InlineData(5000, "34.00")]
    public void Unit_price_follows_the_highest_tier_reached(int quantity, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), LilySku().UnitPriceAt(quantity));

    [Fact]
    public void A_products_price_range_runs_from_the_deepest_tier_of_any_sku_to_the_dearest_unit_price()
    {
        var product = new Product(Guid.CreateVersion7(), "兰州百合", "fresh-produce", "620103", "", null,
            [LilySku(), new Sku("LZBH-2500", "2.5kg", 151.20m, 10, 1, [])], DateTimeOffset.UtcNow);

        Assert.Equal((34.00m, 151.20m), (product.MinPrice, product.MaxPrice));
        // Readers that skip the entity (the search documents) reach the same figures from flat prices.
        Assert.Equal(34.00m, Product.LowestOf([39.90m, 151.20m], [34.00m, 37.50m]));
        Assert.Equal(151.20m, Product.HighestOf([39.90m, 151.20m]));
        Assert.Equal((0m, 0m), (Product.LowestOf([], []), Product.HighestOf([])));
    }

    [Fact]
    public void Setting_stock_bumps_the_version_so_concurrent_edits_conflict()
    {
        var sku = LilySku();
        sku.SetStock(80);
        Assert.Equal((80, 1L, 80), (sku.Stock, sku.Version, sku.Available));
    }
}
