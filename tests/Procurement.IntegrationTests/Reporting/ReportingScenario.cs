using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using Procurement.IntegrationTests.Platform;

namespace Procurement.IntegrationTests.Reporting;

/// <summary>The app with its clock in the test's hand and partner secrets set: the report's figures move with both.</summary>
public sealed class ReportingApp : ProcurementApp
{
    public const string Secret = "report-partner-secret";

    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Partners:P832:Secret", Secret);
        builder.UseSetting("Partners:JSGH:Secret", Secret);
        builder.UseSetting("Partners:GSXF:Secret", Secret);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A Beijing wall-clock time.</summary>
    public static DateTimeOffset Beijing(string local) => DateTimeOffset.Parse(local + "+08:00", CultureInfo.InvariantCulture);
}

/// <summary>
/// A hand-built tree — a province federation, two city federations under it, an enterprise union under the first
/// city — with a purchaser and an approver each, one supplier with two products of two Gansu counties, and finance.
/// Clients sign in afresh at every step, since the test moves the clock by months.
/// </summary>
internal sealed class ReportingScenario(ReportingApp app)
{
    public const string Password = "Report2026pass";

    public sealed record UnionAccounts(Guid Id, string Uscc, string Purchaser, string Approver);

    public UnionAccounts Province { get; private set; } = null!;
    public UnionAccounts CityA { get; private set; } = null!;
    public UnionAccounts CityB { get; private set; } = null!;
    public UnionAccounts Enterprise { get; private set; } = null!;
    public string SupplierEmail { get; private set; } = "";
    public string FinanceEmail { get; private set; } = "";

    public async Task BuildAsync()
    {
        Province = await UnionAsync("江苏省总工会", null);
        CityA = await UnionAsync("南京市总工会", Province.Id);
        CityB = await UnionAsync("苏州市总工会", Province.Id);
        Enterprise = await UnionAsync("南京紫金软件有限公司工会", CityA.Id);
        var supplierId = await app.CreateSupplierAsync(TestUscc.Next(), "成县核桃种植专业合作社");
        SupplierEmail = $"s{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        await app.CreateUserAsync(SupplierEmail, Password, Roles.Supplier, supplierId: supplierId);
        FinanceEmail = $"f{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        await app.CreateUserAsync(FinanceEmail, Password, Roles.Finance);
    }

