using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Notifications;

/// <summary>The bell: notifications written with the change they report, read by their own audience and tenant only.</summary>
public sealed class NotificationsApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static async Task<JsonElement> BellAsync(HttpClient client, string? culture = null) =>
        await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications" + (culture is null ? "" : $"?culture={culture}"));

    private static List<JsonElement> About(JsonElement bell, Guid order) =>
        bell.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("subjectId").ValueKind == JsonValueKind.String && n.GetProperty("subjectId").GetGuid() == order).ToList();

    private async Task<(OrderingScenario S, Guid Order)> SubmittedAsync()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 2)], Rows(2));
        var submitted = await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        return (s, order);
    }

    [Fact]
    public async Task Approving_tells_the_union_in_its_language_and_no_other_tenant_sees_it()
    {
        var (s, order) = await SubmittedAsync();
        Assert.Empty(About(await BellAsync(s.Purchaser), order));
        Assert.Equal(HttpStatusCode.OK, (await s.Approver.PostAsync($"/api/v1/orders/{order}/approve", null)).StatusCode);

        var number = (await s.OrderAsync(order)).GetProperty("number").GetString();
        var zh = Assert.Single(About(await BellAsync(s.Purchaser), order));
        Assert.Equal(("OrderApproved", false, $"/orders/{order}"), (zh.GetProperty("kind").GetString(), zh.GetProperty("read").GetBoolean(), zh.GetProperty("link").GetString()));
        Assert.Equal($"订单 {number} 已审批通过，请按时付款。", zh.GetProperty("message").GetString());
        Assert.Equal($"Order {number} was approved; please pay it in time.", Assert.Single(About(await BellAsync(s.Purchaser, "en"), order)).GetProperty("message").GetString());
        Assert.True((await BellAsync(s.Approver)).GetProperty("unread").GetInt32() >= 1);

        // Another union, the supplier, finance and admins never list it; anonymous callers are refused.
        var other = await CreateAsync(app);
        Assert.Empty(About(await BellAsync(other.Purchaser), order));
        Assert.Empty(About(await BellAsync(s.Supplier.Client), order));
        Assert.Empty(About(await BellAsync(await s.FinanceAsync()), order));
        Assert.Empty(About(await BellAsync(await app.AdminClientAsync()), order));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/notifications")).StatusCode);
    }

    [Fact]
    public async Task A_refused_approval_writes_nothing_and_a_rejection_carries_its_reason()
    {
        var (s, order) = await SubmittedAsync();
        // The purchaser may not approve; a second rejection of a rejected order is refused: neither writes a notification.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/approve", null)).StatusCode);
        Assert.Empty(About(await BellAsync(s.Purchaser), order));
        Assert.True((await s.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/reject", new { reason = "预算不足，请减少份数" })).IsSuccessStatusCode);
        Assert.False((await s.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/reject", new { reason = "again" })).IsSuccessStatusCode);
        Assert.False((await s.Approver.PostAsync($"/api/v1/orders/{order}/approve", null)).IsSuccessStatusCode);

        var rejected = Assert.Single(About(await BellAsync(s.Purchaser), order));
        Assert.Equal("OrderRejected", rejected.GetProperty("kind").GetString());
        Assert.EndsWith("预算不足，请减少份数", rejected.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Read_marks_are_each_users_own()
    {
        var (s, order) = await SubmittedAsync();
        await s.Approver.PostAsync($"/api/v1/orders/{order}/approve", null);
        var approverUnread = (await BellAsync(s.Approver)).GetProperty("unread").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await s.Purchaser.PostAsync("/api/v1/notifications/read", null)).StatusCode);
        var bell = await BellAsync(s.Purchaser);
        Assert.Equal(0, bell.GetProperty("unread").GetInt32());
        Assert.True(Assert.Single(About(bell, order)).GetProperty("read").GetBoolean());
        Assert.Equal(approverUnread, (await BellAsync(s.Approver)).GetProperty("unread").GetInt32());
        await (await s.Purchaser.GetAsync("/api/v1/notifications?take=0")).IsValidationProblemAsync("take");
    }

    [Fact]
    public async Task Paying_and_shipping_tell_the_union_once_each_and_a_short_transfer_tells_nobody()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 3)], Rows(3));
        await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null);
        var finance = await s.FinanceAsync();
        var total = (await s.OrderAsync(order)).GetProperty("total").GetDecimal();
        await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations", new { amount = 1.00m, reference = "第一笔", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        Assert.DoesNotContain(About(await BellAsync(s.Purchaser), order), n => n.GetProperty("kind").GetString() == "PaymentConfirmed");
        await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations", new { amount = total - 1.00m, reference = "第二笔", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        var paid = Assert.Single(About(await BellAsync(s.Purchaser, "en"), order), n => n.GetProperty("kind").GetString() == "PaymentConfirmed");
        Assert.Contains($"¥{total:N2}", paid.GetProperty("message").GetString());

        // Three parcels sent in one import: one notification for the order, counting them.
        var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?status=Pending");
        var sent = await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no\n" +
            string.Join("\n", parcels.Select((p, i) => $"{p.GetProperty("id").GetInt64()},顺丰速运,SF2026000{i}")));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var shipped = Assert.Single(About(await BellAsync(s.Purchaser), order), n => n.GetProperty("kind").GetString() == "ParcelsShipped");
        Assert.Contains("3 个包裹已发出", shipped.GetProperty("message").GetString());

        // After-sales: the supplier hears of the case, the union of the decision.
        var reported = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales",
            new { shipmentId = parcels[0].GetProperty("id").GetInt64(), kind = "Damaged", description = "外箱压坏" });
        Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        var opened = Assert.Single(About(await BellAsync(s.Supplier.Client), order));
        Assert.Equal(("AfterSalesOpened", "/supplier/after-sales"), (opened.GetProperty("kind").GetString(), opened.GetProperty("link").GetString()));
        Assert.DoesNotContain(About(await BellAsync(s.Purchaser), order), n => n.GetProperty("kind").GetString() == "AfterSalesOpened");
        var caseId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/refund", new { })).IsSuccessStatusCode);
        var decided = Assert.Single(About(await BellAsync(s.Purchaser, "en"), order), n => n.GetProperty("kind").GetString() == "AfterSalesDecided");
        Assert.EndsWith("decided: refunded.", decided.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_supplier_notices_contract_is_unchanged_and_reads_the_same_store()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((25m, 10)))[0];
        var product = await s.SkuProductAsync(sku);
        var notices = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices");
        Assert.Equal(["unread", "items"], notices.EnumerateObject().Select(p => p.Name));
        var approved = Assert.Single(notices.GetProperty("items").EnumerateArray(), n => n.GetProperty("productId").GetGuid() == product);
        Assert.Equal(["id", "kind", "productId", "productName", "message", "createdAt", "read"], approved.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ListingApproved", false), (approved.GetProperty("kind").GetString(), approved.GetProperty("read").GetBoolean()));
        // The bell shows the same notice, and reading it there reads it in the portal too (one store, one mark).
        var bell = await BellAsync(s.Supplier.Client);
        Assert.Contains(bell.GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetGuid() == approved.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await s.Supplier.Client.PostAsync("/api/v1/supplier/notices/read", null)).StatusCode);
        Assert.Equal(0, (await BellAsync(s.Supplier.Client)).GetProperty("unread").GetInt32());
        // Another supplier never sees it.
        var other = await SupplierScenario.CreateAsync(app, "临洮县百合种植专业合作社");
        Assert.DoesNotContain((await other.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("productId").GetGuid() == product);
    }
}
