using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Ordering;

/// <summary>The stock check's rule (issue #21): which lines are short, how many packages fit, which SKUs may stand in.</summary>
public class StockRulesTests
{
    private static readonly Guid SupplierA = Guid.NewGuid();
    private static readonly Guid SupplierB = Guid.NewGuid();

    private static StockedSku Sku(decimal price, int available, string category = "fresh-produce", bool published = true, Guid? supplier = null, string code = "") =>
        new(Guid.NewGuid(), code.Length > 0 ? code : $"SKU-{price}-{available}", "500g", Guid.NewGuid(), "兰州百合", category, supplier ?? SupplierA,
            supplier == SupplierB ? "乙社" : "甲社", price, available, published);

    private static Dictionary<Guid, StockedSku> Stocked(params StockedSku[] skus) => skus.ToDictionary(s => s.SkuId);

    [Fact]
    public void Every_short_line_is_listed_with_the_largest_count_it_fills()
    {
        var lily = Sku(39.90m, 474);
        var pear = Sku(59m, 1_702);
        var potato = Sku(36m, 4_163, supplier: SupplierB);
        var result = StockRules.Check(3_000, [(lily.SkuId, 1), (pear.SkuId, 1), (potato.SkuId, 1)], Stocked(lily, pear, potato), []);

        Assert.Equal([0, 1], result.Shortages.Select(s => s.Index));
        Assert.Equal(["lines[0].perPackage", "lines[1].perPackage"], result.Shortages.Select(s => s.Field));
        Assert.Equal([474, 1_702], result.Shortages.Select(s => s.MaxPackages));
        Assert.Equal(474, result.MaxPackages);
    }

    [Fact]
    public void A_line_needs_per_package_times_packages_and_fits_available_divided_by_per_package()
    {
        var sku = Sku(10m, 100);
        Assert.Empty(StockRules.Check(50, [(sku.SkuId, 2)], Stocked(sku), []).Shortages);
        var shortage = Assert.Single(StockRules.Check(51, [(sku.SkuId, 2)], Stocked(sku), []).Shortages);
        Assert.Equal(102, shortage.Needed);
        Assert.Equal(50, shortage.MaxPackages);
        Assert.Equal(0, StockRules.MaxPackagesOf(-3, 2));
    }

    [Fact]
    public void An_unpublished_or_missing_sku_is_short_with_nothing_available()
    {
        var unlisted = Sku(10m, 1_000, published: false);
        var missing = Guid.NewGuid();
        var result = StockRules.Check(1, [(unlisted.SkuId, 1), (missing, 1)], Stocked(unlisted), []);
        Assert.All(result.Shortages, s => Assert.False(s.Orderable));
        Assert.All(result.Shortages, s => Assert.Equal(0, s.Available));
        Assert.All(result.Shortages, s => Assert.Equal("", s.ProductName)); // an off-sale product's name may be an unreviewed draft
        Assert.DoesNotContain(unlisted.ProductName, result.Shortages[0].Message);
        Assert.Empty(result.Suppliers);
        Assert.Equal(0, result.Parcels);
    }

    [Fact]
    public void Alternatives_are_published_same_category_within_30_percent_with_enough_and_not_listed()
    {
        var lily = Sku(40m, 100);
        var listed = Sku(41m, 5_000);
        var near = Sku(42m, 3_000, code: "NEAR");
        var edge = Sku(52m, 3_000, code: "EDGE");
        var cheaper = Sku(28m, 9_000, code: "LOW");
        var tooDear = Sku(52.01m, 5_000);
        var tooCheap = Sku(27.99m, 5_000);
        var otherCategory = Sku(40m, 5_000, category: "snacks");
        var unpublished = Sku(40m, 5_000, published: false);
        var tooFew = Sku(40m, 2_999);
        var result = StockRules.Check(3_000, [(lily.SkuId, 1), (listed.SkuId, 1)], Stocked(lily, listed),
            [listed, near, edge, cheaper, tooDear, tooCheap, otherCategory, unpublished, tooFew]);

        var shortage = Assert.Single(result.Shortages);
        // Nearest price first (the more available first at equal distance); at most three.
        Assert.Equal(["NEAR", "LOW", "EDGE"], shortage.Alternatives.Select(a => a.SkuCode));
    }

    [Fact]
    public void At_most_three_alternatives_are_offered()
    {
        var lily = Sku(40m, 0);
        var candidates = Enumerable.Range(0, 6).Select(i => Sku(40m + i, 10_000)).ToList();
        var shortage = Assert.Single(StockRules.Check(10, [(lily.SkuId, 1)], Stocked(lily), candidates).Shortages);
        Assert.Equal(StockRules.MaxAlternatives, shortage.Alternatives.Count);
    }

    [Fact]
    public void A_package_becomes_one_parcel_per_supplier_per_package()
    {
        var a1 = Sku(10m, 10_000);
        var a2 = Sku(11m, 10_000);
        var b = Sku(12m, 10_000, supplier: SupplierB);
        var c = new StockedSku(Guid.NewGuid(), "C", "1kg", Guid.NewGuid(), "核桃", "nuts-dried", Guid.NewGuid(), "丙社", 20m, 10_000, true);
        var result = StockRules.Check(3_000, [(a1.SkuId, 1), (a2.SkuId, 1), (b.SkuId, 1), (c.SkuId, 1)], Stocked(a1, a2, b, c), []);
        Assert.Equal(3, result.Suppliers.Count);
        Assert.Equal(9_000, result.Parcels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void The_request_names_packages_out_of_range(int packages) =>
        Assert.Contains("packages", FieldErrors.Of(new StockCheckRequestValidator(), new StockCheckRequest(packages)).Keys);

    [Fact]
    public void The_request_names_a_repeated_sku_and_a_bad_per_package()
    {
        var sku = Guid.NewGuid();
        var errors = FieldErrors.Of(new StockCheckRequestValidator(), new StockCheckRequest(10, [new(sku, 1), new(sku, 2)]));
        Assert.Contains("lines", errors.Keys);
        errors = FieldErrors.Of(new StockCheckRequestValidator(), new StockCheckRequest(10, [new(sku, 1.5m)]));
        Assert.Contains("lines[0].perPackage", errors.Keys);
    }
}
