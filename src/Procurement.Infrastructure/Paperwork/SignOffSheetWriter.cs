using System.Runtime.CompilerServices;
using Procurement.Core.Common;
using Procurement.Core.Paperwork;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Paperwork;

/// <summary>The 实名发放签领表 as a printable XLSX (<see cref="PrintableXlsx"/>) or a UTF-8 CSV with a BOM, the title on the first line.</summary>
public sealed class SignOffSheetWriter : ISignOffSheetWriter
{
    /// <summary>Column widths in characters, chosen to fit A4 landscape at a readable size.</summary>
    private static readonly double[] Widths = [6, 10, 14, 40, 6, 36, 10, 18, 17, 16];

    public Task WriteAsync(SignOffTitle title, IAsyncEnumerable<SignOffRow> rows, SheetFormat format, Stream output, CancellationToken cancellationToken) =>
        format == SheetFormat.Xlsx
            ? PrintableXlsx.WriteAsync(output, "签领表", title.Text, SignOffSheets.Columns, Widths, Cells(rows, cancellationToken), cancellationToken)
            : SheetStreams.CsvAsync(output, SheetCells.Csv(title.Text) + "\r\n" + string.Join(",", SignOffSheets.Columns), rows,
                static (text, row) => text.AppendJoin(',', Values(row).Select(v => SheetCells.Csv(SheetCells.Safe(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))),
                cancellationToken);

    private static async IAsyncEnumerable<IReadOnlyList<object?>> Cells(IAsyncEnumerable<SignOffRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return Values(row);
        }
    }

    private static object?[] Values(SignOffRow r) =>
        [r.Number, r.Name, r.Mobile, r.Address, r.Packages, r.Goods, r.Carrier, r.TrackingNo, r.DeliveredAt, null];
}
