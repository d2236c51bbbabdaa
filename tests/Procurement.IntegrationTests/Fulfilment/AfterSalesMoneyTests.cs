using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;
using Procurement.IntegrationTests.Ledger;

namespace Procurement.IntegrationTests.Fulfilment;

/// <summary>
/// After-sales and the money (issue #20): one open case per parcel however many reports arrive at once, refunds never
/// above what was paid, and a parcel lost before it arrived charged once — to the held money, never to its supplier.
/// </summary>
public sealed class AfterSalesMoneyTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    /// <summary>A paid order of one supplier: <paramref name="members"/> members, one package of 100.00 each, every parcel sent.</summary>
    private async Task<(OrderingScenario S, Guid Order, List<long> Parcels)> SentAsync(int members)
    {
        var s = await CreateAsync(app, cap: 1_000m, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var order = await s.ReadyAsync([(sku, members)], Rows(members));
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var parcels = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Select(p => p.GetProperty("id").GetInt64()).Order().ToList();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no\n" + string.Join("\n", parcels.Select(p => $"{p},EMS,EMS{p:D10}"))))
            .EnsureSuccessStatusCode();
        return (s, order, parcels);
    }

    /// <summary>The supplier's statement of this month: delivered value and refunds charged to it (none booked: zeros).</summary>
    private static async Task<(decimal Delivered, decimal Refunds)> StatementAsync(OrderingScenario s) =>
        (await s.Supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/settlements/{Core.Settlement.SettlementMonth.Of(DateTimeOffset.UtcNow)}")).EnumerateArray()
        .Select(x => (x.GetProperty("deliveredValue").GetDecimal(), x.GetProperty("refunds").GetDecimal())).SingleOrDefault();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Eight_reports_of_one_damaged_parcel_at_once_make_one_case_and_one_refund(int round)
    {
        var (s, order, parcels) = await SentAsync(1);
        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales",
            new { shipmentId = parcels[0], kind = "Damaged", description = $"第 {round}-{i} 次报损" })));
        Assert.Single(reports, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in reports.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.IsProblemAsync(HttpStatusCode.Conflict, "conflict");
        }
        var open = Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/after-sales?status=Open")).GetProperty("items").EnumerateArray());
        var refunds = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{open.GetProperty("id").GetGuid()}/refund", new { })));
        Assert.Single(refunds, r => r.IsSuccessStatusCode);
        var refunded = (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray().Sum(r => r.GetProperty("amount").GetDecimal());
        Assert.Equal(100m, refunded);
        Assert.Equal(100m, (await app.OrderBooksAsync(order))[LedgerAccount.RefundsPending]);
    }

    [Fact]
    public async Task A_parcel_lost_before_it_arrived_is_refunded_from_the_held_money_and_never_charged_to_its_supplier()
    {
        var (s, order, parcels) = await SentAsync(2);
        var lost = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcels[0], kind = "Lost", description = "快递丢件" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{lost.GetProperty("id").GetGuid()}/refund", new { })).EnsureSuccessStatusCode();
        // The supplier was never paid for it, so its statement is not charged for it either.
        Assert.Equal((0m, 0m), await StatementAsync(s));
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((100m, 100m, 0m), (books[LedgerAccount.Held], books[LedgerAccount.RefundsPending], books.GetValueOrDefault(LedgerAccount.Payable(s.Supplier.SupplierId))));

        // The other parcel arrives: its value becomes the supplier's; the order holds nothing more.
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{parcels[1]},EMS,EMS{parcels[1]:D10},{DateTimeOffset.UtcNow.AddHours(8).AddMinutes(2):yyyy-MM-dd HH:mm}\n"))
            .EnsureSuccessStatusCode();
        books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 100m), (books[LedgerAccount.Held], books[LedgerAccount.Payable(s.Supplier.SupplierId)]));
        Assert.Equal((100m, 0m), await StatementAsync(s));
    }

    [Fact]
    public async Task A_parcel_lost_before_it_arrived_and_resent_pays_its_supplier_once_on_the_resends_delivery()
    {
        var (s, order, parcels) = await SentAsync(1);
        var lost = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcels[0], kind = "Lost", description = "快递丢件" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{lost.GetProperty("id").GetGuid()}/resend", new { })).EnsureSuccessStatusCode();
        var resend = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?status=Pending")).Single().GetProperty("id").GetInt64();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{resend},EMS,EMS{resend:D10},{DateTimeOffset.UtcNow.AddHours(8):yyyy-MM-dd HH:mm}\n"))
            .EnsureSuccessStatusCode();
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 100m), (books[LedgerAccount.Held], books[LedgerAccount.Payable(s.Supplier.SupplierId)]));
        Assert.Equal(100m, (await StatementAsync(s)).Delivered);
    }
}
