using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.IntegrationTests.Catalog.Listings;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>
/// A union with a purchaser and an approver, and a supplier with published SKUs to order: what every ordering test
/// starts from. Budgets are for the current Beijing year, so the tests hold whatever day they run on.
/// </summary>
internal sealed class OrderingScenario
{
    public const string Password = "Union2026pass";

    private OrderingScenario(ProcurementApp app, Guid unionId, HttpClient purchaser, HttpClient approver, SupplierScenario supplier, string purchaserEmail)
    {
        PurchaserEmail = purchaserEmail;
        App = app;
        UnionId = unionId;
        Purchaser = purchaser;
        Approver = approver;
        Supplier = supplier;
    }

    public ProcurementApp App { get; }
    public string PurchaserEmail { get; }
    public Guid UnionId { get; }
    public HttpClient Purchaser { get; }
    public HttpClient Approver { get; }
    public SupplierScenario Supplier { get; }

    public static int Year => BusinessDate.Year(TimeProvider.System);

    public static async Task<OrderingScenario> CreateAsync(ProcurementApp app, decimal budget = 1_000_000m, decimal cap = 1_800m, decimal threshold = 0m,
        string? language = null)
    {
        var unionId = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<UnionAdmin>().CreateAsync(new UnionRequest
        {
            Name = $"南京测试工会{Guid.NewGuid():N}"[..12],
            Uscc = TestUscc.Next(),
            ProvinceCode = "320000",
            MemberCount = 3000,
            AnnualCapPerMember = cap,
            ApprovalThreshold = threshold,
            Budgets = [new() { Year = Year, Amount = budget }],
        }, CancellationToken.None)).Value!.Id);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync($"p{tag}@test.example.cn", Password, Roles.Purchaser, unionId: unionId);
        await app.CreateUserAsync($"a{tag}@test.example.cn", Password, Roles.Approver, unionId: unionId);
        var supplier = await SupplierScenario.CreateAsync(app);
        return new OrderingScenario(app, unionId,
            await app.SignedInClientAsync($"p{tag}@test.example.cn", Password, language),
            await app.SignedInClientAsync($"a{tag}@test.example.cn", Password, language),
            supplier, $"p{tag}@test.example.cn");
    }

    /// <summary>A published product with one SKU per (price, stock); returns the SKU ids in order.</summary>
    public Task<IReadOnlyList<Guid>> PublishAsync(params (decimal Price, int Stock)[] skus) => PublishAsync(Supplier, skus);

    /// <summary>The same, listed by another supplier (an order that spans suppliers).</summary>
    public async Task<IReadOnlyList<Guid>> PublishAsync(SupplierScenario supplier, params (decimal Price, int Stock)[] skus)
    {
        var codes = skus.Select(_ => SupplierScenario.Code()).ToArray();
        var body = SupplierScenario.Product("岷县当归礼盒", codes);
        body["skus"] = skus.Select((s, i) => new Dictionary<string, object?>
        {
            ["code"] = codes[i],
            ["spec"] = $"规格{i + 1}",
            ["price"] = s.Price,
            ["stock"] = s.Stock,
            ["minOrderQuantity"] = 1,
            ["tierPrices"] = Array.Empty<object>(),
        }).ToList();
        var product = await supplier.CreateAsync(body);
        var id = product.GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        var admin = await App.AdminClientAsync();
        var approved = await admin.PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return product.GetProperty("skus").EnumerateArray()
            .OrderBy(s => Array.IndexOf(codes, s.GetProperty("code").GetString()))
            .Select(s => s.GetProperty("id").GetGuid()).ToList();
    }

    public static Task<HttpResponseMessage> PostOrderAsync(HttpClient client, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return client.SendAsync(request);
    }

    /// <summary>A draft with the given lines; returns its id.</summary>
    public async Task<Guid> DraftAsync(params (Guid SkuId, int Quantity)[] lines)
    {
        var response = await PostOrderAsync(Purchaser, new { occasion = "MidAutumn", note = "中秋慰问", lines = lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static string Csv(params string[] rows) => "姓名,手机号,省,市,区县,详细地址,份数\n" + string.Join("\n", rows) + "\n";

    /// <summary><paramref name="count"/> valid recipient rows with distinct mobiles starting at <paramref name="first"/>, each taking <paramref name="packages"/>.</summary>
    public static string[] Rows(int count, long first = 13800000000, int packages = 1) =>
        Enumerable.Range(0, count).Select(i => $"职工{i + 1},{first + i},江苏省,南京市,鼓楼区,中山北路{i + 1}号,{packages}").ToArray();

    public static Task<HttpResponseMessage> PutRecipientsAsync(HttpClient client, Guid orderId, string csv, string fileName = "recipients.csv") =>
        PutRecipientsAsync(client, orderId, Encoding.UTF8.GetBytes(csv), fileName);

    public static Task<HttpResponseMessage> PutRecipientsAsync(HttpClient client, Guid orderId, byte[] bytes, string fileName = "recipients.csv")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        content.Add(file, "file", fileName);
        return client.PutAsync($"/api/v1/orders/{orderId}/recipients", content);
    }

    /// <summary>A draft with recipients set, ready to submit.</summary>
    public async Task<Guid> ReadyAsync((Guid SkuId, int Quantity)[] lines, params string[] recipientRows)
    {
        var id = await DraftAsync(lines);
        var put = await PutRecipientsAsync(Purchaser, id, Csv(recipientRows));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>A signed-in finance clerk.</summary>
    public async Task<HttpClient> FinanceAsync()
    {
        var email = $"f{Guid.NewGuid():N}"[..10] + "@test.example.cn";
        await App.CreateUserAsync(email, Password, Roles.Finance);
        return await App.SignedInClientAsync(email, Password);
    }

    /// <summary>Submits a ready order (below the approval threshold, so approved) and has finance confirm its exact bank transfer.</summary>
    public async Task PayByTransferAsync(Guid order, HttpClient finance, DateTimeOffset? receivedAt = null)
    {
        var submitted = await Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var total = (await OrderAsync(order)).GetProperty("total").GetDecimal();
        var confirmed = await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = total, reference = "对公转账", receivedAt = receivedAt ?? DateTimeOffset.UtcNow.AddMinutes(-5) });
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        Assert.Equal("Paid", (await OrderAsync(order)).GetProperty("status").GetString());
    }

    public async Task<JsonElement> OrderAsync(Guid id) => await Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");

    public async Task<JsonElement> SkuAsync(Guid skuId)
    {
        var products = await Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products?pageSize=100");
        return products.GetProperty("items").EnumerateArray().SelectMany(p => p.GetProperty("skus").EnumerateArray())
            .First(s => s.GetProperty("id").GetGuid() == skuId);
    }

    public async Task<Guid> SkuProductAsync(Guid skuId)
    {
        var products = await Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products?pageSize=100");
        return products.GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("skus").EnumerateArray().Any(s => s.GetProperty("id").GetGuid() == skuId)).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> BudgetAsync() => await Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders/budget");
}
