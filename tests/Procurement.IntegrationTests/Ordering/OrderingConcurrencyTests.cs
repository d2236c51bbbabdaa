using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Jobs;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>
/// Contended counters on a real SQLite file: stock, the union's budget and a member's cap each hold when many submits
/// arrive at once, because each is changed by one conditional statement, never read-then-write.
/// </summary>
public sealed class OrderingConcurrencyTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Fifty_parallel_submits_on_a_sku_with_ten_in_stock_sell_exactly_ten()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 10)))[0];
        var orders = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            orders.Add(await s.ReadyAsync([(sku, 1)], Rows(1, first: 13900000000 + i)));
        }

        var responses = await Task.WhenAll(orders.Select(id => s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(40, losers.Count);
        foreach (var loser in losers)
        {
            await loser.IsProblemAsync(HttpStatusCode.Conflict, "insufficient-stock");
        }
        var after = await s.SkuAsync(sku);
        Assert.Equal(0, after.GetProperty("available").GetInt32());
        Assert.Equal(10, after.GetProperty("reserved").GetInt32());
        var pending = await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=PendingApproval&pageSize=100");
        Assert.Equal(10, pending.GetProperty("total").GetInt32());
        Assert.Equal(1_000_000m - 100m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
    }

    [Fact]
    public async Task Two_orders_that_each_fit_the_budget_but_not_together_cannot_both_pass()
    {
        for (var round = 0; round < 3; round++)
        {
            var s = await CreateAsync(app, budget: 1_000m);
            var sku = (await s.PublishAsync((10m, 1000)))[0];
            var a = await s.ReadyAsync([(sku, 60)], Rows(60, first: 13600000000));
            var b = await s.ReadyAsync([(sku, 60)], Rows(60, first: 13700000000));

            var responses = await Task.WhenAll(s.Purchaser.PostAsync($"/api/v1/orders/{a}/submit", null), s.Purchaser.PostAsync($"/api/v1/orders/{b}/submit", null));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var problem = await responses.Single(r => r.StatusCode != HttpStatusCode.OK).IsProblemAsync(HttpStatusCode.UnprocessableEntity, "budget-exceeded");
            Assert.Equal(400.00m, problem.GetProperty("remaining").GetDecimal());
            Assert.Equal(400.00m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
            Assert.Equal(940, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
        }
    }

    [Fact]
    public async Task Two_orders_for_one_member_that_together_pass_the_cap_cannot_both_pass()
    {
        for (var round = 0; round < 3; round++)
        {
            var s = await CreateAsync(app, cap: 500m);
            var sku = (await s.PublishAsync((300m, 1000)))[0];
            var a = await s.ReadyAsync([(sku, 1)], "王芳,13800138000,江苏,南京,鼓楼区,中山北路1号,1");
            var b = await s.ReadyAsync([(sku, 1)], "王芳,13800138000,江苏,南京,玄武区,珠江路2号,1");

            var responses = await Task.WhenAll(s.Purchaser.PostAsync($"/api/v1/orders/{a}/submit", null), s.Purchaser.PostAsync($"/api/v1/orders/{b}/submit", null));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var problem = await responses.Single(r => r.StatusCode != HttpStatusCode.OK).IsProblemAsync(HttpStatusCode.UnprocessableEntity, "welfare-cap-exceeded");
            Assert.True(problem.GetProperty("errors").TryGetProperty("row 2: 手机号", out _), problem.ToString());
            Assert.Equal(999, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
        }
    }

    [Fact]
    public async Task Parallel_approve_and_cancel_of_one_order_release_it_at_most_once()
    {
        var s = await CreateAsync(app, budget: 10_000m);
        var sku = (await s.PublishAsync((10m, 100)))[0];
        var id = await s.ReadyAsync([(sku, 10)], Rows(10));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(
            s.Purchaser.PostAsync($"/api/v1/orders/{id}/cancel", null),
            s.Purchaser.PostAsync($"/api/v1/orders/{id}/cancel", null),
            s.Approver.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "重复" }));

        Assert.Single(responses, r => r.IsSuccessStatusCode);
        Assert.All(responses.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(100, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
        Assert.Equal(0, (await s.SkuAsync(sku)).GetProperty("reserved").GetInt32());
        Assert.Equal(10_000m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
    }
}

/// <summary>The reservation-expiry job, on a clock the test moves.</summary>
public sealed class ReservationExpiryTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task Approved_orders_unpaid_after_the_reservation_hours_are_cancelled_and_give_everything_back()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var s = await CreateAsync(app, budget: 10_000m, cap: 100m);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var expiring = await s.ReadyAsync([(sku, 4)], Rows(2, packages: 2));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{expiring}/submit", null)).EnsureSuccessStatusCode();
        (await s.Approver.PostAsync($"/api/v1/orders/{expiring}/approve", null)).EnsureSuccessStatusCode();
        var pending = await s.ReadyAsync([(sku, 2)], Rows(2, first: 13500000000));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{pending}/submit", null)).EnsureSuccessStatusCode();
        Assert.Equal(94, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());

        var start = app.Clock.Now;
        app.Clock.Now = start.AddHours(47);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None)));
        app.Clock.Now = start.AddHours(48).AddMinutes(1);
        Assert.Equal(1, await app.WithScopeAsync(sp => sp.GetRequiredService<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None)));
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<ReleaseExpiredReservationsJob>().RunAsync(CancellationToken.None)));
        app.Clock.Now = start;

        var order = await s.OrderAsync(expiring);
        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
        var last = order.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, last.GetProperty("by").ValueKind);
        Assert.Contains("48", last.GetProperty("reason").GetString());
        Assert.Equal("PendingApproval", (await s.OrderAsync(pending)).GetProperty("status").GetString());
        Assert.Equal(98, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
        Assert.Equal(10_000m - 100m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        // The two members got their 100 yuan of cap back: they can receive 100 yuan again.
        var again = await s.ReadyAsync([(sku, 4)], Rows(2, packages: 2));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{again}/submit", null)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Idempotency_keys_are_kept_thirty_days_and_then_purged()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 100)))[0];
        var body = new { occasion = "NewYear", lines = new[] { new { skuId = sku, quantity = 1 } } };
        Assert.Equal(HttpStatusCode.Created, (await PostOrderAsync(s.Purchaser, body, "kept-key")).StatusCode);

        var start = app.Clock.Now;
        app.Clock.Now = start.AddDays(29);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<IdempotencyKeyPurgeJob>().RunAsync(CancellationToken.None)));
        app.Clock.Now = start.AddDays(30).AddMinutes(1);
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<IdempotencyKeyPurgeJob>().RunAsync(CancellationToken.None)) >= 1);
        app.Clock.Now = start;
        // The key is free again: the same key now makes a new order.
        Assert.Equal(HttpStatusCode.Created, (await PostOrderAsync(s.Purchaser, body, "kept-key")).StatusCode);
    }
}
