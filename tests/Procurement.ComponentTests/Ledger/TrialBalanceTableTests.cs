using Bunit;
using Procurement.Core.Ledger;
using Procurement.Web.Components.Ledger;

namespace Procurement.ComponentTests.Ledger;

/// <summary>What finance reads in the trial balance: each account with its name and balance, a drill-down to its entries, the totals and whether they agree.</summary>
public class TrialBalanceTableTests : ComponentTestContext
{
    private static readonly Guid Supplier = Guid.Parse("0199a3c1-1111-7000-8000-000000000001");

    private static TrialBalance Balance(decimal totalCredit) => new(new DateOnly(2026, 11, 30),
    [
        TrialBalanceAccount.Of(new AccountTotals(LedgerAccount.OnlineCash, 30_000, 2_000), null),
        TrialBalanceAccount.Of(new AccountTotals(LedgerAccount.Held, 12_000, 30_000), null),
        TrialBalanceAccount.Of(new AccountTotals(LedgerAccount.Payable(Supplier), 0, 12_000), "成县核桃种植专业合作社"),
    ], 420.00m, totalCredit);

    [Fact]
    public void Accounts_show_their_chinese_names_balances_and_a_link_to_their_entries()
    {
        var table = Render<TrialBalanceTable>(p => p.Add(x => x.Balance, Balance(420.00m)));
        var rows = table.FindAll("#trial-balance tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Contains("在线收款（Stripe）", rows[0].TextContent);
        Assert.Contains("¥280.00", rows[0].TextContent);
        Assert.Contains("应付供应商：成县核桃种植专业合作社", rows[2].TextContent);
        Assert.Contains("¥120.00", rows[2].TextContent);
        var link = table.FindAll("a.account-link")[2].GetAttribute("href");
        Assert.Equal($"/finance/ledger/entries?account=payable%3Asupplier%3A{Supplier}&to=2026-11-30", link);
        Assert.Contains("¥420.00", table.Find("#total-debit").TextContent);
        Assert.Contains("截至 2026-11-30", table.Markup);
        Assert.Contains("借贷平衡", table.Find("#balanced").TextContent);
    }

    [Fact]
    public void Totals_that_disagree_are_shown_as_unbalanced() =>
        Assert.Contains("借贷不平", Render<TrialBalanceTable>(p => p.Add(x => x.Balance, Balance(419.99m))).Find("#unbalanced").TextContent);
}
