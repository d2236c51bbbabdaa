using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Settlement;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Settlement;

/// <summary>A supplier's monthly statement: a summary sheet and the lines (delivered parcels, refunds); amounts stay numbers.</summary>
public sealed class StatementSheets : IStatementSheets
{
    private static readonly string[] LineHeader = ["类型", "时间", "订单号", "发货单号", "收件人/说明", "金额"];

    public byte[] Write(SupplierStatement statement, IReadOnlyList<StatementLine> lines, SheetFormat format)
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
        }).ToList();
        if (format == SheetFormat.Xlsx)
        {
            var detail = rows.Select(r => LineHeader.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
            if (detail.Count == 0)
            {
                detail.Add(LineHeader.ToDictionary(h => h, _ => (object?)null));
            }
            using var buffer = new MemoryStream();
            buffer.SaveAs(new Dictionary<string, object> { ["对账单"] = summary, ["明细"] = detail }, excelType: ExcelType.XLSX);
            return buffer.ToArray();
        }
        var csv = new StringBuilder();
        foreach (var pair in summary)
        {
            csv.Append(SheetCells.Csv(Text(pair["项目"]))).Append(',').Append(SheetCells.Csv(Text(pair["值"]))).Append("\r\n");
        }
        csv.Append("\r\n").Append(string.Join(",", LineHeader)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.Append(string.Join(",", row.Select(c => SheetCells.Csv(Text(c))))).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
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
