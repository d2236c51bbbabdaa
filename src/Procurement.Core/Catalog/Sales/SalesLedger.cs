using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Sales;

/// <summary>A sold (or, negative, taken back) quantity of one SKU and what it came to in CNY, computed by the seller's books.</summary>
public sealed record SaleLine(Guid SkuId, int Quantity, decimal Amount);

/// <summary>One product's part of a recording: the sum of its lines.</summary>
public sealed record ProductSale(Guid ProductId, Guid SupplierId, int Units, decimal Amount);

/// <summary>Where SKUs belong, and the counters.</summary>
public interface ISalesStore
{
    /// <summary>Product and supplier of each SKU that exists, keyed by SKU id, whoever's it is (an order spans suppliers).</summary>
    Task<IReadOnlyDictionary<Guid, (Guid ProductId, Guid SupplierId)>> OwnersAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken);

    /// <summary>
    /// Adds each sale to its product's row for <paramref name="day"/> and to the product's running count (never
    /// below zero), and has the products re-indexed: all or nothing, and additions, not read-then-write, so two
    /// orders paid at once both count.
    /// </summary>
    Task AddAsync(IReadOnlyList<ProductSale> sales, DateOnly day, CancellationToken cancellationToken);
}

/// <summary>
/// The one place sales are counted. Ordering records a paid order's lines here (and takes back cancelled or refunded
/// ones with negative lines); the ledger adds them to each product's business day (the supplier dashboard's sales by
/// day and by product) and to the product's running count (search's "sales" sort).
/// </summary>
public sealed class SalesLedger(ISalesStore store, TimeProvider clock)
{
    public async Task<Error?> RecordAsync(IReadOnlyList<SaleLine> lines, CancellationToken cancellationToken)
    {
        if (Check(lines) is { } invalid)
        {
            return invalid;
        }
        var owners = await store.OwnersAsync(lines.Select(l => l.SkuId).Distinct().ToList(), cancellationToken);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!owners.ContainsKey(lines[i].SkuId))
            {
                return Error.Invalid($"lines[{i}].skuId", Texts.Pick("没有这个规格。", "There is no such SKU."));
            }
        }
        var sales = lines.GroupBy(l => owners[l.SkuId])
            .Select(g => new ProductSale(g.Key.ProductId, g.Key.SupplierId, g.Sum(l => l.Quantity), g.Sum(l => l.Amount)))
            .ToList();
        await store.AddAsync(sales, BusinessDate.Today(clock), cancellationToken);
        return null;
    }

    private static Error? Check(IReadOnlyList<SaleLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Quantity == 0)
            {
                return Error.Invalid($"lines[{i}].quantity", Texts.Pick("数量不能为 0。", "The quantity cannot be 0."));
            }
            if (!Money.HasAtMostTwoDecimals(lines[i].Amount) || Math.Sign(lines[i].Amount) == -Math.Sign(lines[i].Quantity))
            {
                return Error.Invalid($"lines[{i}].amount", Texts.Pick("金额须为最多两位小数，且与数量同号。", "The amount needs at most 2 decimals and the quantity's sign."));
            }
        }
        return null;
    }
}
