using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Fulfilment;

/// <summary>售后 for one package: reported by the purchaser, resent or refunded by the parcel's supplier.</summary>
public sealed class AfterSalesApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    /// <summary>A paid order of two suppliers for two members (cap 300; packages worth 100 + 150), every parcel sent.</summary>
    private async Task<(OrderingScenario S, SupplierScenario Other, Guid Order, List<JsonElement> Mine, HttpClient Finance)> SentAsync()
    {
        var s = await CreateAsync(app, cap: 300m, threshold: 1_000_000m);
        var other = await SupplierScenario.CreateAsync(app, "甘南牦牛肉专业合作社");
        var a = (await s.PublishAsync((100m, 50)))[0];
        var b = (await s.PublishAsync(other, (150m, 50)))[0];
        var order = await s.ReadyAsync([(a, 2), (b, 2)], Rows(2));
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        var mine = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments");
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no\n" + string.Join("\n", mine.Select(m => $"{m.GetProperty("id").GetInt64()},顺丰速运,SF{m.GetProperty("id").GetInt64():D10}")))).EnsureSuccessStatusCode();
        var theirs = await FulfilmentApiTests.ShipmentsAsync(other.Client, "/api/v1/supplier/shipments");
        (await FulfilmentApiTests.ImportAsync(other.Client, "shipment_id,carrier,tracking_no\n" + string.Join("\n", theirs.Select(m => $"{m.GetProperty("id").GetInt64()},中通快递,ZT{m.GetProperty("id").GetInt64():D10}")))).EnsureSuccessStatusCode();
        return (s, other, order, mine, finance);
    }

    [Fact]
    public async Task A_damaged_package_refunded_by_its_supplier_gives_that_member_its_value_of_cap_and_budget_back()
    {
        var (s, other, order, mine, finance) = await SentAsync();
        Assert.Equal(1_000_000m - 500m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        var parcel = mine.Single(m => m.GetProperty("mobile").GetString() == "13800000000");

        var reported = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales",
            new { shipmentId = parcel.GetProperty("id").GetInt64(), kind = "Damaged", description = "礼盒压坏，百合散落" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var opened = await reported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Open", 100.00m), (opened.GetProperty("status").GetString(), opened.GetProperty("value").GetDecimal()));
        // One open case per parcel; the other supplier cannot settle it.
        Assert.Equal(HttpStatusCode.Conflict, (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales",
            new { shipmentId = parcel.GetProperty("id").GetInt64(), kind = "Lost", description = "again" })).StatusCode);
        var caseId = opened.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/refund", new { })).StatusCode);
        Assert.Empty((await other.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/after-sales")).GetProperty("items").EnumerateArray());
        Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/after-sales?status=Open")).GetProperty("items").EnumerateArray());

        var refunded = await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/refund", new { note = "按份退款" });
        Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());
        var settled = await refunded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Refunded", settled.GetProperty("status").GetString());
        Assert.Equal(["Open", "Refunded"], settled.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/resend", new { })).StatusCode);

        // The union's budget gets 100 back, and so does that member's cap: 250 used of 300 becomes 150, so a
        // 150-yuan package fits for them again, but not for the other member (still at 250).
        Assert.Equal(1_000_000m - 400m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        var skuB = (await s.PublishAsync(other, (150m, 50)))[0];
        var forThem = await s.ReadyAsync([(skuB, 1)], Rows(1, first: 13800000000));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{forThem}/submit", null)).IsSuccessStatusCode);
        var forTheOther = await s.ReadyAsync([(skuB, 1)], Rows(1, first: 13800000001));
        await (await s.Purchaser.PostAsync($"/api/v1/orders/{forTheOther}/submit", null)).IsProblemAsync(HttpStatusCode.UnprocessableEntity, "welfare-cap-exceeded");

        // The money: a bank refund of 100 waiting for finance, tied to the case; the order itself stays as it was.
        var refund = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray());
        Assert.Equal((100.00m, "Pending", caseId), (refund.GetProperty("amount").GetDecimal(), refund.GetProperty("status").GetString(), refund.GetProperty("caseId").GetGuid()));
        Assert.Contains((await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/refunds?status=Pending&pageSize=100")).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("id").GetGuid() == refund.GetProperty("id").GetGuid());
        Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());
        var overview = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(1, overview.GetProperty("salesByDay").EnumerateArray().Sum(d => d.GetProperty("units").GetInt32()));
    }

    [Fact]
    public async Task A_lost_package_resent_is_a_new_parcel_that_the_tracking_import_sends_and_the_order_follows()
    {
        var (s, other, order, mine, _) = await SentAsync();
        var parcel = mine[0].GetProperty("id").GetInt64();
        var opened = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Lost", description = "快递显示丢件" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var resent = await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{opened.GetProperty("id").GetGuid()}/resend", new { note = "已补发" });
        Assert.True(resent.IsSuccessStatusCode, await resent.Content.ReadAsStringAsync());

        // The resent package is settled: the original parcel takes no second case for it (the resend can have its own).
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Damaged", description = "again" }))
            .IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        var cases = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/after-sales");
        var resend = Assert.Single(cases.EnumerateArray()).GetProperty("resendShipmentId").GetInt64();
        var pending = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?status=Pending");
        Assert.Equal(resend, Assert.Single(pending).GetProperty("id").GetInt64());
        // The lost parcel never arrives: it is cancelled and leaves the order's count.
        Assert.Equal(parcel, Assert.Single(await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?status=Cancelled")).GetProperty("id").GetInt64());

        // Every parcel delivered, the resend too (the lost one no longer counts): the order is Delivered.
        var at = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(2).ToString("yyyy-MM-dd HH:mm");
        var delivered = "shipment_id,carrier,tracking_no,delivered_at\n" + $"{mine[1].GetProperty("id").GetInt64()},顺丰速运,SF{mine[1].GetProperty("id").GetInt64():D10},{at}\n" +
                        $"{resend},顺丰速运,SF9{resend:D9},{at}\n";
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, delivered)).EnsureSuccessStatusCode();
        var theirs = await FulfilmentApiTests.ShipmentsAsync(other.Client, "/api/v1/supplier/shipments");
        (await FulfilmentApiTests.ImportAsync(other.Client, "shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", theirs.Select(m => $"{m.GetProperty("id").GetInt64()},中通快递,ZT{m.GetProperty("id").GetInt64():D10},{at}")))).EnsureSuccessStatusCode();
        Assert.Equal("Delivered", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_reports_are_refused_naming_the_field()
    {
        var (s, _, order, mine, _) = await SentAsync();
        var invalid = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { kind = "Stolen", description = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("shipmentId", out _) && errors.TryGetProperty("kind", out _) && errors.TryGetProperty("description", out _), errors.ToString());
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = mine[0].GetProperty("id").GetInt64(), kind = "Damaged", packages = 2, description = "x" }))
            .IsValidationProblemAsync("packages");
        Assert.Equal(HttpStatusCode.NotFound, (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = 999_999_999L, kind = "Damaged", description = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = mine[0].GetProperty("id").GetInt64(), kind = "Damaged", description = "x" })).StatusCode);
    }
}
