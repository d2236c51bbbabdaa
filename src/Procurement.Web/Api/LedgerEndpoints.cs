using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

/// <summary>
/// Finance's books (<see cref="LedgerBooks"/>): the trial balance, entries, an order's money trail, the proof's breaks
/// and their exports; running the proof now (<see cref="LedgerProof"/>). Reading asks <c>FinanceRead</c>, the check
/// <c>FinanceWrite</c>.
/// </summary>
public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedger(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/api/v1/finance/ledger").WithTags("Ledger").RequireCapability(Capability.FinanceRead);
        ledger.MapGet("/trial-balance", TrialBalance);
        ledger.MapGet("/trial-balance/export", ExportTrialBalance);
        ledger.MapGet("/entries", Entries);
        ledger.MapGet("/entries/export", ExportEntries);
        ledger.MapGet("/orders/{orderId:guid}", OrderTrail);
        ledger.MapGet("/breaks", Breaks);
        ledger.MapPost("/checks", Check).RequireCapability(Capability.FinanceWrite);
        // The same exports for the ledger page's download links, which sign in with the browser's cookie.
        app.MapGet("/finance/ledger/trial-balance.{format}", ExportTrialBalance).RequirePageCapability(Capability.FinanceRead).ExcludeFromDescription();
        app.MapGet("/finance/ledger/entries.{format}", ExportEntries).RequirePageCapability(Capability.FinanceRead).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("The trial balance as of the end of a Beijing business date (asOf=yyyy-MM-dd, default today): each account's debits, credits and balance; totalDebit equals totalCredit")]
    public static async Task<Results<Ok<TrialBalance>, ProblemHttpResult>> TrialBalance(string? asOf, LedgerBooks books, CancellationToken cancellationToken)
    {
        return (await books.TrialBalanceAsync(asOf, cancellationToken)).ToOk();
    }

    [EndpointSummary("The trial balance as a file (format=xlsx|csv; CSV is UTF-8 with BOM)")]
    public static IResult ExportTrialBalance(string? format, string? asOf, LedgerBooks books)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : books.ExportTrialBalance(asOf, asked.Value).ToFile();
    }

    [EndpointSummary("Journal entries, newest first: orderId, account (e.g. held:orders, payable:supplier:{id}), from/to (Beijing dates, yyyy-MM-dd)")]
    public static async Task<Results<Ok<Paged<LedgerEntryView>>, ProblemHttpResult>> Entries(
        string? orderId, string? account, string? from, string? to, int? page, int? pageSize, LedgerBooks books, CancellationToken cancellationToken)
    {
        return (await books.EntriesAsync(orderId, account, from, to, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("The same entries as a file, one row a line (format=xlsx|csv), at most 50,000 entries")]
    public static IResult ExportEntries(string? format, string? orderId, string? account, string? from, string? to, LedgerBooks books)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : books.ExportEntries(orderId, account, from, to, asked.Value).ToFile();
    }

    [EndpointSummary("An order's money trail: received, refunds decided and sent, held, in suspense, owed to each supplier; each account's totals and the entries")]
    public static async Task<Results<Ok<OrderMoneyTrail>, ProblemHttpResult>> OrderTrail(Guid orderId, LedgerBooks books, CancellationToken cancellationToken)
    {
        return (await books.OrderTrailAsync(orderId, cancellationToken)).ToOk();
    }

    [EndpointSummary("The daily proof's breaks, open ones first; all=true includes resolved ones")]
    public static async Task<Results<Ok<Paged<BreakView>>, ProblemHttpResult>> Breaks(bool? all, int? page, int? pageSize, LedgerBooks books, CancellationToken cancellationToken)
    {
        return (await books.BreaksAsync(all == true, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Run the proof of the books now (Finance): answers the run with its open breaks")]
    [EndpointDescription("The same checks as the daily `ledger-check` job: debits equal credits overall and per entry; kept balances equal the lines; per order, cash in, cash out, refunds and suspense agree with the payments and refunds, and held money is never negative and nothing once the order is closed; per payment, refunds never pass what was received; per supplier, the payable equals delivered value less refunds charged to it, fees and payouts.")]
    public static async Task<Results<Ok<CheckRunView>, ProblemHttpResult>> Check(LedgerProof proof, CancellationToken cancellationToken)
    {
        return (await proof.RunAsync(cancellationToken)).ToOk();
    }
}
