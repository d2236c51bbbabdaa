using Microsoft.AspNetCore.TestHost;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Jobs;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Fulfilment;

/// <summary>Holds the first two readers of an order's parcel counts until both have read, so two imports surely decide on the same state.</summary>
public sealed class CountsGate
{
    private readonly object _lock = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    public bool Armed { get; private set; }

    public void Arm()
    {
        lock (_lock)
        {
            (_open, _waiting, Armed) = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), 0, true);
        }
    }

    public Task PassAsync()
    {
        lock (_lock)
        {
            if (!Armed)
            {
                return Task.CompletedTask;
            }
            if (++_waiting == 2)
            {
                Armed = false;
                _open.TrySetResult();
            }
            return _open.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}

/// <summary>The app with the parcel counts read through <see cref="CountsGate"/>.</summary>
public sealed class GatedApp : ProcurementApp
{
    public CountsGate Gate { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddScoped<Core.Fulfilment.IShipmentStore>(sp =>
            new GatedShipments(ActivatorUtilities.CreateInstance<Infrastructure.Persistence.Fulfilment.ShipmentStore>(sp), Gate)));
    }

    private sealed class GatedShipments(Core.Fulfilment.IShipmentStore inner, CountsGate gate) : Core.Fulfilment.IShipmentStore
    {
        public async Task<Core.Ordering.ShipmentCounts> CountsAsync(Guid orderId, CancellationToken cancellationToken)
        {
            var counts = await inner.CountsAsync(orderId, cancellationToken);
            await gate.PassAsync();
            return counts;
        }

        public void CreateFor(Core.Ordering.Order order) => inner.CreateFor(order);
        public void CancelFor(Core.Ordering.Order order) => inner.CancelFor(order);
        public void Apply(IReadOnlyList<Core.Fulfilment.TrackingUpdate> updates, Guid? by) => inner.Apply(updates, by);
        public void Add(Core.Fulfilment.Shipment shipment) => inner.Add(shipment);
        public Task<IReadOnlyDictionary<long, Core.Fulfilment.ShipmentState>> StatesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => inner.StatesAsync(ids, cancellationToken);
        public Task<Core.Fulfilment.Shipment?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);
        public Task<Core.Fulfilment.ShipmentView?> ViewAsync(long id, CancellationToken cancellationToken) => inner.ViewAsync(id, cancellationToken);
        public Task<Core.Common.Paged<Core.Fulfilment.ShipmentView>> ListAsync(Core.Fulfilment.ShipmentQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);
        public Task<Core.Fulfilment.FulfilmentProgress> ProgressAsync(Guid orderId, CancellationToken cancellationToken) => inner.ProgressAsync(orderId, cancellationToken);
        public Task<IReadOnlyList<Core.Fulfilment.PackingRow>> PackingListAsync(Core.Fulfilment.ShipmentQuery query, int max, CancellationToken cancellationToken) => inner.PackingListAsync(query, max, cancellationToken);
        public Task<IReadOnlyList<Core.Paperwork.SignOffParcel>> SignOffParcelsAsync(Guid orderId, CancellationToken cancellationToken) => inner.SignOffParcelsAsync(orderId, cancellationToken);
    }
}

/// <summary>
/// Two suppliers reporting the last deliveries of one order at once on a real SQLite file, both having read the
/// parcel counts before either saved: the order's version makes the second one's commit fail (409, run again), so the
/// order is never left Shipping with every parcel delivered.
/// </summary>
public sealed class FulfilmentConcurrencyTests(GatedApp app) : IClassFixture<GatedApp>
{
    [Fact]
    public async Task Two_suppliers_delivering_the_last_parcels_at_once_never_leave_the_order_shipping()
    {
        for (var round = 0; round < 3; round++)
        {
            var s = await CreateAsync(app, threshold: 1_000_000m);
            var other = await SupplierScenario.CreateAsync(app, "武都花椒专业合作社");
            var a = (await s.PublishAsync((30m, 100)))[0];
            var b = (await s.PublishAsync(other, (20m, 100)))[0];
            var order = await s.ReadyAsync([(a, 3), (b, 3)], Rows(3));
            await s.PayByTransferAsync(order, await s.FinanceAsync());
            // Both send first (the order is Shipping), then report their deliveries at once: no move but the last.
            async Task<HttpResponseMessage> ReportAsync(HttpClient supplier, string? deliveredAt)
            {
                var mine = await FulfilmentApiTests.ShipmentsAsync(supplier, "/api/v1/supplier/shipments");
                var csv = "shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", mine.Select(m => $"{m.GetProperty("id").GetInt64()},EMS,EMS{m.GetProperty("id").GetInt64():D8},{deliveredAt}"));
                // A supplier whose import collided is told to run it again (409): it does, as a person would.
                for (var attempt = 0; ; attempt++)
                {
                    var response = await FulfilmentApiTests.ImportAsync(supplier, csv);
                    if (response.StatusCode != HttpStatusCode.Conflict || attempt == 5)
                    {
                        return response;
                    }
                }
            }
            (await ReportAsync(s.Supplier.Client, null)).EnsureSuccessStatusCode();
            (await ReportAsync(other.Client, null)).EnsureSuccessStatusCode();
            Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());
            var at = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(2).ToString("yyyy-MM-dd HH:mm");
            Task<HttpResponseMessage> DeliverAllAsync(HttpClient supplier) => ReportAsync(supplier, at);

            app.Gate.Arm();
            var answers = await Task.WhenAll(DeliverAllAsync(s.Supplier.Client), DeliverAllAsync(other.Client));
            Assert.False(app.Gate.Armed);

            Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var final = await s.OrderAsync(order);
            Assert.Equal("Delivered", final.GetProperty("status").GetString());
            Assert.Single(final.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("to").GetString() == "Delivered");
        }
    }
}

/// <summary>Delivered orders the purchaser never confirms complete by themselves Fulfilment:CompleteAfterDays (7) after delivery.</summary>
public sealed class OrderCompletionTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task The_daily_job_completes_orders_seven_days_after_delivery_as_the_system()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((30m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 2)], Rows(2));
        await s.PayByTransferAsync(order, await s.FinanceAsync(), app.Clock.Now.AddMinutes(-5));
        var mine = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments");
        var at = app.Clock.Now.AddHours(8).ToString("yyyy-MM-dd HH:mm");
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no,delivered_at\n" +
            string.Join("\n", mine.Select(m => $"{m.GetProperty("id").GetInt64()},EMS,EMS12345678,{at}")))).EnsureSuccessStatusCode();
        Assert.Equal("Delivered", (await s.OrderAsync(order)).GetProperty("status").GetString());

        var start = app.Clock.Now;
        try
        {
            // Signed-in calls wait until the clock is back (their tokens would have expired); the job needs none.
            app.Clock.Now = start.AddDays(6);
            Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<CompleteDeliveredOrdersJob>().RunAsync(CancellationToken.None)));
            app.Clock.Now = start.AddDays(7).AddMinutes(1);
            Assert.Equal(1, await app.WithScopeAsync(sp => sp.GetRequiredService<CompleteDeliveredOrdersJob>().RunAsync(CancellationToken.None)));
            Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<CompleteDeliveredOrdersJob>().RunAsync(CancellationToken.None)));
        }
        finally
        {
            app.Clock.Now = start;
        }
        var completed = await s.OrderAsync(order);
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        var last = completed.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, last.GetProperty("by").ValueKind);
        Assert.Contains("7", last.GetProperty("reason").GetString());
    }
}
