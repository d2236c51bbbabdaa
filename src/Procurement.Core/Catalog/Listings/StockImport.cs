using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Listings;

/// <summary>One data row of a stock sheet as typed: its row number in the file and the cells as text.</summary>
public sealed record StockSheetRow(int Row, string SkuCode, string Stock, string? Price);

/// <summary>Reads a stock sheet (CSV in UTF-8 or GB18030, or the first sheet of an XLSX) into rows, checking its header.</summary>
public interface IStockSheetReader
{
    Result<IReadOnlyList<StockSheetRow>> Read(Stream content, CancellationToken cancellationToken);
}

public sealed record StockImportSummary(int Rows, int Updated);

/// <summary>
/// Bulk stock and price update from a spreadsheet (<c>sku_code,stock,price</c>). All or nothing: every bad row is
/// reported with its row number, column and reason, and then nothing is written. A blank price keeps the price.
/// </summary>
public sealed class StockImport(IStockSheetReader reader, IListingStore store, ICurrentUser user, ILogger<StockImport> logger)
{
    public const int MaxRows = 50_000;
    public const int MaxStock = 10_000_000;

    public async Task<Result<StockImportSummary>> RunAsync(Stream file, CancellationToken cancellationToken)
    {
        if (user.SupplierId is not { } supplierId)
        {
            return new Error(ErrorKind.Forbidden, Texts.Pick("只有供应商账号可以导入库存。", "Only supplier accounts import stock."));
        }
        var clock = Stopwatch.StartNew();
        var read = reader.Read(file, cancellationToken);
        if (read.Error is { } unreadable)
        {
            return unreadable;
        }
        var rows = read.Value!;
        if (rows.Count > MaxRows)
        {
            // The reader stops counting just past the limit, so the message says "more than", not a number.
            return Error.Invalid("file", Texts.Pick($"一次最多导入 {MaxRows} 行，此文件超过了这个数。请分成几个文件导入。",
                $"At most {MaxRows} rows per import and this file has more; split it into several files."));
        }

        var readMs = clock.ElapsedMilliseconds;
        var skus = (await store.SupplierSkusAsync(supplierId, cancellationToken)).ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        var loadMs = clock.ElapsedMilliseconds - readMs;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var changes = new List<(Sku Sku, int Stock, decimal? Price)>(rows.Count);
        var firstRowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            void Fail(string column, string message)
            {
                var key = $"row {row.Row}: {column}";
                if (!errors.TryGetValue(key, out var list))
                {
                    errors[key] = list = [];
                }
                list.Add(message);
            }

            var code = row.SkuCode.Trim();
            Sku? sku = null;
            if (code.Length == 0)
            {
                Fail("sku_code", Texts.Pick("规格编码不能为空。", "The SKU code is empty."));
            }
            else if (firstRowOf.TryGetValue(code, out var first))
            {
                Fail("sku_code", Texts.Pick($"与第 {first} 行的规格编码重复。", $"Same SKU code as row {first}."));
            }
            else if (!skus.TryGetValue(code, out sku))
            {
                firstRowOf[code] = row.Row;
                Fail("sku_code", Texts.Pick($"{code} 不是本供应商的规格编码。", $"{code} is not one of your SKU codes."));
            }
            else
            {
                firstRowOf[code] = row.Row;
            }

            var stock = ParseStock(row.Stock, out var stockError);
            if (stockError is not null)
            {
                Fail("stock", stockError);
            }
            else if (sku is not null && stock < sku.Reserved)
            {
                Fail("stock", Sku.BelowReserved(sku.Reserved));
            }

            var price = ParsePrice(row.Price, out var priceError);
            if (priceError is not null)
            {
                Fail("price", priceError);
            }
            else if (price is { } p && sku is not null && sku.TierPrices.Count > 0 && sku.TierPrices.Max(t => t.Price) > p)
            {
                Fail("price", Texts.Pick($"单价不能低于其阶梯价 {sku.TierPrices.Max(t => t.Price):0.00}。", $"The price cannot be below its tier price {sku.TierPrices.Max(t => t.Price):0.00}."));
            }

            if (sku is not null && stockError is null && priceError is null)
            {
                changes.Add((sku, stock, price));
            }
        }

