using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.IntegrationTests.Ordering;

namespace Procurement.IntegrationTests.Ledger;

/// <summary>Posts entries as the flows do (through <see cref="ILedger"/> in a unit of work, as the system) and finds an order to post them against.</summary>
internal static class LedgerScenario
{
    public static Task PostAsync(ProcurementApp app, params JournalEntry[] entries) => app.WithScopeAsync(async sp =>
    {
        var ledger = sp.GetRequiredService<ILedger>();
        foreach (var entry in entries)
        {
            ledger.Post(entry);
        }
        Assert.Null(await sp.GetRequiredService<IUnitOfWork>().CommitAsync(CancellationToken.None));
        return true;
    });

    /// <summary>A draft order of the scenario's supplier's goods (it holds no money); its id and number.</summary>
    public static async Task<(Guid Id, string Number)> OrderAsync(OrderingScenario s)
    {
        var sku = (await s.PublishAsync((100m, 50)))[0];
        var id = await s.ReadyAsync([(sku, 2)], OrderingScenario.Rows(2));
        return (id, (await s.OrderAsync(id)).GetProperty("number").GetString()!);
    }

    public static DateTimeOffset Beijing(string localTime) => DateTimeOffset.Parse(localTime + "+08:00", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonElement Account(JsonElement balance, string code) =>
        balance.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("code").GetString() == code);
}
