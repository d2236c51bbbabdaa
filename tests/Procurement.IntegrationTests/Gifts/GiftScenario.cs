using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>
/// A union, two suppliers and three SKUs, and a paid member-choice order with three options of different value:
/// 兰州百合礼盒 (A ×1 = 120.00, the per-member value), 静宁苹果 + 花椒 (B ×1 + C ×1 = 99.50, the default) and
/// 牦牛肉干组合 (C ×2 = 79.00, from the second supplier only).
/// </summary>
internal sealed class GiftScenario
{
    public const decimal PriceA = 120.00m;
    public const decimal PriceB = 60.00m;
    public const decimal PriceC = 39.50m;

    private GiftScenario(OrderingScenario union, SupplierScenario second, Guid a, Guid b, Guid c)
    {
        Union = union;
        Second = second;
        (SkuA, SkuB, SkuC) = (a, b, c);
    }

    public OrderingScenario Union { get; }
    public SupplierScenario Second { get; }
    public Guid SkuA { get; }
    public Guid SkuB { get; }
    public Guid SkuC { get; }
    public HttpClient Purchaser => Union.Purchaser;

    public static async Task<GiftScenario> CreateAsync(ProcurementApp app, int stockA = 1000, int stockB = 1000, int stockC = 1000, decimal cap = 1_800m,
        decimal budget = 1_000_000m)
    {
        // Below the approval threshold, so submitting approves and the order can be paid at once.
        var union = await OrderingScenario.CreateAsync(app, budget: budget, cap: cap, threshold: 100_000_000m);
        var skus = await union.PublishAsync((PriceA, stockA), (PriceB, stockB));
        var second = await SupplierScenario.CreateAsync(app, "玛曲牦牛肉专业合作社");
        var c = (await union.PublishAsync(second, (PriceC, stockC)))[0];
        return new GiftScenario(union, second, skus[0], skus[1], c);
    }

    public object ChoiceBody(DateTimeOffset deadline, int defaultOption = 1) => new
    {
        occasion = "MidAutumn",
        note = "中秋职工自选",
        mode = "choice",
        lines = Array.Empty<object>(),
        options = new object[]
        {
            new { name = "兰州百合礼盒", lines = new[] { new { skuId = SkuA, quantity = 1 } } },
            new { name = "静宁苹果 + 花椒", lines = new[] { new { skuId = SkuB, quantity = 1 }, new { skuId = SkuC, quantity = 1 } } },
            new { name = "牦牛肉干组合", lines = new[] { new { skuId = SkuC, quantity = 2 } } },
        },
        defaultOption,
        choiceDeadline = deadline,
    };

    /// <summary>A choice order with <paramref name="rows"/> as its recipients, paid by bank transfer; returns its id.</summary>
    public async Task<Guid> PaidAsync(DateTimeOffset deadline, params string[] rows)
    {
        var created = await PostOrderAsync(Purchaser, ChoiceBody(deadline));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var put = await PutRecipientsAsync(Purchaser, id, Csv(rows));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await Union.PayByTransferAsync(id, await Union.FinanceAsync());
        return id;
    }

    /// <summary>The order's codes by mobile, from its CSV (the contract's download).</summary>
    public async Task<Dictionary<string, string>> CodesAsync(Guid orderId)
    {
        var response = await Purchaser.GetAsync($"/api/v1/orders/{orderId}/gift-codes?format=csv");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("姓名,手机号,兑换码,链接,已选", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[1], c => c[2]);
    }

    /// <summary>A SKU's stock and reservations, straight from the books (whichever supplier lists it).</summary>
    public Task<(int Stock, int Reserved)> SkuAsync(Guid skuId) => Union.App.WithScopeAsync(async sp =>
    {
        var sku = await sp.GetRequiredService<ProcurementDbContext>().Skus.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == skuId);
        return (sku.Stock, sku.Reserved);
    });

    /// <summary>A member's year usage against the cap, in fen, straight from the books.</summary>
    public Task<long> UsedFenAsync(string mobile) => Union.App.WithScopeAsync(sp =>
        sp.GetRequiredService<ProcurementDbContext>().MemberWelfareUsages.IgnoreQueryFilters()
            .Where(u => u.UnionId == Union.UnionId && u.Mobile == mobile).Select(u => u.UsedFen).SingleAsync());
}
