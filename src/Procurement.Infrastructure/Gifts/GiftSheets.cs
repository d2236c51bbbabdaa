using System.Runtime.CompilerServices;
using Procurement.Core.Common;
using Procurement.Core.Gifts;
using Procurement.Core.Ordering;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Gifts;

/// <summary>
/// The codes sheet, <c>姓名,手机号,兑换码,链接,已选</c>: one row per member, streamed (CSV UTF-8 with BOM, or XLSX),
/// text formula-safe. 已选 is the chosen option's name, blank until chosen.
/// </summary>
public sealed class GiftSheets(GiftOptions options) : IGiftSheets
{
    public static readonly string[] Header = ["姓名", "手机号", "兑换码", "链接", "已选"];

    public Task WriteCodesAsync(Order order, IAsyncEnumerable<GiftCodeRow> rows, SheetFormat format, Stream output, CancellationToken cancellationToken)
    {
        var names = order.Options.ToDictionary(o => o.Index, o => o.Name);
        string Chosen(GiftCodeRow row) => row.ChosenOption is { } i ? names.GetValueOrDefault(i, "") : "";
        if (format == SheetFormat.Csv)
        {
            return SheetStreams.CsvAsync(output, string.Join(',', Header), rows, (text, row) => text
                .Append(SheetCells.Csv(SheetCells.Safe(row.Name))).Append(',')
                .Append(row.Mobile).Append(',')
                .Append(row.Code).Append(',')
                .Append(SheetCells.Csv(options.LinkOf(row.Code))).Append(',')
                .Append(SheetCells.Csv(SheetCells.Safe(Chosen(row)))), cancellationToken);
        }
        return SheetStreams.XlsxAsync(output, Rows(rows, Chosen, cancellationToken).OrEmptyRow(Header), "兑换码", cancellationToken);
    }

    private async IAsyncEnumerable<Dictionary<string, object?>> Rows(IAsyncEnumerable<GiftCodeRow> rows, Func<GiftCodeRow, string> chosen,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return new Dictionary<string, object?>
            {
                [Header[0]] = SheetCells.Safe(row.Name),
                [Header[1]] = row.Mobile,
                [Header[2]] = row.Code,
                [Header[3]] = options.LinkOf(row.Code),
                [Header[4]] = SheetCells.Safe(chosen(row)),
            };
        }
    }
}
