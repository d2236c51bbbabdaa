using System.Globalization;
using System.Text;
using System.Xml;
using CsvHelper;
using CsvHelper.Configuration;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Catalog;

/// <summary>
/// Stock sheets as suppliers really send them: CSV saved by Excel or WPS in UTF-8 (with or without BOM) or GB18030,
/// or an XLSX (its first sheet; formulas count by their computed values). Blank lines are skipped, cells trimmed,
/// headers matched loosely (sku_code / SKU编码 / 规格编码, stock / 库存, price / 单价), extra columns ignored.
/// </summary>
public sealed class StockSheetReader : IStockSheetReader
{
    private static readonly string[] SkuCodeNames = ["sku_code", "skucode", "sku", "规格编码", "sku编码", "商品编码"];
    private static readonly string[] StockNames = ["stock", "库存", "库存数量"];
    private static readonly string[] PriceNames = ["price", "单价", "价格"];

    static StockSheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public Result<IReadOnlyList<StockSheetRow>> Read(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return Empty();
        }
        IEnumerable<(int Row, string[] Cells)> rows;
        if (bytes is [0x50, 0x4B, 0x03, 0x04, ..])
        {
            rows = XlsxSheetReader.Rows(new MemoryStream(bytes));
        }
        else if (bytes is [0xD0, 0xCF, 0x11, 0xE0, ..])
        {
            return Error.Invalid("file", Texts.Pick("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv。", "Old .xls files are not supported; save as .xlsx or .csv."));
        }
        else
        {
            rows = CsvRows(Decode(bytes));
        }

        try
        {
            return Parse(rows, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or XmlException or CsvHelperException or InvalidOperationException or FormatException)
        {
            return Error.Invalid("file", Texts.Pick("文件无法读取，请使用模板的 CSV 或 XLSX 格式。", "The file cannot be read; use the template's CSV or XLSX format."));
        }
    }

    private static Result<IReadOnlyList<StockSheetRow>> Parse(IEnumerable<(int Row, string[] Cells)> rows, CancellationToken cancellationToken)
    {
        int? code = null, stock = null, price = null;
        var result = new List<StockSheetRow>();
        var headerSeen = false;
        foreach (var (row, cells) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (!headerSeen)
            {
                headerSeen = true;
                var names = cells.Take(SheetLimits.MaxHeaderColumns).Select(Normalize).ToList();
                code = IndexOf(names, SkuCodeNames);
                stock = IndexOf(names, StockNames);
                price = IndexOf(names, PriceNames);
                if (code is null || stock is null)
                {
                    var found = SheetLimits.Echo(string.Join(",", cells.Take(SheetLimits.MaxHeaderColumns).Where(c => c.Length > 0)));
                    return Error.Invalid("file", Texts.Pick(
                        $"第 {row} 行的表头应为 sku_code,stock,price（实际为：{found}）。请使用模板。",
                        $"The header in row {row} should be sku_code,stock,price (found: {found}). Use the template."));
                }
                continue;
            }
            // Past the limit the import is refused anyway; stop reading rather than hold a huge file in memory.
            if (result.Count > StockImport.MaxRows)
            {
                break;
            }
            result.Add(new StockSheetRow(row, Cell(cells, code!.Value), Cell(cells, stock!.Value), price is { } p ? Cell(cells, p) : null));
        }
        if (!headerSeen)
        {
            return Empty();
        }
        if (result.Count == 0)
        {
            return Error.Invalid("file", Texts.Pick("文件只有表头，没有数据行。", "The file has a header but no rows."));
        }
        return result;
    }

    private static Error Empty() => Error.Invalid("file", Texts.Pick("文件是空的。", "The file is empty."));

    /// <summary>A cell's trimmed text, cut at <see cref="SheetLimits.MaxCellChars"/>: no real code, stock or price is longer, and nothing longer is worth keeping.</summary>
    private static string Cell(string[] cells, int index) => index < cells.Length ? SheetLimits.Clip(cells[index].Trim()) : "";

    private static int? IndexOf(List<string> names, string[] accepted)
    {
        var index = names.FindIndex(n => accepted.Contains(n));
        return index < 0 ? null : index;
    }

    private static string Normalize(string header) =>
        header.Trim().Trim('\uFEFF').Replace(" ", "_", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>UTF-8 when it has a BOM or decodes cleanly; otherwise GB18030, what Chinese Excel saves "CSV" as.</summary>
    internal static string Decode(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    private static IEnumerable<(int Row, string[] Cells)> CsvRows(string text)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
        };
        using var parser = new CsvParser(new StringReader(text), configuration);
        while (parser.Read())
        {
            yield return (parser.RawRow, parser.Record ?? []);
        }
    }
}
