using System.Globalization;
using System.Text;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Microsoft.Extensions.Logging;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Ledger;

/// <summary>
/// The ledger's exports: the trial balance (one row an account, then the totals) and entries (one row a line, the
/// entry's facts repeated). Amounts stay numbers; text is guarded against formulas; entries are written as read.
/// </summary>
public sealed class LedgerSheets : ILedgerSheets
{
    private static readonly string[] BalanceHeader = ["科目代码", "科目名称", "借方", "贷方", "余额"];
    private static readonly string[] EntryHeader = ["凭证号", "记账时间", "类型", "订单ID", "摘要/参考", "科目", "借方", "贷方"];

    public Task WriteTrialBalanceAsync(TrialBalance balance, SheetFormat format, Stream output, CancellationToken cancellationToken)
    {
        var rows = balance.Accounts.Select(a => new object?[] { a.Code, SheetCells.Safe(a.Name), a.Debit, a.Credit, a.Balance })
            .Append(["合计", $"截至 {balance.AsOf:yyyy-MM-dd}", balance.TotalDebit, balance.TotalCredit, null]);
        return WriteAsync(BalanceHeader, ToAsync(rows), format, "trial-balance", output, cancellationToken);
    }

    public Task WriteEntriesAsync(IAsyncEnumerable<LedgerEntryView> entries, SheetFormat format, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(EntryHeader, Lines(entries, cancellationToken), format, "entries", output, cancellationToken);

    private static async IAsyncEnumerable<object?[]> Lines(IAsyncEnumerable<LedgerEntryView> entries,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            var at = e.At.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            foreach (var l in e.Lines)
            {
                yield return [e.Id, at, e.Kind, e.OrderId?.ToString() ?? "", SheetCells.Safe(e.Reference), l.Account, l.Debit, l.Credit];
            }
        }
    }

    private static Task WriteAsync(string[] header, IAsyncEnumerable<object?[]> rows, SheetFormat format, string sheet, Stream output, CancellationToken cancellationToken) =>
        format == SheetFormat.Xlsx
            ? SheetStreams.XlsxAsync(output, Sheet(header, rows).OrEmptyRow(header), sheet, cancellationToken)
            : SheetStreams.CsvAsync(output, string.Join(",", header), rows, AppendCsv, cancellationToken);

    private static void AppendCsv(StringBuilder text, object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(SheetCells.Csv(row[i] switch
            {
                null => "",
                decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
                _ => Convert.ToString(row[i], CultureInfo.InvariantCulture) ?? "",
            }));
        }
    }

    private static async IAsyncEnumerable<Dictionary<string, object?>> Sheet(string[] header, IAsyncEnumerable<object?[]> rows)
    {
        await foreach (var r in rows)
        {
            yield return header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2);
        }
    }

    private static async IAsyncEnumerable<object?[]> ToAsync(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }
        await Task.CompletedTask;
    }
}

/// <summary>Runs the daily proof as the system (the job's scope acts as the system identity) and logs its outcome.</summary>
public sealed class LedgerCheckJob(LedgerProof proof, ILogger<LedgerCheckJob> logger)
{
    [Hangfire.DisableConcurrentExecution(600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var run = await proof.RunAsync(cancellationToken);
        if (run.Error is { } error)
        {
            throw new InvalidOperationException($"ledger-check refused: {error.Detail}");
        }
        logger.LogInformation("ledger-check: run {RunId}, {Breaks} open breaks, {Resolved} resolved", run.Value!.Id, run.Value.Breaks, run.Value.Resolved);
        return run.Value.Breaks;
    }
}
