using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;
using Procurement.IntegrationTests.Ledger;

namespace Procurement.IntegrationTests.Attack;

/// <summary>Attacks on settlement and payouts (the review of issue #20): the netting test failed before its fix; <c>RESISTED_…</c> pin what already held.</summary>
public sealed class SettlementAttackTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    /// <summary>A fresh sign-in for the supplier (the clock moved past the earlier session).</summary>
    private async Task<HttpClient> SupplierClientAsync(Guid supplierId)
    {
        var email = $"s{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        await app.CreateUserAsync(email, "Supplier2026pass", Core.Users.Roles.Supplier, supplierId: supplierId);
        return await app.SignedInClientAsync(email, "Supplier2026pass");
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Found by the review, now refused: each settled month's payouts are capped by that month's own due, and a month whose refunds pass its
    /// deliveries (due below zero) is never carried: October's goods are paid in full, November's refund of them makes
    /// November −100, and December is paid in full again. The supplier is paid 100 more than it is owed (191 owed, 291 paid); its ledger
    /// payable goes below zero and no break is raised (the statements and the ledger agree on the loss).
    /// </summary>
    [Fact]
    public async Task A_month_whose_refunds_pass_its_deliveries_is_netted_before_the_next_payout()
    {
        try
        {
            // 23:40 on 31 October in Beijing: October's goods arrive; a December parcel is on its way.
            app.Clock.Now = Utc("2026-10-31T15:40:00");
            var s = await CreateAsync(app, threshold: 1_000_000m);
            var sku = (await s.PublishAsync((100m, 100)))[0];
            var october = await s.ReadyAsync([(sku, 2)], Rows(2));
            var later = await s.ReadyAsync([(sku, 1)], Rows(1, first: 13900000000));
            var finance = await s.FinanceAsync();
            await s.PayByTransferAsync(october, finance, app.Clock.Now.AddMinutes(-5));
            await s.PayByTransferAsync(later, finance, app.Clock.Now.AddMinutes(-5));
            var all = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?pageSize=100");
            var parcels = all.Where(p => p.GetProperty("orderId").GetGuid() == october).Select(p => p.GetProperty("id").GetInt64()).Order().ToList();
            var third = all.Single(p => p.GetProperty("orderId").GetGuid() == later).GetProperty("id").GetInt64();
            (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no,delivered_at\n" +
                string.Join("\n", parcels.Select(p => $"{p},EMS,EMS{p:D10},2026-10-31 23:30")) + $"\n{third},EMS,EMS{third:D10}\n")).EnsureSuccessStatusCode();
            var damaged = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{october}/after-sales", new { shipmentId = parcels[0], kind = "Damaged", description = "破损" });
            Assert.Equal(HttpStatusCode.Created, damaged.StatusCode);
            var caseId = (await damaged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            // 00:10 on 1 November: October is settled and paid in full; then the supplier refunds the damaged parcel (November's).
            app.Clock.Now = Utc("2026-10-31T16:10:00");
            finance = await s.FinanceAsync();
            var supplier = await SupplierClientAsync(s.Supplier.SupplierId);
            var settle = await finance.PostAsync($"/api/v1/finance/settlements/2026-10/{s.Supplier.SupplierId}/settle", null);
            Assert.True(settle.IsSuccessStatusCode, await settle.Content.ReadAsStringAsync());
            (await finance.PostAsJsonAsync($"/api/v1/finance/settlements/2026-10/{s.Supplier.SupplierId}/payouts",
                new { amount = 194m, paidAt = app.Clock.Now, bankReference = "PAY-OCT" })).EnsureSuccessStatusCode();
            (await supplier.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/refund", new { })).EnsureSuccessStatusCode();

            // 00:10 on 1 December: November (refunds only) settles at −100; the December parcel arrives.
            app.Clock.Now = Utc("2026-11-30T16:10:00");
            finance = await s.FinanceAsync();
            supplier = await SupplierClientAsync(s.Supplier.SupplierId);
            settle = await finance.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null);
            Assert.True(settle.IsSuccessStatusCode, await settle.Content.ReadAsStringAsync());
            Assert.Equal(-100m, (await settle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amountDue").GetDecimal());
            (await FulfilmentApiTests.ImportAsync(supplier, $"shipment_id,carrier,tracking_no,delivered_at\n{third},EMS,EMS{third:D10},2026-12-01 00:05\n"))
                .EnsureSuccessStatusCode();

            // 00:10 on 1 January: December is settled and finance pays what its statement says is outstanding.
            app.Clock.Now = Utc("2026-12-31T16:10:00");
            finance = await s.FinanceAsync();
            settle = await finance.PostAsync($"/api/v1/finance/settlements/2026-12/{s.Supplier.SupplierId}/settle", null);
            Assert.True(settle.IsSuccessStatusCode, await settle.Content.ReadAsStringAsync());
            var outstanding = (await settle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amountDue").GetDecimal();
            var payout = await finance.PostAsJsonAsync($"/api/v1/finance/settlements/2026-12/{s.Supplier.SupplierId}/payouts",
                new { amount = outstanding, paidAt = app.Clock.Now, bankReference = "PAY-DEC" });
            // Owed overall: 300 delivered − 100 refunded − 9 fees − 194 paid = −3 before this payout: nothing may be paid out now.
            // So the payout is refused, naming the amount, and the supplier's 3.00 stays owed back, to net from its next month.
            await payout.IsValidationProblemAsync("amount");
            Assert.Equal(-3m, await app.PayableAsync(s.Supplier.SupplierId));
        }
        finally
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>RESISTED: a supplier cannot read another supplier's statement lines or payouts, nor record a payout (403/404).</summary>
    [Fact]
    public async Task RESISTED_a_supplier_cannot_read_or_pay_another_suppliers_month()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var stranger = await Catalog.Listings.SupplierScenario.CreateAsync(app, "礼县苹果专业合作社");
        var month = Core.Settlement.SettlementMonth.Of(app.Clock.GetUtcNow()).ToString();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/settlements/{month}/{s.Supplier.SupplierId}/payouts")).StatusCode);
        var pay = await stranger.Client.PostAsJsonAsync($"/api/v1/finance/settlements/{month}/{s.Supplier.SupplierId}/payouts",
            new { amount = 1m, paidAt = DateTimeOffset.UtcNow, bankReference = "X" });
        Assert.Equal(HttpStatusCode.Forbidden, pay.StatusCode);
    }
}
