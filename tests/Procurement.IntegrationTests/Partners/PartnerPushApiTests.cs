using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Procurement.Core.Partners;
using Procurement.IntegrationTests.Ordering;

namespace Procurement.IntegrationTests.Partners;

/// <summary>The app with partner secrets configured.</summary>
public class PartnerApp : ProcurementApp
{
    public const string Secret832 = "p832-secret-longpinhui", SecretJsgh = "jsgh-secret-longpinhui";


    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Partners:P832:Secret", Secret832);
        builder.UseSetting("Partners:JSGH:Secret", SecretJsgh);
        builder.UseSetting("Partners:Pull:RetryDelay", "00:00:00.050");
    }
}

/// <summary>Partner order pushes: signed both ways within 300 s, idempotent per partner order number, taking stock like any sale.</summary>
public sealed class PartnerPushApiTests(PartnerApp app) : IClassFixture<PartnerApp>
{
    private static string Body(string number, string skuCode, int quantity, decimal price, decimal paid, string status = "Completed") =>
        JsonSerializer.Serialize(new
        {
            partnerOrderNo = number, placedAt = DateTimeOffset.UtcNow.AddMinutes(-10), buyerName = "苏州市总工会",
            lines = new[] { new { skuCode, quantity, unitPrice = price } },
            recipient = new { name = "张三", phone = "13800138000", province = "江苏省", city = "苏州市", district = "姑苏区", address = "人民路 100 号" },
            paidAmount = paid, status,
        });

    private Task<HttpResponseMessage> SendAsync(string path, string body, string secret = PartnerApp.Secret832, long? timestamp = null, string? signature = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Partner-Timestamp", ts);
        request.Headers.Add("X-Partner-Signature", signature ?? PartnerSignature.Sign(secret, ts, Encoding.UTF8.GetBytes(body)));
        return app.CreateClient().SendAsync(request);
    }

    private async Task<(OrderingScenario S, Guid Sku, string Code)> SkuAsync(int stock)
    {
        var s = await OrderingScenario.CreateAsync(app);
        var sku = (await s.PublishAsync((30m, stock)))[0];
        return (s, sku, (await s.SkuAsync(sku)).GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task A_signed_push_makes_an_order_once_takes_stock_and_a_changed_body_is_a_revision()
    {
        var (s, sku, code) = await SkuAsync(stock: 50);
        var number = $"８３２{Guid.NewGuid():N}"[..20];
        var body = Body(number, code, 3, 30m, 90m);
        var created = await SendAsync("/api/v1/partners/P832/orders", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^LP\\d{8}-\\d{6}$", order.GetProperty("number").GetString());
        Assert.Equal(47, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());

        var again = await SendAsync("/api/v1/partners/p832/orders", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(order.GetProperty("orderId").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid());
        var revised = await SendAsync("/api/v1/partners/P832/orders", Body(number, code, 3, 30m, 60m, "PartiallyRefunded"));
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Equal(47, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());

        var finance = await s.FinanceAsync();
        // The full-width digits of the partner's number are its key in ASCII.
        var key = PartnerCodes.OrderKey(number);
        var listed = Assert.Single((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/partner-orders?partnerCode=P832&q={key}")).GetProperty("items").EnumerateArray());
        Assert.Equal((key, "PartiallyRefunded", 60m, 1), (listed.GetProperty("partnerOrderNo").GetString(), listed.GetProperty("status").GetString(),
            listed.GetProperty("paidAmount").GetDecimal(), listed.GetProperty("revisions").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/finance/partner-orders")).StatusCode);

        // Refunds: recorded once, never more than was paid.
        var refund = JsonSerializer.Serialize(new { amount = 30m, refundedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.OK, (await SendAsync($"/api/v1/partners/P832/orders/{key}/refunds", refund)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync($"/api/v1/partners/P832/orders/{key}/refunds", refund)).StatusCode);
        await (await SendAsync($"/api/v1/partners/P832/orders/{key}/refunds", JsonSerializer.Serialize(new { amount = 31m, refundedAt = DateTimeOffset.UtcNow })))
            .IsValidationProblemAsync("amount");
        listed = Assert.Single((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/partner-orders?q={key}")).GetProperty("items").EnumerateArray());
        Assert.Equal(30m, listed.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("/api/v1/partners/P832/orders/NO-SUCH/refunds", refund)).StatusCode);
    }

    [Fact]
    public async Task A_sale_beyond_the_stock_is_accepted_taken_to_what_is_there_and_the_supplier_is_told()
    {
        var (s, sku, code) = await SkuAsync(stock: 2);
        var response = await SendAsync("/api/v1/partners/P832/orders", Body($"OV{Guid.NewGuid():N}"[..18], code, 5, 30m, 150m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(0, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());
        var notices = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices");
        Assert.Contains("超卖", notices.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signatures_are_checked_both_ways_in_time_and_partners_and_bodies_are_checked()
    {
        var (_, _, code) = await SkuAsync(stock: 10);
        var body = Body($"SIG{Guid.NewGuid():N}"[..18], code, 1, 30m, 30m);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("/api/v1/partners/TAOBAO/orders", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("/api/v1/partners/GSXF/orders", body)).StatusCode); // no secret configured
        await (await SendAsync("/api/v1/partners/P832/orders", body, secret: PartnerApp.SecretJsgh)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync("/api/v1/partners/P832/orders", body, timestamp: now - 301)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync("/api/v1/partners/P832/orders", body, timestamp: now + 301)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync("/api/v1/partners/P832/orders", body, signature: "00")).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("/api/v1/partners/P832/orders", body, timestamp: now - 290)).StatusCode);

        await (await SendAsync("/api/v1/partners/P832/orders", "not json")).IsValidationProblemAsync("body");
        var bad = await SendAsync("/api/v1/partners/P832/orders", Body("", "NO-SUCH-SKU", 0, -1m, 1.234m, "Lost"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "partnerOrderNo", "lines[0].skuCode", "lines[0].quantity", "lines[0].unitPrice", "paidAmount", "status" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        }
    }

    [Fact]
    public void The_signature_is_hex_hmac_of_timestamp_dot_body_and_full_width_numbers_are_keys_in_ascii()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var signature = PartnerSignature.Sign("s", "1800000000", body);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("s"), Encoding.UTF8.GetBytes("1800000000.{}"))), signature);
        Assert.True(PartnerSignature.Verify("s", "1800000000", signature.ToUpperInvariant(), body, now.AddSeconds(300)));
        Assert.False(PartnerSignature.Verify("s", "1800000000", signature, body, now.AddSeconds(301)));
        Assert.False(PartnerSignature.Verify("s", "1800000000", signature, body, now.AddSeconds(-301)));
        Assert.Equal("P832-0012", PartnerCodes.OrderKey("  Ｐ８３２－００１２\u3000"));
    }
}
