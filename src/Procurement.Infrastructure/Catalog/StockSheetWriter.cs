using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Catalog;

/// <summary>The template a supplier fills in, already listing their SKUs, so the usual job is editing two numbers per row.</summary>
public sealed class StockSheetWriter : IStockSheetWriter
{
    public byte[] Write(IReadOnlyList<Sku> skus, SheetFormat format)
    {
        var rows = skus.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
        if (format == SheetFormat.Xlsx)
        {
            var sheet = rows.Select(s => new Dictionary<string, object> { ["sku_code"] = s.Code, ["stock"] = s.Stock, ["price"] = s.Price }).ToList();
            if (sheet.Count == 0)
            {
                sheet.Add(new Dictionary<string, object> { ["sku_code"] = "", ["stock"] = "", ["price"] = "" });
            }
            using var buffer = new MemoryStream();
            buffer.SaveAs(sheet, sheetName: "stock", excelType: ExcelType.XLSX);
            return buffer.ToArray();
        }
        // UTF-8 with a BOM, so Excel opens the Chinese correctly on double-click.
        var csv = new StringBuilder("sku_code,stock,price\r\n");
        foreach (var sku in rows)
        {
            csv.Append(Quote(sku.Code)).Append(',').Append(sku.Stock.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(sku.Price.ToString("0.00", CultureInfo.InvariantCulture)).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
