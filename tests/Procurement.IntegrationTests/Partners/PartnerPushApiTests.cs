using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Partners;
using Procurement.IntegrationTests.Catalog.Listings;
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
        var refund = JsonSerializer.Serialize(new { partnerOrderNo = key, amount = 30m, refundedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.OK, (await SendAsync($"/api/v1/partners/P832/orders/{key}/refunds", refund)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync($"/api/v1/partners/P832/orders/{key}/refunds", refund)).StatusCode);
        await (await SendAsync($"/api/v1/partners/P832/orders/{key}/refunds", JsonSerializer.Serialize(new { partnerOrderNo = key, amount = 31m, refundedAt = DateTimeOffset.UtcNow })))
            .IsValidationProblemAsync("amount");
        listed = Assert.Single((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/partner-orders?q={key}")).GetProperty("items").EnumerateArray());
        Assert.Equal(30m, listed.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("/api/v1/partners/P832/orders/NO-SUCH/refunds", refund.Replace(key, "NO-SUCH", StringComparison.Ordinal))).StatusCode);
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
        // Read at each send: a clock read once goes stale while a loaded machine answers the earlier requests.
        static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("/api/v1/partners/TAOBAO/orders", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("/api/v1/partners/GSXF/orders", body)).StatusCode); // no secret configured
        await (await SendAsync("/api/v1/partners/P832/orders", body, secret: PartnerApp.SecretJsgh)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync("/api/v1/partners/P832/orders", body, timestamp: Now() - 305)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync("/api/v1/partners/P832/orders", body, timestamp: Now() + 305)).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync("/api/v1/partners/P832/orders", body, signature: "00")).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("/api/v1/partners/P832/orders", body, timestamp: Now() - 290)).StatusCode);

        await (await SendAsync("/api/v1/partners/P832/orders", "not json")).IsValidationProblemAsync("body");
        var bad = await SendAsync("/api/v1/partners/P832/orders", Body("", "NO-SUCH-SKU", 0, -1m, 1.234m, "Lost"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "partnerOrderNo", "lines[0].quantity", "lines[0].unitPrice", "paidAmount", "status" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        }
    }

    /// <summary>A published product of <paramref name="supplier"/> with one SKU of the given code; answers the SKU's id.</summary>
    private async Task<Guid> PublishAsync(OrderingScenario s, SupplierScenario supplier, string code, int stock, bool publish = true)
    {
        var body = SupplierScenario.Product("岷县当归礼盒", code);
        body["skus"] = new[] { new Dictionary<string, object?> { ["code"] = code, ["spec"] = "1kg", ["price"] = 30m, ["stock"] = stock, ["minOrderQuantity"] = 1, ["tierPrices"] = Array.Empty<object>() } };
        var product = await supplier.CreateAsync(body);
        if (publish)
        {
            var id = product.GetProperty("id").GetGuid();
            await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
            var approved = await (await s.App.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }
        return product.GetProperty("skus")[0].GetProperty("id").GetGuid();
    }

    private static async Task<int> StockAsync(SupplierScenario supplier, Guid sku)
    {
        var products = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products?pageSize=100");
        return products.GetProperty("items").EnumerateArray().SelectMany(p => p.GetProperty("skus").EnumerateArray())
            .First(x => x.GetProperty("id").GetGuid() == sku).GetProperty("stock").GetInt32();
    }

    private static string Lines(string number, params (string SkuCode, int Quantity)[] lines) =>
        JsonSerializer.Serialize(new
        {
            partnerOrderNo = number, placedAt = DateTimeOffset.UtcNow.AddMinutes(-10), buyerName = "苏州市总工会",
            lines = lines.Select(l => new { skuCode = l.SkuCode, quantity = l.Quantity, unitPrice = 30m }).ToArray(),
            recipient = new { name = "张三", phone = "13800138000", province = "江苏省", city = "苏州市", district = "姑苏区", address = "人民路 100 号" },
            paidAmount = 30m * lines.Sum(l => l.Quantity), status = "Completed",
        });

    [Fact]
    public async Task A_code_shared_by_a_published_sku_and_another_suppliers_draft_resolves_to_the_published_one()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var other = await SupplierScenario.CreateAsync(app, "岷县当归合作社");
        var code = SupplierScenario.Code();
        var published = await PublishAsync(s, s.Supplier, code, stock: 20);
        var draft = await PublishAsync(s, other, code, stock: 20, publish: false);

        var response = await SendAsync("/api/v1/partners/P832/orders", Lines($"SH{Guid.NewGuid():N}"[..18], (code, 3)));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(17, await StockAsync(s.Supplier, published));
        Assert.Equal(20, await StockAsync(other, draft));
    }

    [Fact]
    public async Task A_code_naming_two_published_skus_or_only_an_unpublished_one_answers_422_naming_the_line_and_takes_nothing()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var other = await SupplierScenario.CreateAsync(app, "岷县当归合作社");
        var (shared, unpublished, fine) = (SupplierScenario.Code(), SupplierScenario.Code(), SupplierScenario.Code());
        var first = await PublishAsync(s, s.Supplier, shared, stock: 20);
        var second = await PublishAsync(s, other, shared, stock: 20);
        var draft = await PublishAsync(s, other, unpublished, stock: 20, publish: false);
        var ok = await PublishAsync(s, s.Supplier, fine, stock: 20);

        var response = await SendAsync("/api/v1/partners/P832/orders", Lines($"AM{Guid.NewGuid():N}"[..18], (fine, 1), (shared, 2), (unpublished, 3), ("NO-SUCH-SKU", 1)));

        var problem = await response.IsProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-sku");
        var errors = problem.GetProperty("errors");
        Assert.Equal(["lines[1].skuCode", "lines[2].skuCode", "lines[3].skuCode"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal((20, 20, 20, 20), (await StockAsync(s.Supplier, first), await StockAsync(other, second), await StockAsync(other, draft), await StockAsync(s.Supplier, ok)));
    }

    [Fact]
    public async Task A_quantity_above_the_documented_maximum_is_refused_naming_the_line()
    {
        var (s, sku, code) = await SkuAsync(stock: 50);

        var response = await SendAsync("/api/v1/partners/P832/orders", Lines($"QT{Guid.NewGuid():N}"[..18], (code, 1), (code, 10_001)));

        await response.IsValidationProblemAsync("lines[1].quantity");
        Assert.Equal(50, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());
    }

    [Fact]
    public async Task A_signed_refund_of_one_order_replayed_on_another_orders_path_changes_nothing()
    {
        var (s, _, code) = await SkuAsync(stock: 50);
        var (a, b) = ($"RA{Guid.NewGuid():N}"[..18].ToUpperInvariant(), $"RB{Guid.NewGuid():N}"[..18].ToUpperInvariant());
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("/api/v1/partners/P832/orders", Body(a, code, 1, 30m, 30m))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("/api/v1/partners/P832/orders", Body(b, code, 1, 30m, 30m))).StatusCode);
        var captured = JsonSerializer.Serialize(new { partnerOrderNo = a, amount = 30m, refundedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        await (await SendAsync($"/api/v1/partners/P832/orders/{b}/refunds", captured)).IsValidationProblemAsync("partnerOrderNo");
        await (await SendAsync($"/api/v1/partners/P832/orders/{b}/refunds", JsonSerializer.Serialize(new { amount = 30m, refundedAt = DateTimeOffset.UtcNow.AddMinutes(-1) })))
            .IsValidationProblemAsync("partnerOrderNo");

        var finance = await s.FinanceAsync();
        var listed = Assert.Single((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/partner-orders?q={b}")).GetProperty("items").EnumerateArray());
        Assert.Equal(("Completed", 0m), (listed.GetProperty("status").GetString(), listed.GetProperty("refundedAmount").GetDecimal()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync($"/api/v1/partners/P832/orders/{a}/refunds", captured)).StatusCode);
    }

    /// <summary>A body whose length is not known in advance: sent chunked.</summary>
    private sealed class Unseekable(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    [Theory]
    [InlineData("/api/v1/partners/P832/orders", true)]
    [InlineData("/api/v1/partners/P832/orders", false)]
    [InlineData("/api/v1/partners/P832/orders/ANY/refunds", true)]
    [InlineData("/api/v1/partners/P832/orders/ANY/refunds", false)]
    public async Task A_body_over_1_mb_is_refused_413_whether_its_length_is_declared_or_not(string path, bool declared)
    {
        var body = Encoding.UTF8.GetBytes("{\"partnerOrderNo\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = declared ? new ByteArrayContent(body) : new StreamContent(new Unseekable(body)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Partner-Timestamp", ts);
        request.Headers.Add("X-Partner-Signature", PartnerSignature.Sign(PartnerApp.Secret832, ts, body));

        var response = await app.CreateClient().SendAsync(request);

        await response.IsProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    /// <summary>A body of <paramref name="length"/> bytes that counts what was read of it.</summary>
    private sealed class CountingBody(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            Array.Fill(buffer, (byte)'x', offset, n);
            BytesRead += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_handlers_read_a_chunked_body_to_one_byte_past_1_mb_even_behind_a_server_without_its_own_limit()
    {
        foreach (var refund in new[] { false, true })
        {
            // No server feature bounds this request: the handler itself must stop reading.
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };
            var body = new CountingBody(3 * 1024 * 1024);
            context.Request.Method = "POST";
            context.Request.Body = body;
            context.Request.Headers["X-Partner-Timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Request.Headers["X-Partner-Signature"] = "00";
            var scopes = app.Services.GetRequiredService<Microsoft.Extensions.DependencyInjection.IServiceScopeFactory>();

            Microsoft.AspNetCore.Http.IResult answer = refund
                ? (await Web.Api.PartnersEndpoints.Refund("P832", "ANY", context.Request, scopes, CancellationToken.None)).Result
                : (await Web.Api.PartnersEndpoints.Push("P832", context.Request, scopes, CancellationToken.None)).Result;

            var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(answer);
            Assert.Equal(413, problem.StatusCode);
            Assert.InRange(body.BytesRead, 1, Web.Api.PartnersEndpoints.MaxPushBytes + 1);
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
