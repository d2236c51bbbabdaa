using System.Globalization;
using System.IO.Compression;
using System.Text;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Partners;

/// <summary>
/// A run's items written as they are read from the database, so a million rows never sit in memory: CSV in UTF-8
/// with a BOM (Excel then opens the Chinese right), or an XLSX written part by part into a zip on the response
/// stream — inline strings, amounts as numeric cells with a two-decimal format. Text that Excel would run as a
/// formula is prefixed with <c>'</c> (<see cref="SheetCells.Safe"/>). Every write is asynchronous: Kestrel refuses
/// synchronous writes to a response.
/// </summary>
public sealed class ReconciliationSheets : IReconciliationSheets
{
    /// <summary>The contract's header (docs/api.md), then the columns added since: who resolved a difference and when (Beijing time).</summary>
    public static readonly IReadOnlyList<string> Header = ["分类", "合作平台订单号", "本地订单号", "本地金额", "平台金额", "差额", "本地状态", "平台状态", "处理状态", "备注", "处理人", "处理时间"];

    /// <summary>The same columns named for an English reader of the portal's download.</summary>
    public static readonly IReadOnlyList<string> EnglishHeader =
        ["Category", "Partner order no.", "Our order no.", "Our amount", "Partner amount", "Difference", "Our status", "Partner status", "Resolution", "Note", "Resolved by", "Resolved at"];

    private const int FlushAt = 1 << 16;
    private static readonly string[] Columns = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"];

    public Task WriteAsync(IAsyncEnumerable<ItemView> items, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken)
    {
        var header = labels == SheetLabels.Reader && Texts.IsEnglish ? EnglishHeader : Header;
        var words = labels == SheetLabels.Reader ? Words.Reader : Words.Contract;
        return format == SheetFormat.Xlsx ? XlsxAsync(items, header, words, output, cancellationToken) : CsvAsync(items, header, words, output, cancellationToken);
    }

    /// <summary>How a category, a partner state and a resolution are written: the API's codes, or words for people.</summary>
    private sealed record Words(Func<string, string> Category, Func<string?, string?> Status, Func<string, string> Resolution)
    {
        public static readonly Words Contract = new(c => c, s => s, r => r);
        public static readonly Words Reader = new(ReconciliationViews.CategoryLabel, ReconciliationViews.StatusLabel, ReconciliationViews.ResolutionLabel);
    }

    /// <summary>When a difference was resolved, Beijing time to the minute, as the page shows it.</summary>
    private static string? When(DateTimeOffset? at) => at?.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static Task CsvAsync(IAsyncEnumerable<ItemView> items, IReadOnlyList<string> header, Words words, Stream output, CancellationToken cancellationToken) =>
        SheetStreams.CsvAsync(output, string.Join(',', header), items, (text, item) =>
        {
            Csv(text, words.Category(item.Category)).Append(',');
            Csv(text, item.PartnerOrderNo).Append(',');
            Csv(text, item.OrderNumber).Append(',');
            Amount(text, item.LocalAmount).Append(',');
            Amount(text, item.RemoteAmount).Append(',');
            Amount(text, item.Difference).Append(',');
            Csv(text, words.Status(item.LocalStatus)).Append(',');
            Csv(text, words.Status(item.RemoteStatus)).Append(',');
            Csv(text, words.Resolution(item.Resolution)).Append(',');
            Csv(text, item.Note).Append(',');
            Csv(text, item.ResolvedBy).Append(',');
            Csv(text, When(item.ResolvedAt));
        }, cancellationToken);

    private static StringBuilder Csv(StringBuilder text, string? value) => text.Append(SheetCells.Csv(SheetCells.Safe(value)));

    private static StringBuilder Amount(StringBuilder text, decimal? amount) =>
        amount is { } value ? text.Append(value.ToString("0.00", CultureInfo.InvariantCulture)) : text;

    private static async Task XlsxAsync(IAsyncEnumerable<ItemView> items, IReadOnlyList<string> header, Words words, Stream output, CancellationToken cancellationToken)
    {
        await using var response = new AsyncOnlyStream(output);
        await using (var zip = await ZipArchive.CreateAsync(response, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            await XlsxPartsAsync(zip, items, header, words, cancellationToken);
        }
        await response.FlushAsync(cancellationToken);
    }

    private static async Task XlsxPartsAsync(ZipArchive zip, IAsyncEnumerable<ItemView> items, IReadOnlyList<string> header, Words words, CancellationToken cancellationToken)
    {
        await PartAsync(zip, "[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""",
            cancellationToken);
        await PartAsync(zip, "_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
            cancellationToken);
        await PartAsync(zip, "xl/workbook.xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="对账明细" sheetId="1" r:id="rId1"/></sheets></workbook>""",
            cancellationToken);
        await PartAsync(zip, "xl/_rels/workbook.xml.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""",
            cancellationToken);
        // Style 1: the built-in number format 2 ("0.00"), for the amounts.
        await PartAsync(zip, "xl/styles.xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""",
            cancellationToken);

        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        await using var sheet = await entry.OpenAsync(cancellationToken);
        // Left open: a StreamWriter closes its stream synchronously, and the entry's deflate stream must end asynchronously.
        await using var writer = new StreamWriter(sheet, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var xml = new StringBuilder(FlushAt + 4096);
        xml.Append("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        var row = 1;
        xml.Append("<row r=\"1\">");
        for (var i = 0; i < header.Count; i++)
        {
            Text(xml, i, row, header[i]);
        }
        xml.Append("</row>");
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            row++;
            xml.Append("<row r=\"").Append(row).Append("\">");
            Text(xml, 0, row, words.Category(item.Category));
            Text(xml, 1, row, SheetCells.Safe(item.PartnerOrderNo));
            Text(xml, 2, row, SheetCells.Safe(item.OrderNumber));
            Number(xml, 3, row, item.LocalAmount);
            Number(xml, 4, row, item.RemoteAmount);
            Number(xml, 5, row, item.Difference);
            Text(xml, 6, row, words.Status(item.LocalStatus));
            Text(xml, 7, row, words.Status(item.RemoteStatus));
            Text(xml, 8, row, words.Resolution(item.Resolution));
            Text(xml, 9, row, SheetCells.Safe(item.Note));
            Text(xml, 10, row, SheetCells.Safe(item.ResolvedBy));
            Text(xml, 11, row, When(item.ResolvedAt));
            xml.Append("</row>");
            if (xml.Length >= FlushAt)
            {
                await writer.WriteAsync(xml, cancellationToken);
                xml.Clear();
            }
        }
        xml.Append("</sheetData></worksheet>");
        await writer.WriteAsync(xml, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task PartAsync(ZipArchive zip, string name, string content, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
    }

    private static void Text(StringBuilder xml, int column, int row, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        xml.Append("<c r=\"").Append(Columns[column]).Append(row).Append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': xml.Append("&amp;"); break;
                case '<': xml.Append("&lt;"); break;
                case '>': xml.Append("&gt;"); break;
                case '"': xml.Append("&quot;"); break;
                // Characters XML cannot carry at all are dropped rather than breaking the file.
                case < ' ' and not ('\t' or '\n' or '\r'): break;
                default: xml.Append(c); break;
            }
        }
        xml.Append("</t></is></c>");
    }

    private static void Number(StringBuilder xml, int column, int row, decimal? value)
    {
        if (value is { } amount)
        {
            xml.Append("<c r=\"").Append(Columns[column]).Append(row).Append("\" s=\"1\"><v>").Append(amount.ToString("0.00", CultureInfo.InvariantCulture)).Append("</v></c>");
        }
    }
}
