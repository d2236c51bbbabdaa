using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Jobs;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Platform;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>
/// What a member-choice parcel holds is its member's option: the packing list says so, and a refunded parcel takes
/// back that option's goods from the sales ledger, the federation report and its supplier's invoice (never the
/// order's mixed lines ÷ packages). And the deadline waits, telling the union once, when the default lacks stock.
/// </summary>
public sealed class GiftParcelTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private const string Row1 = "职工1,13800000001,江苏省,南京市,鼓楼区,中山北路1号,1";
    private const string Row2 = "职工2,13800000002,江苏省,南京市,鼓楼区,中山北路2号,1";
    private const string Row4 = "职工4,13800000004,江苏省,南京市,鼓楼区,中山北路4号,2";

    [Fact]
    public async Task A_choice_parcel_is_packed_and_refunded_as_its_members_option()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var deadline = app.Clock.Now.AddMinutes(5);
        var id = await g.PaidAsync(deadline, Row1, Row2, Row4);
        var codes = await g.CodesAsync(id);
        var member = app.CreateClient();
        // 1 → 牦牛肉干组合 (C × 2); 2 → 苹果 + 花椒 (B + C); 4 (two packages) does nothing → the default, B + C, × 2.
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000001"]}/choice", new { option = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000002"]}/choice", new { option = 1 })).StatusCode);
        app.Clock.Now = deadline.AddMinutes(1);
        Assert.Equal(1, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);

        // The second supplier's (C's) packing list: each row the member's own option × their packages. The order's
        // lines hold C × 5 for 4 packages, which divided would say × 1 for everyone.
        var packing = (await g.Second.Client.GetStringAsync("/api/v1/supplier/shipments/packing-list?format=csv")).Split('\n');
        Assert.Contains(packing, row => row.Contains("13800000001", StringComparison.Ordinal) && row.Contains("× 2", StringComparison.Ordinal));
        Assert.Contains(packing, row => row.Contains("13800000002", StringComparison.Ordinal) && row.Contains("× 1", StringComparison.Ordinal));
        Assert.Contains(packing, row => row.Contains("13800000004", StringComparison.Ordinal) && row.Contains("× 2", StringComparison.Ordinal));
        var parcels = await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().Shipments.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.OrderId == id).OrderBy(s => s.RecipientRow).ThenBy(s => s.SupplierId).Select(s => new { s.Mobile, s.Option }).ToListAsync());
        Assert.Equal([2, 1, 1, 1, 1], parcels.Select(p => p.Option!.Value).OrderByDescending(o => o));

        // Both suppliers send everything.
        foreach (var supplier in new[] { g.Union.Supplier.Client, g.Second.Client })
        {
            var sent = await FulfilmentApiTests.ShipmentsAsync(supplier, $"/api/v1/supplier/shipments?orderId={id}");
            var csv = "shipment_id,carrier,tracking_no\n" + string.Concat(sent.Select(p => $"{p.GetProperty("id").GetInt64()},EMS,EMS{p.GetProperty("id").GetInt64():D10}\n"));
            var imported = await FulfilmentApiTests.ImportAsync(supplier, csv);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        }
        var before = await FiguresAsync(g, id);

        // Member 1's 牦牛肉干 parcel arrives damaged and the supplier refunds it: 79.00, two C.
        var view = await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{codes["13800000001"]}");
        var only = Assert.Single(view.GetProperty("parcels").EnumerateArray());
        Assert.EndsWith("× 2", only.GetProperty("contents").GetString(), StringComparison.Ordinal);
        var parcel = only.GetProperty("id").GetInt64();
        // Member 2's gift comes in two parcels, each saying what it holds.
        var two = (await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{codes["13800000002"]}")).GetProperty("parcels").EnumerateArray()
            .Select(p => p.GetProperty("contents").GetString()!).ToList();
        Assert.Equal(2, two.Count);
        Assert.All(two, c => Assert.EndsWith("× 1", c, StringComparison.Ordinal));
        var reported = await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000001"]}/problems", new { parcelId = parcel, kind = "Damaged", description = "包装破损" });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        var caseId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var refunded = await g.Second.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/refund", new { });
        Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());

        var after = await FiguresAsync(g, id);
        Assert.Equal(before.SoldC - 2, after.SoldC);
        Assert.Equal(before.SoldFenC - 7_900, after.SoldFenC);
        Assert.Equal(before.ReportFen - 7_900, after.ReportFen);
        Assert.Equal(before.InvoiceC - 2, after.InvoiceC);
        Assert.Equal(5, before.InvoiceC);
        // Budget and cap: member 1's 79.00 back.
        Assert.Equal(0, await g.UsedFenAsync("13800000001"));
    }

    [Fact]
    public async Task When_the_default_lacks_stock_the_purchaser_is_warned_and_the_close_waits_telling_the_union_once()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        // B (in the default) has 2 left: member 4's two default packages fit only while nobody else takes B.
        var g = await GiftScenario.CreateAsync(app, stockB: 2);
        var deadline = app.Clock.Now.AddMinutes(5);
        var id = await g.PaidAsync(deadline, Row2, Row4);
        var codes = await g.CodesAsync(id);
        var progress = await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/gift-progress");
        // Three packages not chosen need B × 3.
        var shortage = Assert.Single(progress.GetProperty("defaultShort").EnumerateArray());
        Assert.Equal(g.SkuB, shortage.GetProperty("skuId").GetGuid());
        Assert.Equal((3, 2), (shortage.GetProperty("needed").GetInt32(), shortage.GetProperty("available").GetInt32()));
        Assert.False(shortage.TryGetProperty("supplierId", out _));

        // Member 2 takes 牦牛肉干: B × 2 needed, 2 available, the warning goes.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync($"/api/v1/gift/{codes["13800000002"]}/choice", new { option = 2 })).StatusCode);
        progress = await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/gift-progress");
        Assert.Equal(0, progress.GetProperty("defaultShort").GetArrayLength());

        // The supplier sells one B elsewhere: short again at the deadline. The close waits and tells the union and
        // the supplier once, however often the job runs.
        await SetStockAsync(g.SkuB, 1);
        app.Clock.Now = deadline.AddMinutes(1);
        for (var run = 0; run < 2; run++)
        {
            Assert.Equal(0, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);
        }
        var told = (await g.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "GiftDefaultShort").ToList();
        var notice = Assert.Single(told);
        Assert.Equal(id, notice.GetProperty("subjectId").GetGuid());
        Assert.Single((await g.Union.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "GiftDefaultShort");
        Assert.DoesNotContain((await g.Second.Client.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "GiftDefaultShort");
        Assert.False((await g.Union.OrderAsync(id)).TryGetProperty("choicesClosedAt", out var closedAt) && closedAt.ValueKind != JsonValueKind.Null);
        Assert.Equal((1, 0), await g.SkuAsync(g.SkuB));

        // Still short a day later: told again (a restock that ran out again is news), once more.
        app.Clock.Now = deadline.AddHours(25);
        for (var run = 0; run < 2; run++)
        {
            Assert.Equal(0, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);
        }
        Assert.Equal(2, await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().Notifications.IgnoreQueryFilters()
            .CountAsync(n => n.SubjectId == id && n.Kind == Core.Notifications.NotificationKind.GiftDefaultShort)));

        // Restocked: the next run closes, and the default is given.
        await SetStockAsync(g.SkuB, 10);
        Assert.Equal(1, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);
        Assert.Equal((8, 0), await g.SkuAsync(g.SkuB));
    }

    [Fact]
    public async Task A_sku_priced_at_two_tiers_in_two_options_keeps_both_prices_when_the_choices_close()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        // 50.00 a box, 45.00 from three: 单盒 (× 1) is 50.00, 三盒 (× 3) is 135.00, the per-member value.
        var code = Catalog.Listings.SupplierScenario.Code();
        var body = Catalog.Listings.SupplierScenario.Product("静宁苹果礼盒", [code]);
        body["skus"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["code"] = code, ["spec"] = "5斤装", ["price"] = 50m, ["stock"] = 100, ["minOrderQuantity"] = 1,
                ["tierPrices"] = new[] { new { minQuantity = 3, price = 45m } },
            },
        };
        var product = await g.Union.Supplier.CreateAsync(body);
        var productId = product.GetProperty("id").GetGuid();
        await g.Union.Supplier.PostAsync($"/api/v1/supplier/products/{productId}/submit");
        (await (await app.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{productId}/approve", new { })).EnsureSuccessStatusCode();
        var sku = product.GetProperty("skus")[0].GetProperty("id").GetGuid();
        var deadline = app.Clock.Now.AddMinutes(5);
        var created = await Ordering.OrderingScenario.PostOrderAsync(g.Purchaser, new
        {
            occasion = "MidAutumn",
            mode = "choice",
            lines = Array.Empty<object>(),
            options = new object[]
            {
                new { name = "单盒", lines = new[] { new { skuId = sku, quantity = 1 } } },
                new { name = "三盒", lines = new[] { new { skuId = sku, quantity = 3 } } },
            },
            defaultOption = 0,
            choiceDeadline = deadline,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await Ordering.OrderingScenario.PutRecipientsAsync(g.Purchaser, id, Ordering.OrderingScenario.Csv(Row1, Row2))).IsSuccessStatusCode);
        await g.Union.PayByTransferAsync(id, await g.Union.FinanceAsync());
        var codes = await g.CodesAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync($"/api/v1/gift/{codes["13800000002"]}/choice", new { option = 1 })).StatusCode);
        app.Clock.Now = deadline.AddMinutes(1);
        Assert.Equal(1, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);

        // 270.00 paid (2 × 135.00); chosen 50.00 (default) + 135.00: two lines, 85.00 back — the money, the budget and the invoice agree.
        var closed = await g.Union.OrderAsync(id);
        var lines = closed.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("quantity").GetInt32(), l.GetProperty("unitPrice").GetDecimal())).Order().ToList();
        Assert.Equal([(1, 50m), (3, 45m)], lines);
        var refunds = (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/refunds")).EnumerateArray().ToList();
        Assert.Equal(85.00m, Assert.Single(refunds).GetProperty("amount").GetDecimal());
        Assert.Equal(1_000_000m - 185.00m, (await g.Union.BudgetAsync()).GetProperty("remaining").GetDecimal());
        var invoice = Assert.Single((await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/invoices")).EnumerateArray());
        Assert.Equal(185.00m, invoice.GetProperty("amount").GetDecimal());
    }

    private Task SetStockAsync(Guid skuId, int stock) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<ProcurementDbContext>().Skus.IgnoreQueryFilters().Where(s => s.Id == skuId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Stock, stock)));

    /// <summary>C's units and fen in the sales ledger, the union's reported fen, and C's quantity on its supplier's invoice.</summary>
    private async Task<(int SoldC, long SoldFenC, long ReportFen, int InvoiceC)> FiguresAsync(GiftScenario g, Guid orderId)
    {
        var (sold, soldFen, reportFen) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var product = await db.Skus.IgnoreQueryFilters().Where(s => s.Id == g.SkuC).Select(s => s.ProductId).SingleAsync();
            var days = await db.SalesDays.IgnoreQueryFilters().Where(d => d.ProductId == product).ToListAsync();
            var report = await db.ReportDailyFigures.IgnoreQueryFilters().Where(f => f.UnionId == g.Union.UnionId).SumAsync(f => f.AmountFen);
            return (days.Sum(d => d.Units), days.Sum(d => Core.Common.Money.ToFen(d.Amount)), report);
        });
        var invoices = (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}/invoices")).EnumerateArray();
        var invoiceC = invoices.SelectMany(i => i.GetProperty("lines").EnumerateArray())
            .Where(l => l.GetProperty("productName").GetString()!.Length > 0 && l.GetProperty("unitPrice").GetDecimal() == GiftScenario.PriceC)
            .Sum(l => l.GetProperty("quantity").GetInt32());
        return (sold, soldFen, reportFen, invoiceC);
    }
}
