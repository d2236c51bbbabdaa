using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Persistence.Ledger;
using Procurement.IntegrationTests.Fulfilment;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ledger;

/// <summary>
/// The books' opening: money that moved before the ledger existed is posted once at start-up, by the live rules, so
/// the opening books equal what the flows would have posted. Proved by running the flows, forgetting the ledger (as a
/// database from before it), opening it again from the records and comparing every account, for every order.
/// </summary>
public sealed class LedgerOpeningTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private Task<Dictionary<(Guid?, string), long>> BooksAsync() => app.WithScopeAsync(async sp =>
        (await sp.GetRequiredService<ProcurementDbContext>().JournalLines.AsNoTracking().GroupBy(l => new { l.OrderId, l.Account })
            .Select(g => new { g.Key.OrderId, g.Key.Account, Net = g.Sum(l => l.CreditFen - l.DebitFen) }).ToListAsync())
        .Where(x => x.Net != 0).ToDictionary(x => (x.OrderId, x.Account), x => x.Net));

    private Task<Dictionary<string, long>> KeptAsync() => app.WithScopeAsync(async sp =>
        await sp.GetRequiredService<ProcurementDbContext>().LedgerBalances.AsNoTracking().Where(b => b.CreditFen != b.DebitFen)
            .ToDictionaryAsync(b => b.Account, b => b.CreditFen - b.DebitFen));

    [Fact]
    public async Task Opening_the_books_from_the_records_posts_what_the_flows_posted_and_only_once()
    {
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<LedgerOpening>().PostIfNeededAsync(CancellationToken.None)));

        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var finance = await s.FinanceAsync();
        // A paid order: one parcel delivered and refunded after-sales (sent by transfer), one still on its way.
        var delivered = await s.ReadyAsync([(sku, 2)], Rows(2));
        await s.PayByTransferAsync(delivered, finance);
        var parcels = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Select(p => p.GetProperty("id").GetInt64()).Order().ToList();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, "shipment_id,carrier,tracking_no,delivered_at\n" +
            $"{parcels[0]},EMS,EMS{parcels[0]:D10},{DateTimeOffset.UtcNow.AddHours(8).AddMinutes(2):yyyy-MM-dd HH:mm}\n{parcels[1]},EMS,EMS{parcels[1]:D10},\n")).EnsureSuccessStatusCode();
        var damaged = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{delivered}/after-sales", new { shipmentId = parcels[0], kind = "Damaged", description = "破损" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{damaged.GetProperty("id").GetGuid()}/refund", new { })).EnsureSuccessStatusCode();
        var refund = (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{delivered}/refunds")).EnumerateArray().Single().GetProperty("id").GetGuid();
        (await finance.PostAsJsonAsync($"/api/v1/finance/refunds/{refund}/completion", new { reference = "退款流水 001", sentAt = DateTimeOffset.UtcNow.AddMinutes(-1) }))
            .EnsureSuccessStatusCode();
        // An overpaid transfer, and a paid order cancelled before it shipped (its bank refund still to send).
        var overpaid = await s.ReadyAsync([(sku, 1)], Rows(1, first: 13900000000));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{overpaid}/submit", null)).EnsureSuccessStatusCode();
        (await finance.PostAsJsonAsync($"/api/v1/finance/orders/{overpaid}/bank-transfer-confirmations",
            new { amount = 60m, reference = "转账一", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) })).EnsureSuccessStatusCode();
        (await finance.PostAsJsonAsync($"/api/v1/finance/orders/{overpaid}/bank-transfer-confirmations",
            new { amount = 50m, reference = "转账二", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-4) })).EnsureSuccessStatusCode();
        var cancelled = await s.ReadyAsync([(sku, 1)], Rows(1, first: 13700000000));
        await s.PayByTransferAsync(cancelled, finance);
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{cancelled}/cancel", new { reason = "活动取消" })).EnsureSuccessStatusCode();

        // The books the flows posted pass the daily proof: nothing to name.
        await NoBreaksAsync(finance);
        var live = await BooksAsync();
        var liveKept = await KeptAsync();
        var unapplied = await app.WithScopeAsync(async sp => await sp.GetRequiredService<ProcurementDbContext>().Payments.AsNoTracking()
            .ToDictionaryAsync(p => p.Id, p => p.UnappliedAmount));
        Assert.Equal(10m, unapplied.Values.Sum());
        Assert.Equal(10_00, live[(overpaid, LedgerAccount.Unapplied)]);

        // The database as it was before the ledger: no entries, no balances, nothing in suspense.
        await ForgetTheLedgerAsync();
        Assert.Empty(await BooksAsync());

        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<LedgerOpening>().PostIfNeededAsync(CancellationToken.None)) > 0);
        Assert.Equal(live.OrderBy(x => x.Key.ToString()), (await BooksAsync()).OrderBy(x => x.Key.ToString()));
        Assert.Equal(liveKept.OrderBy(x => x.Key), (await KeptAsync()).OrderBy(x => x.Key));
        Assert.Equal(unapplied, await app.WithScopeAsync(async sp => await sp.GetRequiredService<ProcurementDbContext>().Payments.AsNoTracking()
            .ToDictionaryAsync(p => p.Id, p => p.UnappliedAmount)));
        var kinds = await app.WithScopeAsync(async sp => await sp.GetRequiredService<ProcurementDbContext>().JournalEntries.AsNoTracking().Select(e => e.Kind).Distinct().ToListAsync());
        Assert.Equal([EntryKind.Opening], kinds);
        await NoBreaksAsync(finance);
        // Once: the books are open now.
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<LedgerOpening>().PostIfNeededAsync(CancellationToken.None)));
    }

    private static async Task NoBreaksAsync(HttpClient finance)
    {
        var run = await (await finance.PostAsync("/api/v1/finance/ledger/checks", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(run.GetProperty("breaks").GetInt32() == 0, run.GetRawText());
    }

    /// <summary>Removes every ledger row (the append-only triggers set aside and put back) and the suspense amounts, as before issue #20.</summary>
    private async Task ForgetTheLedgerAsync()
    {
        var file = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ProcurementDbContext>().Database.GetConnectionString()!));
        await using var connection = new SqliteConnection(file);
        await connection.OpenAsync();
        var triggers = new List<string>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'Ledger%'";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                triggers.Add(reader.GetString(0));
            }
        }
        Assert.Equal(5, triggers.Count);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in new[]
                 {
                     "DROP TRIGGER LedgerLines_AppendOnly", "DROP TRIGGER LedgerLines_NoDelete", "DROP TRIGGER LedgerEntries_AppendOnly", "DROP TRIGGER LedgerEntries_NoDelete",
                     "DELETE FROM LedgerLines", "DELETE FROM LedgerEntries", "DELETE FROM LedgerBalances", "DELETE FROM LedgerDays", "UPDATE Payments SET UnappliedAmount = '0.0'",
                 }.Concat(triggers.Where(t => !t.Contains("LedgerLines_Balances", StringComparison.Ordinal))))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