    private async Task<UnionAccounts> UnionAsync(string name, Guid? parent)
    {
        var uscc = TestUscc.Next();
        var id = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<UnionAdmin>().CreateAsync(new UnionRequest
        {
            Name = name, Uscc = uscc, ProvinceCode = "320000", ParentId = parent, MemberCount = 3000, AnnualCapPerMember = 1800m, ApprovalThreshold = 1_000_000m,
            Budgets = [new() { Year = 2026, Amount = 1_000_000m }, new() { Year = 2027, Amount = 1_000_000m }],
        }, CancellationToken.None)).Value!.Id);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserAsync($"p{tag}@test.example.cn", Password, Roles.Purchaser, unionId: id);
        await app.CreateUserAsync($"a{tag}@test.example.cn", Password, Roles.Approver, unionId: id);
        return new UnionAccounts(id, uscc, $"p{tag}@test.example.cn", $"a{tag}@test.example.cn");
    }

    public Task<HttpClient> AsAsync(string email) => app.SignedInClientAsync(email, Password);

    /// <summary>A published product of <paramref name="county"/> with one SKU; with a certificate valid to <paramref name="certifiedTo"/> when given. Answers the SKU's id and code.</summary>
    public async Task<(Guid Sku, string Code)> PublishAsync(string name, string county, decimal price, string? certifiedTo)
    {
        var supplier = await AsAsync(SupplierEmail);
        var code = SupplierScenario.Code();
        var body = SupplierScenario.Product(name, code);
        body["countyCode"] = county;
        body["certificate"] = certifiedTo is null ? null : new { number = "GS-XF-2026-0188", issuer = "甘肃省消费帮扶产品认定中心", validFrom = "2026-01-01", validTo = certifiedTo };
        body["skus"] = new[] { new Dictionary<string, object?> { ["code"] = code, ["spec"] = "礼盒", ["price"] = price, ["stock"] = 1000, ["minOrderQuantity"] = 1, ["tierPrices"] = Array.Empty<object>() } };
        var created = await supplier.PostAsJsonAsync("/api/v1/supplier/products", body);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = product.GetProperty("id").GetGuid();
        (await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit", null)).EnsureSuccessStatusCode();
        var approved = await (await app.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return (product.GetProperty("skus")[0].GetProperty("id").GetGuid(), code);
    }

    /// <summary>A draft of <paramref name="union"/> with the lines and <paramref name="recipients"/> recipients of one package each, submitted (approved below the threshold).</summary>
    public async Task<Guid> SubmittedAsync(UnionAccounts union, int recipients, params (Guid Sku, int Quantity)[] lines)
    {
        var purchaser = await AsAsync(union.Purchaser);
        var created = await OrderingScenario.PostOrderAsync(purchaser, new { occasion = "MidAutumn", lines = lines.Select(l => new { skuId = l.Sku, quantity = l.Quantity }) });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var put = await OrderingScenario.PutRecipientsAsync(purchaser, id, OrderingScenario.Csv(OrderingScenario.Rows(recipients, 13900000000 + Random.Shared.Next(0, 90_000_000))));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var submitted = await purchaser.PostAsync($"/api/v1/orders/{id}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>Finance confirms the order's whole bank transfer now (the clock's now): the order is Paid.</summary>
    public async Task PayAsync(UnionAccounts union, Guid order)
    {
        var total = (await (await AsAsync(union.Purchaser)).GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}")).GetProperty("total").GetDecimal();
        var confirmed = await (await AsAsync(FinanceEmail)).PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = total, reference = "对公转账", receivedAt = app.Clock.Now.AddMinutes(-1) });
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
    }

    /// <summary>A signed partner push (timestamped by the app's clock); answers our order's id.</summary>
    public Task<Guid> PushAsync(string partner, string number, DateTimeOffset placedAt, string? buyerUscc, params (string Code, int Quantity, decimal Price)[] lines) =>
        PushAsync(partner, number, placedAt, buyerUscc, "Completed", lines);

    public async Task<Guid> PushAsync(string partner, string number, DateTimeOffset placedAt, string? buyerUscc, string status, params (string Code, int Quantity, decimal Price)[] lines)
    {
        var body = JsonSerializer.Serialize(new
        {
            partnerOrderNo = number, placedAt, buyerName = "某某单位工会", buyerUscc,
            lines = lines.Select(l => new { skuCode = l.Code, quantity = l.Quantity, unitPrice = l.Price }),
            recipient = new { name = "张三", phone = "13800138000", province = "江苏省", city = "苏州市", district = "姑苏区", address = "人民路 100 号" },
            paidAmount = lines.Sum(l => l.Quantity * l.Price), status,
        });
        var response = await SignedAsync($"/api/v1/partners/{partner}/orders", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
    }

    public async Task PartnerRefundAsync(string partner, string number, decimal amount)
    {
        var response = await SignedAsync($"/api/v1/partners/{partner}/orders/{number}/refunds",
            JsonSerializer.Serialize(new { partnerOrderNo = number, amount, refundedAt = app.Clock.Now.AddMinutes(-1) }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> SignedAsync(string path, string body)
    {
        var ts = app.Clock.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Partner-Timestamp", ts);
        request.Headers.Add("X-Partner-Signature", PartnerSignature.Sign(ReportingApp.Secret, ts, Encoding.UTF8.GetBytes(body)));
        return app.CreateClient().SendAsync(request);
    }
}
