using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Sales;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Catalog.Listings;

namespace Procurement.IntegrationTests.Catalog.Sales;

/// <summary>Sales recorded in the ledger reach the supplier's dashboard by day and by product, and only that supplier's.</summary>
public sealed class SalesLedgerTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private async Task<Core.Common.Error?> RecordAsync(params SaleLine[] lines)
    {
        // As ordering will: in its own scope, with no supplier signed in.
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SalesLedger>().RecordAsync(lines, CancellationToken.None);
    }

    private static Guid SkuId(JsonElement product, int index) => product.GetProperty("skus")[index].GetProperty("id").GetGuid();

    [Fact]
    public async Task Recorded_sales_show_today_and_by_product_for_their_supplier_only()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var other = await SupplierScenario.CreateAsync(app, "通渭县小杂粮种植专业合作社");
        var walnuts = await supplier.CreateAsync(SupplierScenario.Product("成县纸皮核桃", SupplierScenario.Code(), SupplierScenario.Code()));
        var millet = await other.CreateAsync(SupplierScenario.Product("通渭小米", SupplierScenario.Code()));

        Assert.Null(await RecordAsync(
            new SaleLine(SkuId(walnuts, 0), 120, 3960.00m),
            new SaleLine(SkuId(walnuts, 1), 10, 820.50m),
            new SaleLine(SkuId(millet, 0), 7, 70m)));
        // A cancelled line is taken back the same way, negative.
        Assert.Null(await RecordAsync(new SaleLine(SkuId(walnuts, 0), -20, -660.00m)));

        var overview = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        var days = overview.GetProperty("salesByDay").EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        var today = days[^1];
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd"), today.GetProperty("day").GetString());
        Assert.Equal((110, 4120.50m), (today.GetProperty("units").GetInt32(), today.GetProperty("amount").GetDecimal()));
        Assert.All(days[..^1], d => Assert.Equal(0, d.GetProperty("units").GetInt32()));
        var best = Assert.Single(overview.GetProperty("topSellers").EnumerateArray());
        Assert.Equal(("成县纸皮核桃", 110, 4120.50m), (best.GetProperty("name").GetString(), best.GetProperty("sales").GetInt32(), best.GetProperty("amount").GetDecimal()));

        var theirs = await other.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(7, theirs.GetProperty("salesByDay")[29].GetProperty("units").GetInt32());
        Assert.Equal("通渭小米", Assert.Single(theirs.GetProperty("topSellers").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Sales_recorded_at_the_same_time_all_count()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var product = await supplier.CreateAsync(SupplierScenario.Product("岷县当归", SupplierScenario.Code()));
        var sku = SkuId(product, 0);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => RecordAsync(new SaleLine(sku, 3, 99.90m)))));

        Assert.All(results, Assert.Null);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
        var id = product.GetProperty("id").GetGuid();
        var day = await db.SalesDays.IgnoreQueryFilters().SingleAsync(d => d.ProductId == id);
        Assert.Equal((36, 1198.80m), (day.Units, day.Amount));
        Assert.Equal(36, await db.Products.IgnoreQueryFilters().Where(p => p.Id == id).Select(p => p.SalesCount).SingleAsync());
    }

    [Fact]
    public async Task Bad_lines_are_named_and_nothing_is_counted()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var product = await supplier.CreateAsync(SupplierScenario.Product("武都花椒", SupplierScenario.Code()));
        var sku = SkuId(product, 0);

        Assert.Equal("lines[1].skuId", (await RecordAsync(new SaleLine(sku, 1, 36m), new SaleLine(Guid.NewGuid(), 1, 36m)))!.Fields!.Keys.Single());
        Assert.Equal("lines[0].amount", (await RecordAsync(new SaleLine(sku, 1, 36.001m)))!.Fields!.Keys.Single());

        var overview = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(0, overview.GetProperty("salesByDay")[29].GetProperty("units").GetInt32());
    }
}
