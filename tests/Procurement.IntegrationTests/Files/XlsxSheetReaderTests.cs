using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Procurement.Infrastructure.Files;

namespace Procurement.IntegrationTests.Files;

/// <summary>The XLSX reader against the shapes Excel, WPS and MiniExcel write, part by part.</summary>
public sealed class XlsxSheetReaderTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    [Fact]
    public void Reads_back_what_miniexcel_writes()
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(new[]
        {
            new Dictionary<string, object> { ["sku_code"] = "BH-500", ["stock"] = 120, ["price"] = 39.9m, ["名称"] = "兰州百合" },
            new Dictionary<string, object> { ["sku_code"] = "BH-1000", ["stock"] = 0, ["price"] = 75.81m, ["名称"] = "百合干 500g×2" },
        }, excelType: ExcelType.XLSX);
        buffer.Position = 0;

        var rows = XlsxSheetReader.Rows(buffer).ToList();

        Assert.Equal(
            [(1, "sku_code|stock|price|名称"), (2, "BH-500|120|39.9|兰州百合"), (3, "BH-1000|0|75.81|百合干 500g×2")],
            rows.Select(r => (r.Row, string.Join("|", r.Cells))));
    }

    [Fact]
    public void Shared_strings_keep_rich_text_runs_and_drop_phonetic_guides()
    {
        var xlsx = Package(
            Sheet($"""<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>2</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>""", prefix: "x"),
            ("xl/sharedStrings.xml", $"""
                <sst xmlns="{Main}" count="3" uniqueCount="3">
                  <si><t xml:space="preserve"> 岷县 当归 </t></si>
                  <si><r><rPr><b/></rPr><t>甘南</t></r><r><t>牦牛肉</t></r><rPh sb="0" eb="2"><t>ガンナン</t></rPh></si>
                  <si/>
                </sst>
                """));

        var row = Assert.Single(XlsxSheetReader.Rows(xlsx));

        Assert.Equal([" 岷县 当归 ", "", "甘南牦牛肉"], row.Cells);
    }

    [Fact]
    public void The_first_sheet_is_the_first_tab_wherever_its_part_is()
    {
        var xlsx = Package(
            ("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="库存" sheetId="2" r:id="rId7"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                  <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
                </Relationships>
                """),
            ("xl/worksheets/sheet1.xml", SheetXml("""<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>""")),
            ("xl/worksheets/sheet2.xml", SheetXml("""<row r="1"><c r="A1" t="inlineStr"><is><t>库存表</t></is></c></row>""")));

        Assert.Equal("库存表", Assert.Single(XlsxSheetReader.Rows(xlsx)).Cells[0]);
    }

    [Fact]
    public void Cells_stand_at_their_columns_and_rows_keep_excels_numbers()
    {
        var xlsx = Package(Sheet("""
            <row r="2"><c r="B2"><v>1</v></c><c r="D2"><v>2</v></c></row>
            <row r="5"><c><v>3</v></c><c><v>4</v></c><c r="F5"/></row>
            <row/>
            <row r="9" spans="1:3"></row>
            """));

        var rows = XlsxSheetReader.Rows(xlsx).ToList();

        Assert.Equal(
            [(2, "|1||2"), (5, "3|4"), (6, ""), (9, "")],
            rows.Select(r => (r.Row, string.Join("|", r.Cells))));
    }

    [Fact]
    public void Cells_past_the_headers_last_column_are_never_read_nor_padded_to()
    {
        var rows = new StringBuilder("""<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>stock</t></is></c><c r="C1"/></row>""");
        rows.Append("""<row r="2"><c r="A2"><v>7</v></c><c r="B2"><v>8</v></c><c r="C2"><v>9</v></c><c r="XFD2"><v>10</v></c></row>""");
        for (var r = 3; r <= 100_002; r++)
        {
            rows.Append("""<row><c r="XFD3"/></row>""");
        }
        var xlsx = Package(Sheet(rows.ToString()));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var read = XlsxSheetReader.Rows(xlsx).ToList();

        Assert.Equal(["code", "stock"], read[0].Cells);
        Assert.Equal(["7", "8"], read[1].Cells);
        Assert.Equal(100_002, read.Count);
        Assert.All(read.Skip(2), r => Assert.Empty(r.Cells));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Before_the_header_rows_are_read_to_64_columns()
    {
        var xlsx = Package(Sheet("""
            <row r="1"><c r="BM1" t="inlineStr"><is><t>beyond</t></is></c></row>
            <row r="2"><c r="C2" t="inlineStr"><is><t>header</t></is></c><c r="BM2" t="inlineStr"><is><t>beyond</t></is></c></row>
            <row r="3"><c r="A3"><v>1</v></c><c r="C3"><v>3</v></c><c r="D3"><v>4</v></c></row>
            """));

        var rows = XlsxSheetReader.Rows(xlsx).ToList();

        Assert.Equal([(1, ""), (2, "||header"), (3, "1||3")], rows.Select(r => (r.Row, string.Join("|", r.Cells))));
    }

    [Fact]
    public void Values_read_as_the_sheet_shows_them()
    {
        var xlsx = Package(Sheet("""
            <row r="1">
              <c r="A1"><f>0.1+0.2</f><v>0.30000000000000004</v></c>
              <c r="B1"><v>13812345678</v></c>
              <c r="C1" t="b"><v>1</v></c>
              <c r="D1" t="str"><f>A1&amp;"件"</f><v>0.3件</v></c>
              <c r="E1" t="e"><v>#DIV/0!</v></c>
              <c r="F1" t="inlineStr"><is><t>&lt;b&gt;礼盒&lt;/b&gt;</t></is></c>
              <c r="G1" t="n"><v>1.5E-3</v></c>
            </row>
            """));

        Assert.Equal(["0.3", "13812345678", "TRUE", "0.3件", "#DIV/0!", "<b>礼盒</b>", "0.0015"], Assert.Single(XlsxSheetReader.Rows(xlsx)).Cells);
    }

    [Fact]
    public void Date_formatted_numbers_read_as_dates_and_other_formats_as_numbers()
    {
        // Styles: 0 General, 1 built-in 14 (m/d/yyyy), 2 custom 年月日, 3 custom "¥"#,##0.00, 4 built-in 22 (date and time),
        // 5 built-in 31 (Chinese yyyy年m月d日), 6 custom 0.00E+00.
        var styles = $"""
            <styleSheet xmlns="{Main}">
              <numFmts count="3">
                <numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>
                <numFmt numFmtId="177" formatCode="&quot;¥&quot;#,##0.00;[Red]\-&quot;¥&quot;#,##0.00"/>
                <numFmt numFmtId="178" formatCode="0.00E+00"/>
              </numFmts>
              <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
              <cellXfs count="7">
                <xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="22"/><xf numFmtId="31"/><xf numFmtId="178"/>
              </cellXfs>
            </styleSheet>
            """;
        var xlsx = Package(
            Sheet("""<row r="1"><c s="0"><v>46022</v></c><c s="1"><v>46022</v></c><c s="2"><v>46022</v></c><c s="3"><v>36.5</v></c><c s="4"><v>46022.5</v></c><c s="5"><v>46022</v></c><c s="6"><v>46022</v></c></row>"""),
            ("xl/styles.xml", styles));

        Assert.Equal(["46022", "2025-12-31", "2025-12-31", "36.5", "2025-12-31 12:00:00", "2025-12-31", "46022"], Assert.Single(XlsxSheetReader.Rows(xlsx)).Cells);
    }

    [Fact]
    public void A_workbook_on_the_1904_date_system_reads_its_dates()
    {
        var xlsx = Package(
            ("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            Sheet("""<row r="1"><c s="1"><v>44560</v></c></row>"""),
            ("xl/styles.xml", $"""<styleSheet xmlns="{Main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"""));

        Assert.Equal("2025-12-31", Assert.Single(XlsxSheetReader.Rows(xlsx)).Cells[0]);
    }

    [Fact]
    public void Crafted_or_broken_files_are_refused_as_unreadable()
    {
        var pastLastColumn = Package(Sheet("""<row r="1"><c r="XFE1"><v>1</v></c></row>"""));
        Assert.Throws<InvalidDataException>(() => XlsxSheetReader.Rows(pastLastColumn).ToList());

        var noSheet = Package(("xl/workbook.xml", $"""<workbook xmlns="{Main}"><sheets/></workbook>"""));
        Assert.Throws<InvalidDataException>(() => XlsxSheetReader.Rows(noSheet).ToList());

        Assert.Throws<InvalidDataException>(() => XlsxSheetReader.Rows(new MemoryStream(Encoding.UTF8.GetBytes("sku_code,stock\nA,1"))).ToList());

        var brokenXml = Package(("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c><v>1</v></row>"""));
        Assert.ThrowsAny<System.Xml.XmlException>(() => XlsxSheetReader.Rows(brokenXml).ToList());
    }

    private static (string Path, string Xml) Sheet(string rows, string prefix = "") =>
        ("xl/worksheets/sheet1.xml", SheetXml(rows, prefix));

    private static string SheetXml(string rows, string prefix = "") => prefix.Length == 0
        ? $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{Main}"><sheetData>{rows}</sheetData></worksheet>"""
        : $"""<{prefix}:worksheet xmlns:{prefix}="{Main}"><{prefix}:sheetData>{rows}</{prefix}:sheetData></{prefix}:worksheet>""";

    /// <summary>A package with a one-sheet workbook by default; parts given replace the defaults of the same path.</summary>
    private static MemoryStream Package(params (string Path, string Xml)[] parts)
    {
        var all = new Dictionary<string, string>
        {
            ["xl/workbook.xml"] = $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""",
            ["xl/_rels/workbook.xml.rels"] = """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                </Relationships>
                """,
        };
        foreach (var (path, xml) in parts)
        {
            all[path] = xml;
        }
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, xml) in all)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
        }
        buffer.Position = 0;
        return buffer;
    }
}
