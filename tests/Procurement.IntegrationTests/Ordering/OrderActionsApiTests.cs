using System.Net.Http.Json;
using System.Text.Json;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>An order's <c>allowedActions</c> through the HTTP pipeline: per caller, after each move, beside an unchanged contract.</summary>
public sealed class OrderActionsApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static string[] Actions(JsonElement order) => order.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).ToArray();

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Each_caller_reads_what_they_may_do_now_and_each_move_answers_it_anew()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var id = await s.DraftAsync((sku, 10));
        Assert.Equal(["editRecipients", "editLines", "cancel", "reorder", "requestInvoice"], Actions(await s.OrderAsync(id)));

        await BodyAsync(await PutRecipientsAsync(s.Purchaser, id, Csv(Rows(5, packages: 2))));
        Assert.Equal(["editRecipients", "editLines", "submit", "cancel", "reorder", "export", "requestInvoice"], Actions(await s.OrderAsync(id)));

        // The union's threshold is 0: the submit waits for an approver, and its answer already says so.
        var submitted = await BodyAsync(await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null));
        Assert.Equal("PendingApproval", submitted.GetProperty("status").GetString());
        Assert.Equal(["cancel", "reorder", "export", "requestInvoice"], Actions(submitted));
        Assert.Equal(["approve", "reject", "cancel", "reorder", "export", "requestInvoice"], Actions(await s.Approver.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")));
        var finance = await s.FinanceAsync();
        Assert.Equal(["export"], Actions(await finance.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")));
        Assert.Equal(["export"], Actions(await (await app.AdminClientAsync()).GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")));

        var approved = await BodyAsync(await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null));
        Assert.Equal(["cancel", "pay", "reorder", "export", "requestInvoice"], Actions(approved));
        Assert.Equal(["cancel", "pay", "reorder", "export", "requestInvoice"], Actions(await s.OrderAsync(id)));

        var cancelled = await BodyAsync(await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "改期" }));
        Assert.Equal(["reorder", "export"], Actions(cancelled));
    }

    [Fact]
    public async Task An_approver_reads_no_decision_on_an_order_they_created()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var created = await BodyAsync(await PostOrderAsync(s.Approver, new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 10 } } }));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(["editRecipients", "editLines", "cancel", "reorder", "requestInvoice"], Actions(created));
        await BodyAsync(await PutRecipientsAsync(s.Approver, id, Csv(Rows(5, packages: 2))));
        var submitted = await BodyAsync(await s.Approver.PostAsync($"/api/v1/orders/{id}/submit", null));
        Assert.Equal(["cancel", "reorder", "export", "requestInvoice"], Actions(submitted));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task Allowed_actions_are_added_to_the_order_and_nothing_else_changes()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var order = await s.OrderAsync(await s.DraftAsync((sku, 10)));
        Assert.Equal(
            ["acceptance", "allowedActions", "approvedAt", "budgetYear", "createdAt", "createdBy", "createdByName", "id", "lines", "note", "number", "occasion",
                "packageCount", "packageValue", "recipientCount", "reference", "reservationEndsAt", "status", "submittedAt", "timeline", "total", "unionId"],
            order.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("OrderDetails");
        Assert.True(schema.GetProperty("properties").TryGetProperty("allowedActions", out _), schema.ToString());
    }
}
