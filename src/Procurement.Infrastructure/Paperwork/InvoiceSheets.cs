using System.Globalization;
using System.Runtime.CompilerServices;
using Procurement.Core.Common;
using Procurement.Core.Paperwork;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Paperwork;

/// <summary>
/// Finance's invoice list as XLSX (numbers as numbers, dates as text a clerk reads) or UTF-8 CSV with a BOM, one row
/// per invoice, streamed as read.
/// </summary>
public sealed class InvoiceSheets : IInvoiceSheets
{
    public static readonly IReadOnlyList<string> Columns =
        ["订单号", "工会", "供应商", "发票类型", "抬头", "纳税人识别号", "应开金额", "状态", "发票号码", "开票日期", "签收时间", "签收后天数"];

    public Task WriteAsync(IAsyncEnumerable<InvoiceView> rows, SheetFormat format, Stream output, CancellationToken cancellationToken) =>
        format == SheetFormat.Xlsx
            ? SheetStreams.XlsxAsync(output, Dictionaries(rows, cancellationToken).OrEmptyRow(Columns), "发票", cancellationToken)
            : SheetStreams.CsvAsync(output, string.Join(",", Columns), rows,
                static (text, row) => text.AppendJoin(',', Values(row).Select(v => SheetCells.Csv(v switch
                {
                    decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
                    null => "",
                    _ => SheetCells.Safe(Convert.ToString(v, CultureInfo.InvariantCulture)),
                }))), cancellationToken);

    private static async IAsyncEnumerable<Dictionary<string, object?>> Dictionaries(IAsyncEnumerable<InvoiceView> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var values = Values(row);
            var line = new Dictionary<string, object?>(Columns.Count);
            for (var i = 0; i < Columns.Count; i++)
            {
                line[Columns[i]] = values[i] is string text ? SheetCells.Safe(text) : values[i];
            }
            yield return line;
        }
    }

    private static object?[] Values(InvoiceView v) =>
    [
        v.OrderNumber, v.UnionName, v.SupplierName, InvoiceTypes.Label(InvoiceTypes.Parse(v.Type) ?? InvoiceType.Normal), v.Title, v.TaxNumber, v.Amount,
        StatusLabel(v.Status), v.Number, v.IssuedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        v.DeliveredAt is { } at ? BusinessDate.Minutes(at) : null, v.DaysSinceDelivery,
    ];

    /// <summary>The statuses as a clerk reads them in the sheet (the API keeps the codes).</summary>
    public static string StatusLabel(string status) => status switch
    {
        nameof(InvoiceStatus.Requested) => "待开票",
        nameof(InvoiceStatus.Issued) => "已开票",
        nameof(InvoiceStatus.RedRequired) => "待红冲",
        nameof(InvoiceStatus.Voided) => "已作废",
        _ => status,
    };
}
