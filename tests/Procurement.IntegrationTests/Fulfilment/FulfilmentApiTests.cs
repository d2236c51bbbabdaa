using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Fulfilment;

/// <summary>Paying creates a parcel per supplier per recipient; suppliers send them by tracking import; the order follows to Completed.</summary>
public sealed class FulfilmentApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    internal static Task<HttpResponseMessage> ImportAsync(HttpClient supplier, string csv, string fileName = "tracking.csv")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return supplier.PostAsync("/api/v1/supplier/shipments/tracking", form);
    }

    internal static async Task<List<JsonElement>> ShipmentsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray().ToList();

    /// <summary>An order of two suppliers' SKUs for three recipients (one taking two packages), paid by bank transfer.</summary>
    private async Task<(OrderingScenario S, SupplierScenario Other, Guid Order, Guid SkuA, Guid SkuB, HttpClient Finance)> PaidAsync()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var other = await SupplierScenario.CreateAsync(app, "甘南牦牛肉专业合作社");
        var skuA = (await s.PublishAsync((40m, 100)))[0];
        var skuB = (await s.PublishAsync(other, (60m, 100)))[0];
        var order = await s.ReadyAsync([(skuA, 4), (skuB, 8)],
            "张三,13800000001,江苏省,南京市,鼓楼区,中山北路 1 号,1",
            "李四,13800000002,江苏省,苏州市,姑苏区,人民路 100 号,2",
            "王五,13800000003,江苏省,无锡市,梁溪区,中山路 8 号,1");
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        return (s, other, order, skuA, skuB, finance);
    }

    [Fact]
    public async Task Paying_makes_a_parcel_per_supplier_per_recipient_and_tracking_moves_the_order_to_completed()
    {
        var (s, other, order, _, _, _) = await PaidAsync();
        var progress = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/fulfilment");
        Assert.Equal(2, progress.GetProperty("suppliers").GetArrayLength());
        Assert.Equal(6, progress.GetProperty("pending").GetInt32());

        // Each supplier sees its own three parcels, never the other's; the purchaser sees all six.
        var mine = await ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?status=Pending");
        Assert.Equal(3, mine.Count);
        Assert.All(mine, m => Assert.Equal(s.Supplier.SupplierId, m.GetProperty("supplierId").GetGuid()));
        var theirs = await ShipmentsAsync(other.Client, "/api/v1/supplier/shipments");
        Assert.Equal(3, theirs.Count);
        Assert.Empty(mine.Select(m => m.GetProperty("id").GetInt64()).Intersect(theirs.Select(t => t.GetProperty("id").GetInt64())));
        Assert.Equal(6, (await ShipmentsAsync(s.Purchaser, $"/api/v1/orders/{order}/shipments?pageSize=50")).Count);
        var li = Assert.Single(await ShipmentsAsync(s.Purchaser, $"/api/v1/orders/{order}/shipments?q=李四&pageSize=50"), x => x.GetProperty("supplierId").GetGuid() == s.Supplier.SupplierId);
        Assert.Equal(2, li.GetProperty("packages").GetInt32());

        // The packing list says what goes in each parcel: 4 units ÷ 4 packages × the recipient's packages.
        var csv = await s.Supplier.Client.GetStringAsync("/api/v1/supplier/shipments/packing-list?format=csv");
        Assert.StartsWith("shipment_id,carrier,tracking_no,delivered_at,订单号", csv.TrimStart('\uFEFF'));
        var liRow = csv.Split("\r\n").Single(l => l.Contains("李四", StringComparison.Ordinal));
        Assert.Contains("× 2", liRow, StringComparison.Ordinal);
        var xlsx = await s.Supplier.Client.GetAsync("/api/v1/supplier/shipments/packing-list?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        // Supplier A sends all three: the order is Shipping.
        var sent = await ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no\n" + string.Join("\n", mine.Select((m, i) => $"{m.GetProperty("id").GetInt64()},顺丰速运,SF10000000{i}")));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Equal(3, (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shipped").GetInt32());
        Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());

        // Supplier B reports its three sent and delivered at once: A's are still on the way, so not Delivered yet.
        var at = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(-30).ToString("yyyy-MM-dd HH:mm");
        var delivered = await ImportAsync(other.Client, "shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", theirs.Select((m, i) => $"{m.GetProperty("id").GetInt64()},中通快递,ZT20000000{i},{at}")));
        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());
        Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());

        // Two of A's arrive by A's import, the last is confirmed by the purchaser: Delivered, then Completed.
        var later = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(2).ToString("yyyy-MM-dd HH:mm");
        var twoDelivered = await ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", mine.Take(2).Select((m, i) => $"{m.GetProperty("id").GetInt64()},顺丰速运,SF10000000{i},{later}")));
        Assert.True(twoDelivered.IsSuccessStatusCode, await twoDelivered.Content.ReadAsStringAsync());
        Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/complete", null)).StatusCode);
        var last = mine[2].GetProperty("id").GetInt64();
        var confirmed = await s.Purchaser.PostAsync($"/api/v1/orders/{order}/shipments/{last}/delivery", null);
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        Assert.Equal("Delivered", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var deliveredOrder = await s.OrderAsync(order);
        Assert.Equal("Delivered", deliveredOrder.GetProperty("status").GetString());
        Assert.Equal(["Approved", "Paid", "Shipping", "Delivered"], deliveredOrder.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).TakeLast(4));

        var completed = await s.Purchaser.PostAsync($"/api/v1/orders/{order}/complete", null);
        Assert.True(completed.IsSuccessStatusCode, await completed.Content.ReadAsStringAsync());
        Assert.Equal("Completed", (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var final = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/fulfilment");
        Assert.Equal((0, 0, 6), (final.GetProperty("pending").GetInt32(), final.GetProperty("shipped").GetInt32(), final.GetProperty("delivered").GetInt32()));
    }

    [Fact]
    public async Task A_tracking_file_with_any_bad_row_is_refused_whole_naming_every_row()
    {
        var (s, other, order, _, _, _) = await PaidAsync();
        var mine = await ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments");
        var theirs = await ShipmentsAsync(other.Client, "/api/v1/supplier/shipments");
        var (a, b) = (mine[0].GetProperty("id").GetInt64(), mine[1].GetProperty("id").GetInt64());
        var csv = "shipment_id,carrier,tracking_no,delivered_at\n" +
                  $"{a},顺丰速运,SF1234567890,\n" +                                 // row 2: fine
                  $"{theirs[0].GetProperty("id").GetInt64()},顺丰速运,SF1,\n" +     // row 3: another supplier's; too short a number
                  $"{a},顺丰速运,SF1234567891,\n" +                                 // row 4: repeats row 2
                  $"{b},,SF1234567892,明天\n" +                                     // row 5: no carrier; not a date
                  $"999999999,顺丰速运,SF1234567893,\n" +                           // row 6: no such shipment
                  $"{b},顺丰速运,SF1234567894,2099-01-01\n";                        // row 7: delivered in the future
        var response = await ImportAsync(s.Supplier.Client, csv);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var key in new[] { "row 3: shipment_id", "row 3: tracking_no", "row 4: shipment_id", "row 5: carrier", "row 5: delivered_at", "row 6: shipment_id", "row 7: delivered_at" })
        {
            Assert.True(errors.TryGetProperty(key, out _), $"{key} missing in {errors}");
        }
        Assert.False(errors.TryGetProperty("row 2: shipment_id", out _));
        // Nothing was written: every parcel still pending, the order still Paid.
        Assert.All(await ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments"), x => Assert.Equal("Pending", x.GetProperty("status").GetString()));
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());

        // Wrong header, an empty file, no file at all.
        var header = await ImportAsync(s.Supplier.Client, "id,快递,number\n1,2,3\n");
        Assert.Equal(HttpStatusCode.BadRequest, header.StatusCode);
        Assert.Contains("tracking_no", await header.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(s.Supplier.Client, "")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Supplier.Client.PostAsync("/api/v1/supplier/shipments/tracking", new MultipartFormDataContent())).StatusCode);
    }

    [Fact]
    public async Task Only_suppliers_import_and_nobody_sees_another_unions_parcels()
    {
        var (s, _, order, _, _, finance) = await PaidAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(s.Purchaser, "shipment_id,carrier,tracking_no\n1,顺丰,SF12345678\n")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/supplier/shipments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync($"/api/v1/orders/{order}/shipments")).StatusCode);
        var stranger = await CreateAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Purchaser.GetAsync($"/api/v1/orders/{order}/shipments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Purchaser.GetAsync($"/api/v1/orders/{order}/fulfilment")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Purchaser.GetAsync($"/api/v1/orders/{order}/refunds")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Purchaser.GetAsync($"/api/v1/orders/{order}/after-sales")).StatusCode);
        Assert.Equal(6, (await ShipmentsAsync(finance, $"/api/v1/orders/{order}/shipments?pageSize=50")).Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Supplier.Client.GetAsync("/api/v1/supplier/shipments?status=Lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Supplier.Client.GetAsync("/api/v1/supplier/shipments/packing-list?format=pdf")).StatusCode);
    }
}
