using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Persistence.Paperwork;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Paperwork;

/// <summary>Orders paid before invoices existed get theirs at start-up, by the live rules, once.</summary>
public sealed class InvoiceOpeningTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Orders_paid_before_invoices_existed_owe_their_share_less_refunds_and_a_second_run_adds_nothing()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var kept = await s.ReadyAsync([(sku, 2)], "张三,13800001234,江苏省,南京市,鼓楼区,中山北路 1 号,1", "李四,13900005678,江苏省,苏州市,姑苏区,人民路 100 号,1");
        var refundedWhole = await s.ReadyAsync([(sku, 1)], "王五,13700001234,江苏省,南京市,鼓楼区,中山北路 2 号,1");
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(kept, finance);
        await s.PayByTransferAsync(refundedWhole, finance);
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{refundedWhole}/cancel", new { reason = "取消" })).EnsureSuccessStatusCode();
        // One of the kept order's parcels is lost in transit and refunded after-sales.
        var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?pageSize=50");
        var parcel = parcels.First(p => p.GetProperty("orderId").GetGuid() == kept).GetProperty("id").GetInt64();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcel},EMS,EMS{parcel:D10}\n")).EnsureSuccessStatusCode();
        var lost = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{kept}/after-sales", new { shipmentId = parcel, kind = "Lost", description = "丢件" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{lost.GetProperty("id").GetGuid()}/refund", new { })).EnsureSuccessStatusCode();
        var live = await Amounts(kept, refundedWhole);

        // As a database from before #22: the same orders without invoices.
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<ProcurementDbContext>().Invoices.IgnoreQueryFilters()
            .Where(i => i.OrderId == kept || i.OrderId == refundedWhole).ExecuteDeleteAsync());
        Assert.Empty(await InvoiceApiTests.InvoicesAsync(s.Purchaser, kept));
        var opened = await app.WithScopeAsync(sp => sp.GetRequiredService<InvoiceOpening>().OweIfNeededAsync(CancellationToken.None));
        Assert.True(opened >= 2);
        Assert.Equal(live, await Amounts(kept, refundedWhole));
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<InvoiceOpening>().OweIfNeededAsync(CancellationToken.None)));

        async Task<(decimal, string, decimal, string)> Amounts(Guid a, Guid b)
        {
            var first = Assert.Single(await InvoiceApiTests.InvoicesAsync(s.Purchaser, a));
            var second = Assert.Single(await InvoiceApiTests.InvoicesAsync(s.Purchaser, b));
            return (first.GetProperty("amount").GetDecimal(), first.GetProperty("status").GetString()!, second.GetProperty("amount").GetDecimal(),
                second.GetProperty("status").GetString()!);
        }
    }
}
