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
    public void Lowest_price_is_the_deepest_tier() => Assert.Equal(34.00m, LilySku().LowestPrice);

    [Fact]
    public void Setting_stock_bumps_the_version_so_concurrent_edits_conflict()
    {
        var sku = LilySku();
        sku.SetStock(80);
        Assert.Equal((80, 1L, 80), (sku.Stock, sku.Version, sku.Available));
    }
}