        if (errors.Count > 0)
        {
            logger.LogInformation("Stock import for supplier {SupplierId} refused: {Rows} rows, {Errors} errors, {Elapsed} ms",
                supplierId, rows.Count, errors.Count, clock.ElapsedMilliseconds);
            var badRows = errors.Keys.Select(k => k[..k.IndexOf(':', StringComparison.Ordinal)]).Distinct().Count();
            return new Error(ErrorKind.Validation,
                Texts.Pick($"{badRows} 行有误，未做任何修改。请改正后重新导入。", badRows == 1 ? "1 row has errors; nothing was changed. Fix it and import again." : $"{badRows} rows have errors; nothing was changed. Fix them and import again."),
                errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        // Only rows that change something are written; each checks the SKU's version, so a concurrent edit wins cleanly.
        var writes = changes
            .Where(c => c.Sku.Stock != c.Stock || (c.Price is { } p && p != c.Sku.Price))
            .Select(c => new StockChange(c.Sku.Id, c.Sku.ProductId, c.Sku.Version, c.Stock, c.Price ?? c.Sku.Price))
            .ToList();
        var updated = writes.Count;
        var checkedMs = clock.ElapsedMilliseconds;
        if (await store.ApplyStockAsync(writes, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation(
            "Stock import for supplier {SupplierId}: {Rows} rows, {Updated} SKUs updated in {Elapsed} ms (read {ReadMs} ms, load {LoadMs} ms, check {CheckMs} ms, save {SaveMs} ms)",
            supplierId, rows.Count, updated, clock.ElapsedMilliseconds, readMs, loadMs, checkedMs - readMs - loadMs, clock.ElapsedMilliseconds - checkedMs);
        return new StockImportSummary(rows.Count, updated);
    }

    private static int ParseStock(string text, out string? error)
    {
        error = null;
        var value = text.Trim();
        if (value.Length == 0)
        {
            error = Texts.Pick("库存不能为空。", "Stock is empty.");
            return 0;
        }
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = Texts.Pick($"库存“{value}”不是数字。", $"Stock “{value}” is not a number.");
            return 0;
        }
        if (number != decimal.Truncate(number))
        {
            error = Texts.Pick($"库存须为整数（{value}）。", $"Stock must be a whole number ({value}).");
            return 0;
        }
        if (number is < 0 or > MaxStock)
        {
            error = Texts.Pick($"库存须在 0 到 {MaxStock} 之间（{value}）。", $"Stock must be from 0 to {MaxStock} ({value}).");
            return 0;
        }
        return (int)number;
    }

    private static decimal? ParsePrice(string? text, out string? error)
    {
        error = null;
        var value = text?.Trim().TrimStart('¥', '￥') ?? "";
        if (value.Length == 0)
        {
            return null;
        }
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var price))
        {
            error = Texts.Pick($"单价“{value}”不是数字。", $"Price “{value}” is not a number.");
            return null;
        }
        if (price <= 0 || price > 1_000_000m)
        {
            error = Texts.Pick($"单价须大于 0 且不超过 1000000（{value}）。", $"The price must be above 0 and at most 1,000,000 ({value}).");
            return null;
        }
        if (!Money.HasAtMostTwoDecimals(price))
        {
            error = Texts.Pick($"单价最多两位小数（{value}）。", $"Prices have at most two decimals ({value}).");
            return null;
        }
        return price;
    }
}

public enum StockSheetFormat
{
    Csv,
    Xlsx,
}

/// <summary>Writes the import template: the header and one row per SKU with its current stock and price.</summary>
public interface IStockSheetWriter
{
    byte[] Write(IReadOnlyList<Sku> skus, StockSheetFormat format);
}
