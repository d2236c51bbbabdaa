using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Settlement;
using Procurement.IntegrationTests.Fulfilment;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Settlement;

/// <summary>The statements page opens on the latest month with data (issue #21), not on an empty one.</summary>
public sealed class LatestMonthTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private Task<string?> LatestAsync() =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<SettlementStatements>().LatestMonthAsync(CancellationToken.None)).Value);

    [Fact]
    public async Task The_latest_month_is_the_one_a_parcel_was_delivered_in_and_none_before_any()
    {
        Assert.Null(await LatestAsync());

        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 10)))[0];
        var order = await s.ReadyAsync([(sku, 1)], "张三,13800000001,江苏省,南京市,鼓楼区,中山北路 1 号,1");
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        // Paid but nothing delivered: still no month with data.
        Assert.Null(await LatestAsync());

        var parcel = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments"))[0].GetProperty("id").GetInt64();
        var deliveredAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var imported = await FulfilmentApiTests.ImportAsync(s.Supplier.Client,
            $"shipment_id,carrier,tracking_no,delivered_at\n{parcel},EMS,EMS0000000001,{deliveredAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}\n");
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        Assert.Equal(SettlementMonth.Of(deliveredAt).ToString(), await LatestAsync());
    }
}
