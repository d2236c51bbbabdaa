using System.Globalization;
using System.Text;
using Procurement.Core.Common;
using Procurement.Core.Reporting;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Reporting;

/// <summary>
/// The 填报 file: one row per union of the subtree and the totals row; amounts, counts and shares as numbers (XLSX
/// numeric cells; CSV invariant digits), names guarded against formulas (<see cref="SheetCells.Safe"/>). A province
/// has at most a few thousand unions, so the rows are at hand.
/// </summary>
public sealed class ReportSheets : IReportSheets
{
    public static readonly IReadOnlyList<string> Header =
        ["单位名称", "统一社会信用代码", "上级单位", "层级", "订单数", "采购金额", "帮扶金额", "帮扶占比", "服务职工人次", "目标占比", "预留份额", "完成进度", "是否达标"];

    public Task WriteAsync(IReadOnlyList<ReportRow> rows, ReportRow totals, SheetFormat format, Stream output, CancellationToken cancellationToken) =>
        format == SheetFormat.Xlsx
            ? SheetStreams.XlsxAsync(output, rows.Append(totals).Select(Cells).ToList(), "消费帮扶", cancellationToken)
            : SheetStreams.CsvAsync(output, string.Join(',', Header), Async(rows.Append(totals)), Csv, cancellationToken);

    private static Dictionary<string, object?> Cells(ReportRow r) => new()
    {
        [Header[0]] = SheetCells.Safe(r.Name),
        [Header[1]] = r.Uscc,
        [Header[2]] = SheetCells.Safe(r.ParentName),
        [Header[3]] = r.Level,
        [Header[4]] = r.Orders,
        [Header[5]] = r.Amount,
        [Header[6]] = r.AssistanceAmount,
        [Header[7]] = r.AssistanceShare,
        [Header[8]] = r.MembersServed,
        [Header[9]] = r.TargetShare,
        [Header[10]] = r.ReservedAmount,
        [Header[11]] = r.Progress,
        [Header[12]] = r.OnTrack is { } onTrack ? (onTrack ? "是" : "否") : null,
    };

    private static void Csv(StringBuilder text, ReportRow r)
    {
        text.Append(SheetCells.Csv(SheetCells.Safe(r.Name))).Append(',').Append(r.Uscc).Append(',').Append(SheetCells.Csv(SheetCells.Safe(r.ParentName))).Append(',')
            .Append(r.Level).Append(',').Append(r.Orders).Append(',').Append(Number(r.Amount, "0.00")).Append(',').Append(Number(r.AssistanceAmount, "0.00")).Append(',')
            .Append(Number(r.AssistanceShare, "0.####")).Append(',').Append(r.MembersServed).Append(',').Append(Number(r.TargetShare, "0.####")).Append(',')
            .Append(Number(r.ReservedAmount, "0.00")).Append(',').Append(Number(r.Progress, "0.####")).Append(',')
            .Append(r.OnTrack is { } onTrack ? (onTrack ? "是" : "否") : "");
    }

    private static string Number(decimal? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    private static async IAsyncEnumerable<ReportRow> Async(IEnumerable<ReportRow> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }
        await Task.CompletedTask;
    }
}
