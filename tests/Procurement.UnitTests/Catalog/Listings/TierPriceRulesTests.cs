using Procurement.Core.Catalog.Listings;

namespace Procurement.UnitTests.Catalog.Listings;

public sealed class TierPriceRulesTests
{
    private static List<(int Index, string Field)> Broken(decimal basePrice, params (int Quantity, decimal Price)[] tiers) =>
        TierPriceRules.Check(basePrice, tiers.Select(t => new TierPriceRequest { MinQuantity = t.Quantity, Price = t.Price }).ToList())
            .Select(x => (x.Index, x.Field)).ToList();

    [Fact]
    public void Ascending_quantities_with_falling_or_equal_prices_pass() =>
        Assert.Empty(Broken(36m, (50, 33m), (200, 30m), (500, 30m)));

    [Fact]
    public void No_tiers_pass() => Assert.Empty(Broken(36m));

    [Fact]
    public void Quantities_must_strictly_increase() =>
        Assert.Equal([(1, "MinQuantity")], Broken(36m, (50, 33m), (50, 32m)));

    [Fact]
    public void A_price_may_not_rise_with_quantity() =>
        Assert.Equal([(1, "Price")], Broken(36m, (50, 30m), (100, 31m)));

    [Fact]
    public void A_tier_may_not_cost_more_than_the_unit_price() =>
        Assert.Equal([(0, "Price")], Broken(36m, (50, 36.5m)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Prices_must_be_positive(decimal price) => Assert.Contains((0, "Price"), Broken(36m, (50, price)));

    [Fact]
    public void Prices_have_at_most_two_decimals() => Assert.Equal([(0, "Price")], Broken(36m, (50, 33.333m)));

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void A_tier_starts_at_two_units_or_more(int quantity) => Assert.Contains((0, "MinQuantity"), Broken(36m, (quantity, 30m)));
}
