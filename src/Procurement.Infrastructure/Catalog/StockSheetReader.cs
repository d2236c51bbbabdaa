using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Catalog;

/// <summary>
/// Stock sheets as suppliers really send them: CSV saved by Excel or WPS in UTF-8 (with or without BOM) or GB18030,
/// or an XLSX (its first sheet; formulas count by their computed values). Blank lines are skipped (though counted
/// against the row limit), cells trimmed, headers matched loosely (sku_code / SKU编码 / 规格编码, stock / 库存, price / 单价), extra columns ignored.
/// </summary>
public sealed class StockSheetReader : IStockSheetReader
{
    private static readonly string[] SkuCodeNames = ["sku_code", "skucode", "sku", "规格编码", "sku编码", "商品编码"];
    private static readonly string[] StockNames = ["stock", "库存", "库存数量"];
    private static readonly string[] PriceNames = ["price", "单价", "价格"];

    public Result<IReadOnlyList<StockSheetRow>> Read(Stream content, CancellationToken cancellationToken) =>
        SheetFile.Read(content, StockImport.MaxRows, rows => Parse(rows, cancellationToken));

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
                var names = cells.Take(SheetLimits.MaxHeaderColumns).Select(SheetFile.HeaderName).ToList();
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
            result.Add(new StockSheetRow(row, SheetFile.Cell(cells, code!.Value), SheetFile.Cell(cells, stock!.Value), price is { } p ? SheetFile.Cell(cells, p) : null));
        }
        if (!headerSeen)
        {
            return SheetFile.Empty();
        }
        if (result.Count == 0)
        {
            return Error.Invalid("file", Texts.Pick("文件只有表头，没有数据行。", "The file has a header but no rows."));
        }
        return result;
    }

    private static int? IndexOf(List<string> names, string[] accepted)
    {
        var index = names.FindIndex(n => accepted.Contains(n));
        return index < 0 ? null : index;
    }
}
