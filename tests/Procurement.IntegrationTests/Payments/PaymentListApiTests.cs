using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Payments;

/// <summary>Finance's payments list: filters, paging, and its export as CSV and XLSX.</summary>
public sealed class PaymentListApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Finance_filters_payments_and_exports_them_with_amounts_as_numbers()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var paid = await s.ReadyAsync([(sku, 2)], Rows(2));
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(paid, finance);
        var waiting = await s.ReadyAsync([(sku, 4)], Rows(4, first: 13700000000));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{waiting}/submit", null)).EnsureSuccessStatusCode();
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{waiting}/payments", new { method = "bank_transfer" })).EnsureSuccessStatusCode();
        var paidNumber = (await s.OrderAsync(paid)).GetProperty("number").GetString()!;
        var waitingNumber = (await s.OrderAsync(waiting)).GetProperty("number").GetString()!;
        var today = DateTimeOffset.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

        var succeeded = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/payments?status=Succeeded&method=bank_transfer&from={today}&to={today}&pageSize=100");
        Assert.Contains(succeeded.GetProperty("items").EnumerateArray(), p => p.GetProperty("orderNumber").GetString() == paidNumber);
        Assert.DoesNotContain(succeeded.GetProperty("items").EnumerateArray(), p => p.GetProperty("orderNumber").GetString() == waitingNumber);
        var one = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/payments?q={waitingNumber}");
        Assert.Equal(("Pending", 100.00m), (Assert.Single(one.GetProperty("items").EnumerateArray()).GetProperty("status").GetString(), one.GetProperty("items")[0].GetProperty("amount").GetDecimal()));
        var none = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/payments?q={waitingNumber}&from=2020-01-01&to=2020-01-31");
        Assert.Equal(0, none.GetProperty("total").GetInt32());

        var bytes = await finance.GetByteArrayAsync($"/api/v1/finance/payments/export?format=csv&q={paidNumber}");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("订单号,工会,方式,状态", csv, StringComparison.Ordinal);
        Assert.Contains($"{paidNumber},", csv, StringComparison.Ordinal);
        Assert.Contains(",50.00,50.00,0.00,", csv, StringComparison.Ordinal);
        var xlsx = await finance.GetAsync("/api/v1/finance/payments/export?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        var invalid = await finance.GetAsync("/api/v1/finance/payments?status=Lost&method=cash&from=2026-12-02&to=2026-12-01");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _) && errors.TryGetProperty("method", out _) && errors.TryGetProperty("to", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.GetAsync("/api/v1/finance/payments/export?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/finance/payments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync("/api/v1/finance/payments/export")).StatusCode);
    }
}
