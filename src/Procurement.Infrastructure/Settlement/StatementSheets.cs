using System.Globalization;
using Procurement.Core.Common;
using Procurement.Core.Settlement;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Settlement;

/// <summary>A supplier's monthly statement: a summary sheet and the lines (delivered parcels, refunds); amounts stay numbers.</summary>
public sealed class StatementSheets : IStatementSheets
{
    private static readonly string[] LineHeader = ["类型", "时间", "订单号", "发货单号", "收件人/说明", "金额"];

    public Task WriteAsync(SupplierStatement statement, IReadOnlyList<StatementLine> lines, SheetFormat format, Stream output, CancellationToken cancellationToken)
    {
        var summary = new List<Dictionary<string, object?>>
        {
            Pair("供应商", SheetCells.Safe(statement.SupplierName)), Pair("月份", statement.Month), Pair("签收包裹数", statement.Parcels),
            Pair("签收货值", statement.DeliveredValue), Pair("售后退款", statement.Refunds), Pair("平台服务费率", statement.FeeRate), Pair("平台服务费", statement.Fee),
            Pair("应结金额", statement.AmountDue), Pair("状态", statement.Settled ? "已结算" : "未结算"),
        };
        var rows = lines.Select(l => new object?[]
        {
            l.Kind == "delivered" ? "签收" : "退款", l.At.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), l.OrderNumber, l.ShipmentId,
            SheetCells.Safe(l.Recipient), l.Amount,
        });
        if (format == SheetFormat.Xlsx)
        {
            IEnumerable<Dictionary<string, object?>> detail = lines.Count == 0
                ? [LineHeader.ToDictionary(h => h, _ => (object?)null)]
                : rows.Select(r => LineHeader.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2));
            return SheetStreams.XlsxAsync(output, new Dictionary<string, object> { ["对账单"] = summary, ["明细"] = detail }, "对账单", cancellationToken);
        }
        var csv = summary.Select(pair => SheetCells.Csv(Text(pair["项目"])) + "," + SheetCells.Csv(Text(pair["值"])))
            .Append("")
            .Append(string.Join(",", LineHeader))
            .Concat(rows.Select(row => string.Join(",", row.Select(c => SheetCells.Csv(Text(c))))));
        return SheetStreams.CsvAsync(output, csv, cancellationToken);
    }

    private static Dictionary<string, object?> Pair(string name, object? value) => new() { ["项目"] = name, ["值"] = value };

    private static string Text(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.00####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
