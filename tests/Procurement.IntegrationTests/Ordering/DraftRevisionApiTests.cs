using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>
/// Drafts stay editable, a rejected order is mended and resubmitted as itself, reorder copies what it is asked to, and
/// the approver's decision facts (#21), through the HTTP pipeline on a real SQLite file.
/// </summary>
public sealed class DraftRevisionApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static object Lines(params (Guid SkuId, int Quantity)[] lines) => lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }).ToArray();

    [Fact]
    public async Task Revising_lines_keeps_the_recipients_when_the_package_divides_and_drops_them_only_when_told()
    {
        var s = await CreateAsync(app);
        var skus = await s.PublishAsync((30m, 1000), (12.5m, 1000));
        var id = await s.ReadyAsync([(skus[0], 10)], Rows(10));

        // Two per package, and a second SKU: 10 packages still divide, the recipients stay.
        var kept = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { note = "只发在职职工", lines = Lines((skus[0], 20), (skus[1], 30)) });
        Assert.True(kept.IsSuccessStatusCode, await kept.Content.ReadAsStringAsync());
        var order = await kept.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, order.GetProperty("recipientCount").GetInt32());
        Assert.Equal(10, order.GetProperty("packageCount").GetInt32());
        Assert.Equal(975.00m, order.GetProperty("total").GetDecimal());
        Assert.Equal(97.50m, order.GetProperty("packageValue").GetDecimal());
        Assert.Equal([2, 3], order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("perPackage").GetInt32()));
        Assert.Equal("只发在职职工", order.GetProperty("note").GetString());
        Assert.Equal(10, (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/recipients")).GetProperty("total").GetInt32());

        // 15 do not divide into 10 packages: refused naming the line, and nothing changed.
        var refused = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((skus[0], 15)) });
        var problem = await refused.IsValidationProblemAsync("lines[0].quantity");
        Assert.Equal(10, problem.GetProperty("recipientsWouldBeDropped").GetInt32());
        Assert.Equal(975.00m, (await s.OrderAsync(id)).GetProperty("total").GetDecimal());

        var dropped = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((skus[0], 15)), dropRecipients = true });
        Assert.True(dropped.IsSuccessStatusCode, await dropped.Content.ReadAsStringAsync());
        var after = await dropped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, after.GetProperty("recipientCount").GetInt32());
        Assert.Equal(450.00m, after.GetProperty("total").GetDecimal());
        Assert.Null(after.GetProperty("note").GetString());
        Assert.DoesNotContain("submit", after.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(0, (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/recipients")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_revisions_are_named_and_orders_past_their_draft_are_not_revised()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((30m, 1000)))[0];
        var id = await s.ReadyAsync([(sku, 4)], Rows(2, packages: 2));
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Array.Empty<object>() })).IsValidationProblemAsync("lines");
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((Guid.NewGuid(), 4)) })).IsValidationProblemAsync("lines[0].skuId");
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((sku, 4), (sku, 8)) })).IsValidationProblemAsync("lines");

        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsSuccessStatusCode);
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((sku, 8)) })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal(4, (await s.OrderAsync(id)).GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        // Suppliers do not purchase; another union's order is not there.
        await (await s.Supplier.Client.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((sku, 8)) })).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var other = await CreateAsync(app);
        await (await other.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { lines = Lines((sku, 8)) })).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_rejected_order_is_resubmitted_as_itself_and_commits_its_new_total_to_the_fen()
    {
        var s = await CreateAsync(app, budget: 10_000m, cap: 80m);
        var sku = (await s.PublishAsync((33.33m, 100)))[0];
        var id = await s.ReadyAsync([(sku, 3)], Rows(3));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsSuccessStatusCode);
        Assert.Equal(99.99m, (await s.BudgetAsync()).GetProperty("committed").GetDecimal());

        var rejected = await s.Approver.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "每人一盒太少" });
        Assert.Equal("Rejected", (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(0m, (await s.BudgetAsync()).GetProperty("committed").GetDecimal());
        Assert.Equal(100, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());

        // Two per package: the same 3 recipients, 6 units, 199.98.
        var revised = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { note = "改为每人两盒", lines = Lines((sku, 6)) });
        Assert.True(revised.IsSuccessStatusCode, await revised.Content.ReadAsStringAsync());
        Assert.Equal("Rejected", (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var resubmitted = await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null);
        Assert.True(resubmitted.IsSuccessStatusCode, await resubmitted.Content.ReadAsStringAsync());
        var order = await resubmitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PendingApproval", order.GetProperty("status").GetString());
        Assert.Equal(id, order.GetProperty("id").GetGuid());
        Assert.Equal(["Draft→PendingApproval", "PendingApproval→Rejected", "Rejected→PendingApproval"],
            order.GetProperty("timeline").EnumerateArray().Select(t => $"{t.GetProperty("from").GetString()}→{t.GetProperty("to").GetString()}"));
        var budget = await s.BudgetAsync();
        Assert.Equal(199.98m, budget.GetProperty("committed").GetDecimal());
        Assert.Equal(10_000m - 199.98m, budget.GetProperty("remaining").GetDecimal());
        Assert.Equal(94, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
        Assert.Equal(6, (await s.SkuAsync(sku)).GetProperty("reserved").GetInt32());

        // The members' caps hold this order once: each member 66.66 of 80, from 0 before it.
        var facts = await s.Approver.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/decision-facts");
        Assert.Equal(3, facts.GetProperty("membersNearCap").GetInt32());
        Assert.All(facts.GetProperty("nearCap").EnumerateArray(), m =>
        {
            Assert.Equal(0m, m.GetProperty("usedBefore").GetDecimal());
            Assert.Equal(66.66m, m.GetProperty("usedAfter").GetDecimal());
        });
        Assert.Equal(10_000m, facts.GetProperty("availableBefore").GetDecimal());
        Assert.Equal(10_000m - 199.98m, facts.GetProperty("availableAfter").GetDecimal());
        Assert.Equal("改为每人两盒", facts.GetProperty("note").GetString());

        var approved = await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null);
        Assert.Equal("Approved", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(199.98m, (await s.BudgetAsync()).GetProperty("committed").GetDecimal());
    }

    [Fact]
    public async Task Decision_facts_show_the_budget_without_the_order_members_near_the_cap_the_certified_share_and_members_in_other_pending_orders()
    {
        var s = await CreateAsync(app, budget: 10_000m, cap: 200m);
        var certified = (await s.PublishAsync((70m, 1000)))[0];
        var plain = await PublishUncertifiedAsync(s, 30m);

        // An earlier order, approved: member 13800000003 has received 100.00 this year.
        var earlier = await s.ReadyAsync([(certified, 1), (plain, 1)], Rows(1, first: 13800000003));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{earlier}/submit", null)).IsSuccessStatusCode);
        Assert.True((await s.Approver.PostAsync($"/api/v1/orders/{earlier}/approve", null)).IsSuccessStatusCode);
        // Another order awaiting a decision: members ...0 and ...1, 30.00 each.
        var other = await s.ReadyAsync([(plain, 2)], Rows(2, first: 13800000000));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{other}/submit", null)).IsSuccessStatusCode);
        // The order decided: members ...1, ...2, ...3, one package of 70.00 certified + 30.00 plain each.
        var id = await s.ReadyAsync([(certified, 3), (plain, 3)], Rows(3, first: 13800000001));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsSuccessStatusCode);
        // Committed: 100 + 60 + 300 = 460.

        var facts = await s.Approver.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/decision-facts");
        Assert.Equal(300.00m, facts.GetProperty("total").GetDecimal());
        Assert.Equal(10_000m - 160m, facts.GetProperty("availableBefore").GetDecimal());
        Assert.Equal(10_000m - 460m, facts.GetProperty("availableAfter").GetDecimal());
        Assert.Equal(210.00m, facts.GetProperty("certifiedAmount").GetDecimal());
        Assert.Equal(0.7m, facts.GetProperty("certifiedShare").GetDecimal());
        Assert.Equal("中秋慰问", facts.GetProperty("note").GetString());
        Assert.Equal(160.00m, facts.GetProperty("nearCapFrom").GetDecimal());
        // Only ...3 reaches 80 %: 100.00 before, 200.00 after (at the cap, not over it).
        Assert.Equal(1, facts.GetProperty("membersNearCap").GetInt32());
        Assert.Equal(0, facts.GetProperty("membersOverCap").GetInt32());
        var near = facts.GetProperty("nearCap").EnumerateArray().Single();
        Assert.Equal("138****0003", near.GetProperty("mobile").GetString());
        Assert.Equal(100.00m, near.GetProperty("usedBefore").GetDecimal());
        Assert.Equal(200.00m, near.GetProperty("usedAfter").GetDecimal());
        Assert.Equal(200.00m, near.GetProperty("cap").GetDecimal());
        // ...1 is also in the other pending order.
        Assert.Equal(1, facts.GetProperty("membersInOtherPending").GetInt32());
        var otherNumber = (await s.OrderAsync(other)).GetProperty("number").GetString();
        var pending = facts.GetProperty("otherPending").EnumerateArray().Single();
        Assert.Equal((other, otherNumber, 1), (pending.GetProperty("id").GetGuid(), pending.GetProperty("number").GetString(), pending.GetProperty("sharedMembers").GetInt32()));
        Assert.Equal("138****0001", facts.GetProperty("sharedMembers")[0].GetProperty("mobile").GetString());

        // Purchasers do not decide; another union's approver finds nothing.
        await (await s.Purchaser.GetAsync($"/api/v1/orders/{id}/decision-facts")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var stranger = await CreateAsync(app);
        await (await stranger.Approver.GetAsync($"/api/v1/orders/{id}/decision-facts")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Reorder_copies_the_recipients_only_when_asked()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((30m, 1000)))[0];
        var id = await s.ReadyAsync([(sku, 8)], Rows(4, packages: 2));

        var bare = await s.Purchaser.PostAsync($"/api/v1/orders/{id}/reorder", null);
        Assert.Equal(HttpStatusCode.Created, bare.StatusCode);
        Assert.Equal(0, (await bare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipientCount").GetInt32());

        var copied = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{id}/reorder", new { recipients = true });
        Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        var draft = await copied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(id, draft.GetProperty("id").GetGuid());
        Assert.Equal((4, 8), (draft.GetProperty("recipientCount").GetInt32(), draft.GetProperty("packageCount").GetInt32()));
        Assert.Contains("submit", draft.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        var rows = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{draft.GetProperty("id").GetGuid()}/recipients");
        Assert.Equal(4, rows.GetProperty("total").GetInt32());
        Assert.Equal("13800000000", rows.GetProperty("items")[0].GetProperty("mobile").GetString());
    }

    [Fact]
    public async Task Parallel_resubmits_of_one_rejected_order_commit_it_once()
    {
        var s = await CreateAsync(app, budget: 10_000m);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var id = await s.ReadyAsync([(sku, 4)], Rows(4));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsSuccessStatusCode);
        Assert.True((await s.Approver.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "请核对人数" })).IsSuccessStatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)));
        Assert.Single(responses, r => r.IsSuccessStatusCode);
        Assert.All(responses.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(100.00m, (await s.BudgetAsync()).GetProperty("committed").GetDecimal());
        Assert.Equal(4, (await s.SkuAsync(sku)).GetProperty("reserved").GetInt32());
        var facts = await s.Approver.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/decision-facts");
        Assert.Equal(10_000m, facts.GetProperty("availableBefore").GetDecimal());
    }

    /// <summary>A published SKU of a product without a 消费帮扶 certificate.</summary>
    private async Task<Guid> PublishUncertifiedAsync(OrderingScenario s, decimal price)
    {
        var code = SupplierScenario.Code();
        var body = SupplierScenario.Product("兰州牛肉面礼盒", code);
        body.Remove("certificate");
        body["skus"] = new[] { new Dictionary<string, object?> { ["code"] = code, ["spec"] = "1盒", ["price"] = price, ["stock"] = 1000, ["minOrderQuantity"] = 1, ["tierPrices"] = Array.Empty<object>() } };
        var product = await s.Supplier.CreateAsync(body);
        var id = product.GetProperty("id").GetGuid();
        await s.Supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        var approved = await (await app.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return product.GetProperty("skus")[0].GetProperty("id").GetGuid();
    }
}
