using System.IO.Compression;
using System.Security;
using System.Text;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>
/// Builds small XLSX files as Excel writes them (inline strings, numbers, formulas with their cached values, several
/// sheets), so the import can be tested against what suppliers really upload.
/// </summary>
internal static class TestXlsx
{
    /// <summary>A cell: text, a number, or a formula with the value Excel cached for it.</summary>
    public sealed record Cell(string? Text = null, double? Number = null, string? Formula = null, int? Shared = null);

    /// <summary>A cell that points at entry <paramref name="index"/> of the shared strings.</summary>
    public static Cell SharedRef(int index) => new(Shared: index);

    public static Cell Str(string text) => new(Text: text);
    public static Cell Num(double number) => new(Number: number);
    public static Cell Formula(string formula, double cached) => new(Number: cached, Formula: formula);

    public static byte[] Build(params Cell[][][] sheets) => BuildWithSharedStrings([], sheets);

    public static byte[] BuildWithSharedStrings(string[] sharedStrings, params Cell[][][] sheets)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Add("[Content_Types].xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                {string.Concat(sheets.Select((_, i) => $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))}
                </Types>
                """);
            Add("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Add("xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets>{string.Concat(sheets.Select((_, i) => $"""<sheet name="Sheet{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>"""))}</sheets>
                </workbook>
                """);
            Add("xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                {string.Concat(sheets.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>"""))}
                </Relationships>
                """);
            if (sharedStrings.Length > 0)
            {
                Add("xl/sharedStrings.xml", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{string.Concat(sharedStrings.Select(t => $"<si><t>{SecurityElement.Escape(t)}</t></si>"))}</sst>
                    """);
            }
            for (var s = 0; s < sheets.Length; s++)
            {
                var rows = new StringBuilder();
                for (var r = 0; r < sheets[s].Length; r++)
                {
                    rows.Append($"<row r=\"{r + 1}\">");
                    for (var c = 0; c < sheets[s][r].Length; c++)
                    {
                        var cell = sheets[s][r][c];
                        var reference = $"{(char)('A' + c)}{r + 1}";
                        rows.Append(cell switch
                        {
                            { Shared: { } index } => $"<c r=\"{reference}\" t=\"s\"><v>{index}</v></c>",
                            { Formula: { } f } => $"<c r=\"{reference}\"><f>{SecurityElement.Escape(f)}</f><v>{cell.Number}</v></c>",
                            { Number: { } n } => $"<c r=\"{reference}\"><v>{n}</v></c>",
                            { Text: { } t } => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(t)}</t></is></c>",
                            _ => "",
                        });
                    }
                    rows.Append("</row>");
                }
                Add($"xl/worksheets/sheet{s + 1}.xml", $"""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>
                    """);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The security review's sheet: a header, then <paramref name="rows"/> rows that each hold one empty cell in
    /// column XFD (Excel's last). Every row is the same bytes, so the package stays a few KB however many rows it has.
    /// </summary>
    public static byte[] BlankRowsInLastColumn(string[] header, int rows)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Add("xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
            sheet.Write("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">""");
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Write($"<c r=\"{(char)('A' + c)}1\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(header[c])}</t></is></c>");
            }
            sheet.Write("</row>");
            for (var r = 0; r < rows; r++)
            {
                // No row number: each row follows the one before it, and every row is the same bytes.
                sheet.Write("""<row><c r="XFD2"/></row>""");
            }
            sheet.Write("</sheetData></worksheet>");
        }
        return buffer.ToArray();
    }
}
