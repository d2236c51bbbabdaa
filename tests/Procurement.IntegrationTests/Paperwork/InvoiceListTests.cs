using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Paperwork;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Paperwork;

/// <summary>Finance's overdue view pages the two owed statuses merged in delivery order, as one sorted list would.</summary>
public sealed class InvoiceListTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task The_overdue_view_pages_both_owed_statuses_most_overdue_first_and_counts_them()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((20m, 100)))[0];
        var finance = await s.FinanceAsync();
        var orders = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var order = await s.ReadyAsync([(sku, 1)], $"成员{i},1380000{i:D4},江苏省,南京市,鼓楼区,中山北路 {i + 1} 号,1");
            await s.PayByTransferAsync(order, finance);
            orders.Add(order);
        }
        // Delivered 10 to 16 days ago; owed (Requested), waiting for a red invoice, or issued, in turn.
        var statuses = new[] { InvoiceStatus.Requested, InvoiceStatus.RedRequired, InvoiceStatus.Issued };
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            for (var i = 0; i < orders.Count; i++)
            {
                var (order, status, at) = (orders[i], statuses[i % 3], DateTimeOffset.UtcNow.AddDays(-10 - (i * 5 % 7)));
                await db.Invoices.IgnoreQueryFilters().Where(x => x.OrderId == order)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, status).SetProperty(x => x.DeliveredAt, at));
            }
            return 0;
        });
        var expected = orders.Select((order, i) => (Order: order, Status: statuses[i % 3], Days: 10 + (i * 5 % 7)))
            .Where(x => x.Status != InvoiceStatus.Issued).OrderByDescending(x => x.Days).Select(x => x.Order).ToList();
        var seen = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var answer = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=5&supplierId={s.Supplier.SupplierId}&pageSize=2&page={page}");
            Assert.Equal(expected.Count, answer.GetProperty("total").GetInt32());
            seen.AddRange(answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("orderId").GetGuid()));
        }
        Assert.Equal(expected, seen);
        var redOnly = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=5&status=RedRequired&supplierId={s.Supplier.SupplierId}");
        Assert.Equal(2, redOnly.GetProperty("total").GetInt32());
        Assert.Equal(0, (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=5&status=Issued&supplierId={s.Supplier.SupplierId}"))
            .GetProperty("total").GetInt32());
        Assert.Equal(0, (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=30&supplierId={s.Supplier.SupplierId}"))
            .GetProperty("total").GetInt32());
    }
}
