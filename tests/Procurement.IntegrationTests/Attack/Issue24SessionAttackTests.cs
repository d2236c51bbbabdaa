using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Jobs;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Gifts;
using Procurement.IntegrationTests.Platform;

namespace Procurement.IntegrationTests.Attack;

/// <summary>
/// Attacks on session 12's changes to member choice (#24): parcels holding their member's option (after-sales
/// refunds, invoice lines), the order snapshot, the default's shortage, the gift page's lookups in circuits. Tests named
/// for what they refuse failed on the code they were written against; <c>RESISTED_…</c> pin what held.
/// </summary>
public sealed class Issue24SessionAttackTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private const string Row1 = "职工1,13700000001,江苏省,南京市,鼓楼区,中山北路1号,1";

    /// <summary>Every parcel of the supplier's for the order gets a tracking number (shipped).</summary>
    private static async Task ShipAllAsync(HttpClient supplier, Guid orderId)
    {
        var sent = await FulfilmentApiTests.ShipmentsAsync(supplier, $"/api/v1/supplier/shipments?orderId={orderId}");
        var pending = sent.Where(p => p.GetProperty("status").GetString() == "Pending").ToList();
        var csv = "shipment_id,carrier,tracking_no\n" + string.Concat(pending.Select(p => $"{p.GetProperty("id").GetInt64()},EMS,EMS{p.GetProperty("id").GetInt64():D10}\n"));
        var imported = await FulfilmentApiTests.ImportAsync(supplier, csv);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> ReportAsync(HttpClient member, string code, long parcel)
    {
        var reported = await member.PostAsJsonAsync($"/api/v1/gift/{code}/problems", new { parcelId = parcel, kind = "Damaged", description = "包装破损" });
        Assert.True(reported.StatusCode == HttpStatusCode.OK, await reported.Content.ReadAsStringAsync());
        return await reported.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_damaged_resent_choice_parcel_is_worth_its_option_not_nothing()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var deadline = app.Clock.Now.AddMinutes(5);
        var id = await g.PaidAsync(deadline, Row1);
        var code = (await g.CodesAsync(id))["13700000001"];
        var member = app.CreateClient();
        // 牦牛肉干组合: C × 2 from the second supplier, 79.00.
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option = 2 })).StatusCode);
        app.Clock.Now = deadline.AddMinutes(1);
        Assert.Equal(1, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);
        await ShipAllAsync(g.Second.Client, id);

        // Damaged: the supplier sends it again (a resend carries no value of its own: the goods were paid once).
        var parcel = Assert.Single((await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{code}")).GetProperty("parcels").EnumerateArray()).GetProperty("id").GetInt64();
        var first = await ReportAsync(member, code, parcel);
        Assert.Equal(79.00m, first.GetProperty("value").GetDecimal());
        var resent = await g.Second.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{first.GetProperty("id").GetGuid()}/resend", new { });
        Assert.True(resent.IsSuccessStatusCode, await resent.Content.ReadAsStringAsync());
        await ShipAllAsync(g.Second.Client, id);

        // The resend arrives damaged too, and the supplier refunds it. The case was worth 0.00 (the resend's carried
        // value ÷ packages), while the refund took two C back from the ledger, the report and the invoice: a standard
        // order's resend is worth its package value. The member's option is what the resent parcel holds, and its worth.
        var again = (await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{code}")).GetProperty("parcels").EnumerateArray()
            .Select(p => p.GetProperty("id").GetInt64()).Single(p => p != parcel);
        var second = await ReportAsync(member, code, again);
        Assert.Equal(79.00m, second.GetProperty("value").GetDecimal());
        var refunded = await g.Second.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{second.GetProperty("id").GetGuid()}/refund", new { });
        Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());
        var refunds = (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/refunds")).EnumerateArray().Select(r => r.GetProperty("amount").GetDecimal()).ToList();
        Assert.Contains(79.00m, refunds);
        // The supplier's invoice (the order's one supplier): nothing left owed, no lines.
        var invoice = Assert.Single((await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/invoices")).EnumerateArray());
        Assert.Equal(0.00m, invoice.GetProperty("amount").GetDecimal());
        Assert.Equal(0, invoice.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task RESISTED_a_writer_cancelled_while_queued_at_the_SQLite_write_gate_keeps_no_turn()
    {
        await using var one = app.Services.CreateAsyncScope();
        await using var two = app.Services.CreateAsyncScope();
        var first = one.ServiceProvider.GetRequiredService<ProcurementDbContext>().Database;
        var second = two.ServiceProvider.GetRequiredService<ProcurementDbContext>().Database;
        if (!first.IsSqlite())
        {
            return;
        }
        var held = await SqliteWriteGate.EnterAsync(first, CancellationToken.None);
        Assert.NotNull(held);
        // A request given up while queued (the member closed the page) leaves without the turn.
        using (var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteWriteGate.EnterAsync(second, gaveUp.Token));
        }
        // Released twice (a retried dispose): one turn given back, not two.
        held.Dispose();
        held.Dispose();
        using var next = await SqliteWriteGate.EnterAsync(second, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(next);
        using var waits = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteWriteGate.EnterAsync(first, waits.Token));
    }
}
