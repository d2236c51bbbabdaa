using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>
/// The package builder's stock check (issue #21): every short line at once with the largest count that fits and
/// in-stock alternatives of the same category and price band; submit names every short line too; adding a SKU
/// already on the list does not double it.
/// </summary>
public sealed class StockCheckApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task The_check_names_every_short_line_with_what_fits_and_only_fitting_alternatives()
    {
        var s = await CreateAsync(app);
        // Prices in a band no other test uses, so the alternatives are this test's own.
        var shortA = (await PublishAsync(s, s.Supplier, "drinks", (4_000m, 10)))[0];
        var shortB = (await PublishAsync(s, s.Supplier, "drinks", (4_010m, 5)))[0];
        var alternative = (await PublishAsync(s, s.Supplier, "drinks", (4_500m, 1_000)))[0];
        var outOfBand = (await PublishAsync(s, s.Supplier, "drinks", (6_000m, 1_000)))[0];
        var otherCategory = (await PublishAsync(s, s.Supplier, "snacks", (4_000m, 1_000)))[0];
        var tooFew = (await PublishAsync(s, s.Supplier, "drinks", (4_100m, 50)))[0];
        var otherSupplier = await SupplierScenario.CreateAsync(app, "文县碧口茶叶专业合作社");
        var unpublished = (await PublishAsync(s, otherSupplier, "drinks", (4_000m, 1_000), approve: false))[0];
        var fits = (await PublishAsync(s, otherSupplier, "drinks", (10m, 1_000)))[0];

        var response = await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new
        {
            packages = 100,
            lines = new[] { new { skuId = shortA, perPackage = 1 }, new { skuId = shortB, perPackage = 2 }, new { skuId = fits, perPackage = 3 } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>();

        var shortages = check.GetProperty("shortages").EnumerateArray().ToList();
        Assert.Equal(["lines[0].perPackage", "lines[1].perPackage"], shortages.Select(x => x.GetProperty("field").GetString()));
        Assert.Equal([100, 200], shortages.Select(x => x.GetProperty("needed").GetInt32()));
        Assert.Equal([10, 5], shortages.Select(x => x.GetProperty("available").GetInt32()));
        Assert.Equal([10, 2], shortages.Select(x => x.GetProperty("maxPackages").GetInt32()));
        Assert.Equal(2, check.GetProperty("maxPackages").GetInt32());
        foreach (var shortage in shortages)
        {
            var alternatives = shortage.GetProperty("alternatives").EnumerateArray().Select(a => a.GetProperty("skuId").GetGuid()).ToList();
            Assert.Equal([alternative], alternatives);
            Assert.DoesNotContain(outOfBand, alternatives);
            Assert.DoesNotContain(otherCategory, alternatives);
            Assert.DoesNotContain(tooFew, alternatives);
            Assert.DoesNotContain(unpublished, alternatives);
        }
        // Two suppliers: each member's package arrives as two parcels.
        Assert.Equal(2, check.GetProperty("suppliers").GetArrayLength());
        Assert.Equal(200, check.GetProperty("parcels").GetInt32());

        // At the count that fits, nothing is short.
        var fitting = await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new
        {
            packages = 2,
            lines = new[] { new { skuId = shortA, perPackage = 1 }, new { skuId = shortB, perPackage = 2 } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(fitting.GetProperty("shortages").EnumerateArray());
        Assert.Equal(2, fitting.GetProperty("parcels").GetInt32());

        // An unpublished SKU on the list is short whatever the count: nothing of it can be ordered.
        var gone = await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new
        {
            packages = 1,
            lines = new[] { new { skuId = unpublished, perPackage = 1 } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var goneLine = Assert.Single(gone.GetProperty("shortages").EnumerateArray());
        Assert.False(goneLine.GetProperty("orderable").GetBoolean());
        Assert.Equal(0, goneLine.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Without_lines_the_callers_purchase_list_is_checked_and_bad_requests_are_named()
    {
        var s = await CreateAsync(app);
        var sku = (await PublishAsync(s, s.Supplier, "gift-box", (7_000m, 30)))[0];
        (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = sku, perPackage = 2 })).EnsureSuccessStatusCode();

        var check = await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new { packages = 20 })).Content.ReadFromJsonAsync<JsonElement>();
        var shortage = Assert.Single(check.GetProperty("shortages").EnumerateArray());
        Assert.Equal(40, shortage.GetProperty("needed").GetInt32());
        Assert.Equal(15, shortage.GetProperty("maxPackages").GetInt32());

        await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new { packages = 0 })).IsValidationProblemAsync("packages");
        await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new { packages = 1.5 })).IsValidationProblemAsync("packages");
        await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new
        {
            packages = 1,
            lines = new[] { new { skuId = sku, perPackage = 0 } },
        })).IsValidationProblemAsync("lines[0].perPackage");
        await (await s.Supplier.Client.PostAsJsonAsync("/api/v1/purchase-list/stock-check", new { packages = 1 })).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Submit_names_every_short_line_not_only_the_first()
    {
        var s = await CreateAsync(app);
        var skus = await s.PublishAsync((10m, 5), (20m, 5), (30m, 100));
        var order = await s.ReadyAsync([(skus[0], 6), (skus[1], 6), (skus[2], 6)], Rows(6));

        var problem = await (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).IsProblemAsync(HttpStatusCode.Conflict, "insufficient-stock");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("lines[0].quantity", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("lines[1].quantity", out _), problem.ToString());
        Assert.False(errors.TryGetProperty("lines[2].quantity", out _));
        Assert.Equal(2, problem.GetProperty("shortLines").GetArrayLength());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains((await s.SkuAsync(skus[0])).GetProperty("code").GetString()!, detail);
        Assert.Contains((await s.SkuAsync(skus[1])).GetProperty("code").GetString()!, detail);
        Assert.Equal("Draft", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal(100, (await s.SkuAsync(skus[2])).GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Adding_a_listed_sku_again_leaves_its_quantity_as_it_was()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 100)))[0];
        (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = sku, perPackage = 3 })).EnsureSuccessStatusCode();
        var again = await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = sku })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, Assert.Single(again.EnumerateArray()).GetProperty("perPackage").GetInt32());
    }

    /// <summary>A product in <paramref name="category"/> with one SKU per (price, stock), published unless <paramref name="approve"/> is false (then only submitted).</summary>
    private static async Task<IReadOnlyList<Guid>> PublishAsync(OrderingScenario s, SupplierScenario supplier, string category, (decimal Price, int Stock) sku,
        bool approve = true)
    {
        var code = SupplierScenario.Code();
        var body = SupplierScenario.Product("碧口龙井", code);
        body["categoryCode"] = category;
        body["skus"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["code"] = code, ["spec"] = "250g", ["price"] = sku.Price, ["stock"] = sku.Stock, ["minOrderQuantity"] = 1, ["tierPrices"] = Array.Empty<object>(),
            },
        };
        var product = await supplier.CreateAsync(body);
        var id = product.GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        if (approve)
        {
            var approved = await (await s.App.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }
        return [product.GetProperty("skus")[0].GetProperty("id").GetGuid()];
    }
}
