using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>
/// Paying a choice order of 20,000 members issues their codes and messages set-based: the benchmark holds the 5-second
/// target; this guards the statements' shape (a pairing that made SQLite compare every row with every code took minutes).
/// </summary>
public sealed class GiftIssuingTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Paying_an_order_of_twenty_thousand_members_issues_every_code_and_message_in_seconds()
    {
        var g = await GiftScenario.CreateAsync(app, budget: 10_000_000m);
        var clock = Stopwatch.StartNew();
        var id = await g.PaidAsync(DateTimeOffset.UtcNow.AddDays(3), Rows(20_000, first: 13000000000));
        clock.Stop();

        var (codes, distinct, messages) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var codes = db.GiftCodes.IgnoreQueryFilters().Where(c => c.OrderId == id);
            return (await codes.CountAsync(), await codes.Select(c => c.RecipientRow).Distinct().CountAsync(),
                await db.MemberMessages.IgnoreQueryFilters().CountAsync(m => m.OrderId == id));
        });
        Assert.Equal((20_000, 20_000, 20_000), (codes, distinct, messages));
        // Import, submit and payment together, on a shared machine: far below what a quadratic pairing would take.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{clock.Elapsed.TotalSeconds:0.0} s");
    }
}
