using System.IO.Compression;
using System.Security;
using System.Text;

namespace Procurement.Infrastructure.Files;

/// <summary>
/// A one-sheet XLSX that prints: A4 landscape, fit to one page wide (as many pages tall as it takes), the header row
/// repeated on every page (print titles) and the print area set. MiniExcel, which writes the other exports, cannot
/// set page setup, so this writes the few SpreadsheetML parts itself: a title row merged across the columns, a header
/// row, then the rows as they come (inline strings, so nothing is collected in a shared-strings table). The zip is
/// written to a temporary file (ZipArchive writes synchronously) and then copied into the response: memory stays flat.
/// </summary>
public static class PrintableXlsx
{
    public static async Task WriteAsync(Stream output, string sheetName, string title, IReadOnlyList<string> header, IReadOnlyList<double> widths,
        IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var last = Column(header.Count - 1);
        var rowCount = 2;
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """);
            // Style 1: bold (title and header); style 2: thin borders, wrapped (the rows, so a printed sheet has its grid).
            Part(zip, "xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="12"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                """);
            await using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16))
            {
                var text = new StringBuilder(1 << 16);
                text.Append("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""")
                    .Append("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">""")
                    .Append("""<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>""");
                for (var c = 0; c < widths.Count; c++)
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<col min="{c + 1}" max="{c + 1}" width="{widths[c]:0.##}" customWidth="1"/>""");
                }
                text.Append("</cols><sheetData>");
                Row(text, 1, [title], 1);
                Row(text, 2, header, 1);
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    Row(text, ++rowCount, row, 2);
                    if (text.Length >= 1 << 16)
                    {
                        sheet.Write(text);
                        text.Clear();
                    }
                }
                text.Append($"""</sheetData><mergeCells count="1"><mergeCell ref="A1:{last}1"/></mergeCells>""")
                    .Append("""<printOptions horizontalCentered="1" gridLines="0"/><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>""")
                    .Append("""<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>""")
                    .Append("""<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter></worksheet>""");
                sheet.Write(text);
            }
            var quoted = $"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'";
            Part(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">{SecurityElement.Escape(quoted)}!$A$1:${last}${rowCount}</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">{SecurityElement.Escape(quoted)}!$2:$2</definedName></definedNames></workbook>
                """);
        }
        file.Position = 0;
        await file.CopyToAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(xml.Trim());
    }

    private static void Row(StringBuilder text, int number, IReadOnlyList<object?> cells, int style)
    {
        text.Append($"""<row r="{number}">""");
        for (var c = 0; c < cells.Count; c++)
        {
            var at = $"{Column(c)}{number}";
            switch (cells[c])
            {
                case null:
                    text.Append($"""<c r="{at}" s="{style}"/>""");
                    break;
                case int n:
                    text.Append($"""<c r="{at}" s="{style}"><v>{n}</v></c>""");
                    break;
                case var value:
                    text.Append($"""<c r="{at}" s="{style}" t="inlineStr"><is><t xml:space="preserve">""")
                        .Append(SecurityElement.Escape(SheetCells.Safe(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))))
                        .Append("</t></is></c>");
                    break;
            }
        }
        text.Append("</row>");
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";
}
