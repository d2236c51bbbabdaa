using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Procurement.Infrastructure.Files;

/// <summary>What the sheet's cells need from the rest of the workbook: the first sheet's part, date styles, the date system.</summary>
internal sealed class XlsxWorkbook
{
    private const string MainNamespaceRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictNamespaceRelationships = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    private HashSet<int> _dateStyles = [];
    private bool _date1904;

    public string FirstSheetPath { get; private set; } = "";

    public bool IsDateStyle(int style) => _dateStyles.Contains(style);

    public string Date(double serial)
    {
        if (serial < 0 || serial > 2_958_465)
        {
            return serial.ToString("0.############", CultureInfo.InvariantCulture);
        }
        var date = DateTime.FromOADate(_date1904 ? serial + 1462 : serial);
        return date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public static XlsxWorkbook Read(ZipArchive zip)
    {
        var workbook = new XlsxWorkbook();
        string? sheetId = null;
        using (var reader = XmlReader.Create(XlsxSheetReader.Open(zip, "xl/workbook.xml"), XlsxSheetReader.Settings))
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (reader.LocalName == "workbookPr")
                {
                    workbook._date1904 = reader.GetAttribute("date1904") is "1" or "true";
                }
                else if (reader.LocalName == "sheet" && sheetId is null)
                {
                    sheetId = reader.GetAttribute("id", MainNamespaceRelationships) ?? reader.GetAttribute("id", StrictNamespaceRelationships);
                }
            }
        }
        var targets = Relationships(zip);
        workbook.FirstSheetPath = sheetId is not null && targets.TryGetValue(sheetId, out var sheet)
            ? sheet
            : throw new InvalidDataException("The workbook names no sheet.");
        workbook._dateStyles = DateStyles(zip);
        return workbook;
    }

    /// <summary>The workbook's relationships: id → part path inside the package.</summary>
    private static Dictionary<string, string> Relationships(ZipArchive zip)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(XlsxSheetReader.Open(zip, "xl/_rels/workbook.xml.rels"), XlsxSheetReader.Settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
            {
                // Targets are relative to xl/ unless absolute within the package.
                targets[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
            }
        }
        return targets;
    }

    /// <summary>Indexes of the cell formats (cellXfs) whose number format shows a date or time.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var dates = new HashSet<int>();
        if (zip.GetEntry("xl/styles.xml") is null)
        {
            return dates;
        }
        var customDates = new HashSet<int>();
        var inCellFormats = false;
        var index = 0;
        using var reader = XmlReader.Create(XlsxSheetReader.Open(zip, "xl/styles.xml"), XlsxSheetReader.Settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                break;
            }
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            switch (reader.LocalName)
            {
                case "numFmt":
                    if (int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                        && NumberFormats.ShowsDate(reader.GetAttribute("formatCode") ?? ""))
                    {
                        customDates.Add(id);
                    }
                    break;
                case "cellXfs":
                    inCellFormats = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellFormats:
                    if (int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var format)
                        && (NumberFormats.IsBuiltInDate(format) || customDates.Contains(format)))
                    {
                        dates.Add(index);
                    }
                    index++;
                    break;
            }
        }
        return dates;
    }
}
