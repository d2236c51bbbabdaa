using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using static Procurement.IntegrationTests.Ledger.LedgerScenario;

namespace Procurement.IntegrationTests.Ledger;

/// <summary>
/// What only a hand at the database could do: the append-only triggers refuse changing or deleting the books, and
/// the proof finds an entry unbalanced by a raw insert and a kept balance edited by hand.
/// </summary>
public sealed class LedgerTamperTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task The_books_refuse_updates_and_deletes_and_the_proof_finds_a_hand_made_line_and_an_edited_balance()
    {
        var entry = Postings.Received(Guid.NewGuid(), Guid.NewGuid(), "T-0001", 10.00m, Beijing("2023-06-01T10:00:00"));
        await PostAsync(app, entry);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            foreach (var sql in new[]
            {
                "UPDATE LedgerLines SET DebitFen = 1 WHERE EntryId = {0}",
                "DELETE FROM LedgerLines WHERE EntryId = {0}",
                "UPDATE LedgerEntries SET Reference = 'x' WHERE Id = {0}",
                "DELETE FROM LedgerEntries WHERE Id = {0}",
            })
            {
                var refused = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(sql, entry.Id));
                Assert.Contains("append-only", refused.Message);
            }
            // A line slipped in by hand (the trigger keeps the balance, so only the entry and the totals disagree), and a kept balance edited.
            await db.Database.ExecuteSqlRawAsync("INSERT INTO LedgerLines (EntryId, Line, Account, DebitFen, CreditFen, OrderId, SupplierId, Day) VALUES ({0}, 3, 'cash:bank', 500, 0, NULL, NULL, 20230601)", entry.Id);
            await db.Database.ExecuteSqlRawAsync("UPDATE LedgerBalances SET CreditFen = CreditFen + 1 WHERE Account = 'held:orders'");
            return true;
        });

        var run = await app.WithScopeAsync(sp => sp.GetRequiredService<LedgerProof>().RunAsync(CancellationToken.None));
        var open = run.Expect().Open.ToDictionary(b => b.Kind);
        Assert.Equal((15.00m, 10.00m), (open["UnbalancedEntry"].Expected, open["UnbalancedEntry"].Actual));
        Assert.Equal($"entry {entry.Id}", open["UnbalancedEntry"].Subject);
        Assert.Equal((15.00m, 10.00m), (open["TrialBalance"].Expected, open["TrialBalance"].Actual));
        Assert.Equal(("held:orders", 10.00m, 10.01m), (open["KeptBalance"].Subject, open["KeptBalance"].Expected, open["KeptBalance"].Actual));
    }
}
