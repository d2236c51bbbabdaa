using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;

namespace Procurement.IntegrationTests.Ledger;

/// <summary>What the ledger says, read straight from its lines, for the money tests to check against.</summary>
public static class Books
{
    /// <summary>An order's balance in each account, the account's own way round (cash as debits, the rest as credits).</summary>
    public static Task<Dictionary<string, decimal>> OrderBooksAsync(this ProcurementApp app, Guid order) => app.WithScopeAsync(async sp =>
    {
        var lines = await sp.GetRequiredService<ProcurementDbContext>().JournalLines.AsNoTracking().Where(l => l.OrderId == order)
            .GroupBy(l => l.Account).Select(g => new { g.Key, Debit = g.Sum(l => l.DebitFen), Credit = g.Sum(l => l.CreditFen) }).ToListAsync();
        return lines.ToDictionary(l => l.Key, l => LedgerAccount.Balance(l.Key, l.Debit / 100m, l.Credit / 100m));
    });

    /// <summary>What the platform owes a supplier by its payable account (credits less debits).</summary>
    public static Task<decimal> PayableAsync(this ProcurementApp app, Guid supplierId) => app.WithScopeAsync(async sp =>
    {
        var account = LedgerAccount.Payable(supplierId);
        var lines = await sp.GetRequiredService<ProcurementDbContext>().JournalLines.AsNoTracking().Where(l => l.Account == account)
            .Select(l => new { l.DebitFen, l.CreditFen }).ToListAsync();
        return (lines.Sum(l => l.CreditFen) - lines.Sum(l => l.DebitFen)) / 100m;
    });
}
