using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;
using Procurement.IntegrationTests.Ledger;

namespace Procurement.IntegrationTests.Settlement;

/// <summary>
/// Settling and paying suppliers (issue #20): what lands while a month is settled is counted once, in that month or
/// the next; payouts never pass what a settled month made due; payables come from the ledger.
/// </summary>
public sealed class SettlementMoneyTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly DateTimeOffset November = DateTimeOffset.Parse("2026-11-30T15:40:00Z");

    [Fact]
    public async Task Payouts_never_pass_what_a_settled_month_made_due_and_the_supplier_sees_when_it_was_paid()
    {
        app.Clock.Now = November;
        try
        {
            var s = await CreateAsync(app, threshold: 1_000_000m);
            var sku = (await s.PublishAsync((120m, 100)))[0];
            var order = await s.ReadyAsync([(sku, 2)], Rows(2));
            var finance = await s.FinanceAsync();
            await s.PayByTransferAsync(order, finance, November.AddMinutes(-5));
            var ids = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Select(p => p.GetProperty("id").GetInt64()).ToList();
            (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no,delivered_at\n" +
                string.Join("\n", ids.Select(id => $"{id},EMS,EMS{id:D10},2026-11-30 23:30")))).EnsureSuccessStatusCode();
            var path = $"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/payouts";
            var payout = new { amount = 100m, paidAt = November, bankReference = "PAY20261201" };
            await (await finance.PostAsJsonAsync(path, payout)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");

            app.Clock.Now = November.AddMinutes(30);
            (await finance.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null)).EnsureSuccessStatusCode();
            Assert.Equal(240m - 7.20m, await app.PayableAsync(s.Supplier.SupplierId));
            var recorded = await finance.PostAsJsonAsync(path, payout with { paidAt = November.AddMinutes(25) });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            var statement = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statement");
            Assert.Equal((100m, 132.80m, 0), (statement.GetProperty("paid").GetDecimal(), statement.GetProperty("outstanding").GetDecimal(),
                statement.GetProperty("daysSinceSettled").GetInt32()));
            await (await finance.PostAsJsonAsync(path, payout with { amount = 132.81m })).IsValidationProblemAsync("amount");
            await (await finance.PostAsJsonAsync(path, payout with { bankReference = "" })).IsValidationProblemAsync("bankReference");
            await (await finance.PostAsJsonAsync(path, payout with { paidAt = November.AddDays(3) })).IsValidationProblemAsync("paidAt");
            Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.PostAsJsonAsync(path, payout)).StatusCode);

            // Clerks paying the rest at once: the month is never paid more than it made due.
            var rest = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => finance.PostAsJsonAsync(path, payout with { amount = 50m })));
            var took = rest.Count(r => r.StatusCode == HttpStatusCode.Created);
            Assert.InRange(took, 1, 2);
            // The others were refused whole: over what is outstanding, or colliding with a payout saved first.
            Assert.All(rest.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.True(r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest));
            for (; took < 2; took++)
            {
                Assert.Equal(HttpStatusCode.Created, (await finance.PostAsJsonAsync(path, payout with { amount = 50m })).StatusCode);
            }
            await (await finance.PostAsJsonAsync(path, payout with { amount = 50m })).IsValidationProblemAsync("amount");
            var paid = Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-11")).EnumerateArray());
            Assert.Equal((200m, 32.80m), (paid.GetProperty("paid").GetDecimal(), paid.GetProperty("outstanding").GetDecimal()));
            Assert.Equal(November.AddMinutes(25), paid.GetProperty("lastPaidAt").GetDateTimeOffset());
            Assert.Equal(3, (await s.Supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/settlements/2026-11/{s.Supplier.SupplierId}/payouts")).GetArrayLength());
            Assert.Equal(32.80m, await app.PayableAsync(s.Supplier.SupplierId));
            var stranger = await SupplierScenario.CreateAsync(app, "礼县苹果专业合作社");
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/settlements/2026-11/{s.Supplier.SupplierId}/payouts")).StatusCode);
        }
        finally
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Deliveries_imported_while_their_month_is_settled_are_counted_once_in_it_or_the_next(int round)
    {
        app.Clock.Now = November;
        try
        {
            var s = await CreateAsync(app, threshold: 1_000_000m);
            var sku = (await s.PublishAsync((10m + round, 100)))[0];
            var order = await s.ReadyAsync([(sku, 8)], Rows(8));
            var finance = await s.FinanceAsync();
            await s.PayByTransferAsync(order, finance, November.AddMinutes(-5));
            var ids = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Select(p => p.GetProperty("id").GetInt64()).ToList();

            // One delivery in November before it ends, so the month has a statement to settle.
            (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{ids[0]},EMS,EMS{ids[0]:D10},2026-11-30 23:35\n")).EnsureSuccessStatusCode();
            ids = ids.Skip(1).ToList();

            // December 00:10 in Beijing: November is over. Its late deliveries arrive while finance settles it.
            app.Clock.Now = November.AddMinutes(30);
            var imports = ids.Select(id => FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{id},EMS,EMS{id:D10},2026-11-30 23:45\n")).ToList();
            var settle = finance.PostAsync($"/api/v1/finance/settlements/2026-11/{s.Supplier.SupplierId}/settle", null);
            await Task.WhenAll(imports.Append(settle));
            Assert.True((await settle).IsSuccessStatusCode, await (await settle).Content.ReadAsStringAsync());
            // An import refused because the month closed under it is simply run again: it counts in December.
            foreach (var (id, answer) in ids.Zip(imports.Select(i => i.Result)).Where(x => !x.Second.IsSuccessStatusCode).ToList())
            {
                await answer.IsProblemAsync(HttpStatusCode.Conflict, "conflict");
                (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{id},EMS,EMS{id:D10},2026-11-30 23:45\n")).EnsureSuccessStatusCode();
            }

            var november = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-11")).EnumerateArray().Single(x => x.GetProperty("supplierId").GetGuid() == s.Supplier.SupplierId);
            var december = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/settlements/2026-12")).EnumerateArray().Where(x => x.GetProperty("supplierId").GetGuid() == s.Supplier.SupplierId)
                .Sum(x => x.GetProperty("parcels").GetInt32());
            var bookedToNovember = await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().Shipments.CountAsync(x => x.OrderId == order && x.SettlementMonth == 202611));
            // Every parcel booked to November is in its frozen figures; the rest are December's; none is lost or counted twice.
            Assert.Equal(bookedToNovember, november.GetProperty("parcels").GetInt32());
            Assert.Equal(8, november.GetProperty("parcels").GetInt32() + december);
        }
        finally
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
        }
    }
}
