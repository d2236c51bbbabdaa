using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Payments;

/// <summary>Finance's payments export: one row per payment, amounts kept as numbers, text guarded against formulas.</summary>
public sealed class PaymentSheets(PaymentMethodNames methods) : IPaymentSheets
{
    private static readonly string[] Header = ["订单号", "工会", "方式", "状态", "异常", "应付金额", "已到账", "尚缺", "流水/参考", "发起时间", "到账时间", "处理说明"];

    public byte[] Write(IReadOnlyList<PaymentDetails> payments, SheetFormat format)
    {
        var rows = payments.Select(p => new object?[]
        {
            p.OrderNumber, SheetCells.Safe(p.UnionName), p.Method == methods.BankTransfer ? "对公转账" : "在线支付", p.Status, p.Flag == "None" ? "" : p.Flag,
            p.Amount, p.Received, p.Missing, SheetCells.Safe(p.Reference), Time(p.CreatedAt), p.SucceededAt is { } at ? Time(at) : "", SheetCells.Safe(p.ResolutionNote),
        }).ToList();
        if (format == SheetFormat.Xlsx)
        {
            var sheet = rows.Select(r => Header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
            if (sheet.Count == 0)
            {
                sheet.Add(Header.ToDictionary(h => h, _ => (object?)null));
            }
            using var buffer = new MemoryStream();
            buffer.SaveAs(sheet, sheetName: "payments", excelType: ExcelType.XLSX);
            return buffer.ToArray();
        }
        var csv = new StringBuilder(string.Join(",", Header)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.Append(string.Join(",", row.Select(c => SheetCells.Csv(c switch
            {
                null => "",
                decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
                _ => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "",
            })))).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Time(DateTimeOffset at) => at.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
