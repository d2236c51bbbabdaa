using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Core.Settlement;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ledger.LedgerScenario;

namespace Procurement.IntegrationTests.Ledger;

/// <summary>
/// The daily proof through the API: a break made on either side (money in the books no payment records, a payout
/// recorded and never posted) is found, named and kept, shows on /health/ready, and is resolved once corrected.
/// </summary>
public sealed class LedgerCheckTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task A_break_is_found_named_kept_once_shown_on_health_and_resolved_when_corrected()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var order = await OrderAsync(s);
        var supplier = s.Supplier.SupplierId;
        var clean = await CheckAsync(finance);
        Assert.Equal(0, clean.GetProperty("breaks").GetInt32());
        Assert.Equal("Healthy", await HealthAsync("ledger"));

        // The books show 250.00 received for an order whose payments received nothing; a payout is recorded and never posted.
        var stray = Postings.Received(Guid.NewGuid(), order.Id, order.Number, 250.00m, DateTimeOffset.UtcNow.AddMinutes(-10));
        await PostAsync(app, stray);
        var payout = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var made = new SupplierPayout(supplier, 202611, 80.00m, DateTimeOffset.UtcNow.AddHours(-1), "BANK-0001", Guid.NewGuid(), DateTimeOffset.UtcNow);
            db.SupplierPayouts.Add(made);
            await db.SaveChangesAsync();
            return made;
        });

        var found = await CheckAsync(finance);
        Assert.Equal(2, found.GetProperty("breaks").GetInt32());
        var breaks = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/breaks");
        Assert.Equal(2, breaks.GetProperty("total").GetInt32());
        var received = breaks.GetProperty("items").EnumerateArray().Single(b => b.GetProperty("kind").GetString() == "OrderReceived");
        Assert.Equal((order.Number, order.Id, 0m, 250.00m, 250.00m), (received.GetProperty("subject").GetString(), received.GetProperty("orderId").GetGuid(),
            received.GetProperty("expected").GetDecimal(), received.GetProperty("actual").GetDecimal(), received.GetProperty("difference").GetDecimal()));
        var payable = breaks.GetProperty("items").EnumerateArray().Single(b => b.GetProperty("kind").GetString() == "SupplierPayable");
        Assert.Equal(("成县核桃种植专业合作社", supplier, -80.00m, 0m), (payable.GetProperty("subject").GetString(), payable.GetProperty("supplierId").GetGuid(),
            payable.GetProperty("expected").GetDecimal(), payable.GetProperty("actual").GetDecimal()));
        var health = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        var ledger = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ledger");
        Assert.Contains($"OrderReceived {order.Number}", ledger.GetProperty("description").GetString());
        Assert.StartsWith("2 open ledger breaks", ledger.GetProperty("description").GetString());

        // Found again: the same two breaks, updated, not doubled.
        var again = await CheckAsync(finance);
        Assert.Equal(2, again.GetProperty("breaks").GetInt32());
        var ids = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/breaks")).GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).Order();
        Assert.Equal(breaks.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetInt64()).Order(), ids);

        // Corrected the books' way: the stray entry reversed, the payout posted. The job (as the system) finds nothing.
        await PostAsync(app, stray.Reverse(DateTimeOffset.UtcNow, null, "posted to the wrong order"),
            Postings.Payout(payout.Id, supplier, payout.BankReference, payout.Amount, payout.PaidAt, Guid.NewGuid()));
        var open = await app.WithScopeAsync(sp => sp.GetRequiredService<Infrastructure.Ledger.LedgerCheckJob>().RunAsync(CancellationToken.None));
        Assert.Equal(0, open);
        var history = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/breaks?all=true");
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.All(history.GetProperty("items").EnumerateArray(), b => Assert.NotEqual(JsonValueKind.Null, b.GetProperty("resolvedAt").ValueKind));
        Assert.Equal(0, (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/breaks")).GetProperty("total").GetInt32());
        Assert.Equal("Healthy", await HealthAsync("ledger"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.AdminClientAsync()).PostAsync("/api/v1/finance/ledger/checks", null)).StatusCode);
    }

    private static async Task<JsonElement> CheckAsync(HttpClient finance)
    {
        var response = await finance.PostAsync("/api/v1/finance/ledger/checks", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> HealthAsync(string check) =>
        (await app.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == check).GetProperty("status").GetString()!;
}
