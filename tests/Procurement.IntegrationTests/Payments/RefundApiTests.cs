using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Payments;

/// <summary>Cancelling a paid order refunds it whole: budget, caps and stock come back, parcels are cancelled, finance sends the money.</summary>
public sealed class RefundApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Cancelling_a_paid_order_gives_back_budget_caps_and_stock_and_finance_records_the_bank_refund()
    {
        // A cap of 250 and packages worth 200: a member can take one such package a year.
        var s = await CreateAsync(app, cap: 250m, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((200m, 10)))[0];
        var order = await s.ReadyAsync([(sku, 2)], Rows(2));
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        Assert.Equal(1_000_000m - 400m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments");
        Assert.Equal(2, parcels.Count);

        var cancelled = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "活动取消" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        var refunded = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Refunded", refunded.GetProperty("status").GetString());
        Assert.Equal("活动取消", refunded.GetProperty("timeline").EnumerateArray().Last().GetProperty("reason").GetString());

        // The books come back at once: budget, stock on sale, the sales ledger; the parcels are cancelled.
        Assert.Equal(1_000_000m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        var after = await s.SkuAsync(sku);
        Assert.Equal((10, 0, 10), (after.GetProperty("stock").GetInt32(), after.GetProperty("reserved").GetInt32(), after.GetProperty("available").GetInt32()));
        var overview = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(0, overview.GetProperty("salesByDay").EnumerateArray().Sum(d => d.GetProperty("units").GetInt32()));
        Assert.All(await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments"), p => Assert.Equal("Cancelled", p.GetProperty("status").GetString()));
        var import = await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcels[0].GetProperty("id").GetInt64()},顺丰速运,SF12345678\n");
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("row 2: shipment_id", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The members' caps came back too: the same two members can receive a 200-yuan package again this year.
        var again = await s.ReadyAsync([(sku, 2)], Rows(2));
        var submitted = await s.Purchaser.PostAsync($"/api/v1/orders/{again}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());

        // The money: a bank refund waiting for finance, who records the transfer back.
        var refunds = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds");
        var refund = Assert.Single(refunds.EnumerateArray());
        Assert.Equal(("bank_transfer", "Pending", 400.00m), (refund.GetProperty("method").GetString(), refund.GetProperty("status").GetString(), refund.GetProperty("amount").GetDecimal()));
        var pending = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/refunds?status=Pending");
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), r => r.GetProperty("orderId").GetGuid() == order);
        var id = refund.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.PostAsJsonAsync($"/api/v1/finance/refunds/{id}/completion", new { reference = "X", sentAt = DateTimeOffset.UtcNow })).StatusCode);
        var invalid = await finance.PostAsJsonAsync($"/api/v1/finance/refunds/{id}/completion", new { reference = "", sentAt = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reference", out _) && errors.TryGetProperty("sentAt", out _), errors.ToString());
        var sent = await finance.PostAsJsonAsync($"/api/v1/finance/refunds/{id}/completion", new { reference = "退款流水 20261202-01", sentAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Equal("Succeeded", (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await finance.PostAsJsonAsync($"/api/v1/finance/refunds/{id}/completion", new { reference = "again", sentAt = DateTimeOffset.UtcNow })).StatusCode);

        // Nothing more to cancel.
        Assert.Equal(HttpStatusCode.Conflict, (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { })).StatusCode);
    }

    [Fact]
    public async Task Once_a_parcel_has_left_the_order_cannot_be_cancelled_whole()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((50m, 10)))[0];
        var order = await s.ReadyAsync([(sku, 2)], Rows(2));
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var parcel = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments"))[0].GetProperty("id").GetInt64();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcel},顺丰速运,SF12345678\n")).EnsureSuccessStatusCode();

        var refused = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("invalid-state", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal(1_000_000m - 100m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
    }
}
