using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Settlement;

/// <summary>Monthly supplier statements: deliveries by the Beijing month, refunds, the service fee; a settled month stays frozen.</summary>
public sealed class SettlementApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task A_settled_month_is_frozen_and_a_later_refund_or_late_delivery_counts_in_the_next_month()
    {
        // 23:40 on 30 November in Beijing.
        var november = DateTimeOffset.Parse("2026-11-30T15:40:00Z");
        app.Clock.Now = november;
        try
        {
            var s = await CreateAsync(app, threshold: 1_000_000m);
            var sku = (await s.PublishAsync((120m, 100)))[0];
            var order = await s.ReadyAsync([(sku, 3)], Rows(3));
            var finance = await s.FinanceAsync();
            await s.PayByTransferAsync(order, finance, november.AddMinutes(-5));
            var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments");
            var ids = parcels.Select(p => p.GetProperty("id").GetInt64()).Order().ToList();
            (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no,delivered_at\n" +
                $"{ids[0]},EMS,EMS00000001,2026-11-30 23:30\n{ids[1]},EMS,EMS00000002,2026-11-30 23:35\n{ids[2]},EMS,EMS00000003,\n")).EnsureSuccessStatusCode();

            var statement = Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-11")).EnumerateArray());
            Assert.Equal((2, 240.00m, 0m, 0.03m, 7.20m, 232.80m, false), (statement.GetProperty("parcels").GetInt32(), statement.GetProperty("deliveredValue").GetDecimal(),
                statement.GetProperty("refunds").GetDecimal(), statement.GetProperty("feeRate").GetDecimal(), statement.GetProperty("fee").GetDecimal(),
                statement.GetProperty("amountDue").GetDecimal(), statement.GetProperty("settled").GetBoolean()));
            await (await finance.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");

            // 00:10 on 1 December in Beijing: November is over and finance settles it.
            app.Clock.Now = november.AddMinutes(30);
            var settled = await finance.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null);
            Assert.True(settled.IsSuccessStatusCode, await settled.Content.ReadAsStringAsync());
            Assert.True((await settled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settled").GetBoolean());
            await (await finance.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
            Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null)).StatusCode);

            // After the freeze: the third parcel is reported delivered at 23:50 on 30 November, and a November
            // parcel is refunded after-sales. Both count in December; November stays as settled.
            (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{ids[2]},EMS,EMS00000003,2026-11-30 23:50\n")).EnsureSuccessStatusCode();
            var afterSales = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = ids[0], kind = "Damaged", description = "百合变质" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{afterSales.GetProperty("id").GetGuid()}/refund", new { })).EnsureSuccessStatusCode();

            var frozen = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-11")).EnumerateArray().Single(x => x.GetProperty("supplierId").GetGuid() == s.Supplier.SupplierId);
            Assert.Equal((2, 240.00m, 0m, 232.80m, true), (frozen.GetProperty("parcels").GetInt32(), frozen.GetProperty("deliveredValue").GetDecimal(),
                frozen.GetProperty("refunds").GetDecimal(), frozen.GetProperty("amountDue").GetDecimal(), frozen.GetProperty("settled").GetBoolean()));
            var december = Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-12")).EnumerateArray());
            Assert.Equal((1, 120.00m, 120.00m, 3.60m, -3.60m, false), (december.GetProperty("parcels").GetInt32(), december.GetProperty("deliveredValue").GetDecimal(),
                december.GetProperty("refunds").GetDecimal(), december.GetProperty("fee").GetDecimal(), december.GetProperty("amountDue").GetDecimal(),
                december.GetProperty("settled").GetBoolean()));

            // The statement exports with its lines; nobody else's supplier reads it.
            var xlsx = await s.Supplier.Client.GetAsync($"/api/v1/settlements/2026-11/{s.Supplier.SupplierId}/export?format=xlsx");
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
            var csv = await finance.GetStringAsync($"/api/v1/settlements/2026-12/{s.Supplier.SupplierId}/export?format=csv");
            Assert.Contains("应结金额,-3.60", csv, StringComparison.Ordinal);
            Assert.Contains("退款", csv, StringComparison.Ordinal);
            var stranger = await SupplierScenario.CreateAsync(app, "礼县苹果专业合作社");
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/settlements/2026-11/{s.Supplier.SupplierId}/export")).StatusCode);
            Assert.Empty((await stranger.Client.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-11")).EnumerateArray());
            Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/settlements/2026-11")).StatusCode);
            await (await finance.GetAsync("/api/v1/settlements/November")).IsValidationProblemAsync("month");
        }
        finally
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
        }
    }
}
