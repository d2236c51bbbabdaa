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
public sealed class StockImport(IStockSheetReader reader, IListingStore store, ICurrentUser user, IStockSheetWriter writer, ILogger<StockImport> logger)
{
    public const int MaxRows = 50_000;

    /// <summary>The import template, already listing the supplier's SKUs with their current stock and price.</summary>
    public async Task<Result<SheetDownload>> TemplateAsync(SheetFormat format, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } denied)
        {
            return denied;
        }
        var skus = user.SupplierId is { } supplierId ? await store.SupplierSkusAsync(supplierId, cancellationToken) : [];
        return SheetDownload.Of($"stock-import.{format.Extension()}", format, writer.Write(skus, format));
    }

    public async Task<Result<StockImportSummary>> RunAsync(Stream file, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } denied)
        {
            return denied;
        }
        var supplierId = user.SupplierId!.Value;
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
        // Codes are stored normalised; a legacy pair that differs only by case must not fail every import, so the first wins.
        var skus = new Dictionary<string, Sku>(StringComparer.Ordinal);
        foreach (var known in await store.SupplierSkusAsync(supplierId, cancellationToken))
        {
            skus.TryAdd(SkuCode.Normalize(known.Code), known);
        }
        var loadMs = clock.ElapsedMilliseconds - readMs;
        var errors = new RowErrors();
        var changes = new List<(Sku Sku, int Stock, decimal? Price)>(rows.Count);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            void Fail(string column, string message) => errors.Add(row.Row, column, message);

            var code = SkuCode.Normalize(row.SkuCode);
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
                Fail("sku_code", Texts.Pick($"{SheetLimits.Echo(code)} 不是本供应商的规格编码。", $"{SheetLimits.Echo(code)} is not one of your SKU codes."));
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
            else if (sku?.CheckStock(stock) is { } refused)
            {
                Fail("stock", refused);
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

        if (errors.Any)
        {
            logger.LogInformation("Stock import for supplier {SupplierId} refused: {Rows} rows, {BadRows} bad rows, {Elapsed} ms",
                supplierId, rows.Count, errors.BadRows, clock.ElapsedMilliseconds);
            return errors.ToError();
        }

        // Only rows that change something are written; each checks the SKU's version, so a concurrent edit wins cleanly.
        var writes = changes
            .Where(c => c.Sku.Stock != c.Stock || (c.Price is { } p && p != c.Sku.Price))
            .Select(c => new StockChange(c.Sku.Id, c.Sku.ProductId, c.Sku.Version, c.Stock, c.Price ?? c.Sku.Price))
            .ToList();
        var updated = writes.Count;
        var checkedMs = clock.ElapsedMilliseconds;
        if (await store.ApplyStockAsync(supplierId, writes, cancellationToken) is { } conflict)
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
        var value = SheetLimits.Echo(text.Trim());
        if (value.Length == 0)
        {
            error = Texts.Pick("库存不能为空。", "Stock is empty.");
            return 0;
        }
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = Texts.Pick($"库存“{value}”不是数字。", $"Stock “{value}” is not a number.");
            return 0;
        }
        if (number != decimal.Truncate(number))
        {
            error = Texts.Pick($"库存须为整数（{value}）。", $"Stock must be a whole number ({value}).");
            return 0;
        }
        if (Sku.StockOutOfRange(number) is { } outOfRange)
        {
            error = $"{outOfRange} ({value})";
            return 0;
        }
        return (int)number;
    }

    private static decimal? ParsePrice(string? text, out string? error)
    {
        error = null;
        var raw = text?.Trim().TrimStart('¥', '￥') ?? "";
        var value = SheetLimits.Echo(raw);
        if (raw.Length == 0)
        {
            return null;
        }
        if (!decimal.TryParse(raw, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var price))
        {
            error = Texts.Pick($"单价“{value}”不是数字。", $"Price “{value}” is not a number.");
            return null;
        }
        if (Sku.PriceOutOfRange(price) is { } outOfRange)
        {
            error = $"{outOfRange} ({value})";
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

/// <summary>Writes the import template: the header and one row per SKU with its current stock and price.</summary>
public interface IStockSheetWriter
{
    byte[] Write(IReadOnlyList<Sku> skus, SheetFormat format);
}
