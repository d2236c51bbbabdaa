using Procurement.Core.Common;

namespace Procurement.Core.Catalog;

/// <summary>A sellable variant of a product: one spec (<c>500g×2</c>) with its price, stock and tier prices.</summary>
public sealed class Sku
{
    /// <summary>The most stock one SKU may hold: the form, the API, the stock import and the validator all ask this.</summary>
    public const int MaxStock = 10_000_000;

    /// <summary>The highest unit or tier price, in CNY.</summary>
    public const decimal MaxPrice = 1_000_000m;

    private readonly List<TierPrice> _tierPrices = [];

    private Sku()
    {
        Code = "";
        Spec = "";
    }

    public Sku(string code, string spec, decimal price, int stock, int minOrderQuantity, IEnumerable<TierPrice> tierPrices)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        Spec = spec;
        Price = price;
        Stock = stock;
        MinOrderQuantity = minOrderQuantity;
        _tierPrices.AddRange(tierPrices.OrderBy(t => t.MinQuantity));
    }

    public Guid Id { get; private set; }
    public Guid ProductId { get; private set; }

    /// <summary>The product's supplier, kept on the SKU so codes are unique per supplier and imports find them fast.</summary>
    public Guid SupplierId { get; private set; }
    public string Code { get; private set; }
    public string Spec { get; private set; }
    public decimal Price { get; private set; }
    public int Stock { get; private set; }

    /// <summary>Units held by submitted, unpaid orders. <c>Stock - Reserved</c> is what can still be sold.</summary>
    public int Reserved { get; private set; }

    public int MinOrderQuantity { get; private set; }

    /// <summary>Bumped on every change so that two editors cannot overwrite each other's stock.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<TierPrice> TierPrices => _tierPrices;

    public int Available => AvailableOf(Stock, Reserved);

    /// <summary>What can still be ordered: stock not reserved by orders.</summary>
    public static int AvailableOf(int stock, int reserved) => stock - reserved;

    /// <summary>The unit price at a quantity: the highest tier reached, else the base price.</summary>
    public decimal UnitPriceAt(int quantity) => PriceAt(_tierPrices, Price, quantity);

    /// <summary>The rule itself, for anything that holds a SKU's prices without the SKU (the package builder's lines).</summary>
    public static decimal PriceAt(IReadOnlyList<TierPrice> tiers, decimal basePrice, int quantity) =>
        tiers.Where(t => t.MinQuantity <= quantity).MaxBy(t => t.MinQuantity)?.Price ?? basePrice;

    /// <summary>Price changes apply at once (no review), and reach search within seconds.</summary>
    public void SetPrice(decimal price)
    {
        Price = price;
        Version++;
    }

    /// <summary>Sets the stock count; it may not drop below what orders have reserved.</summary>
    public Error? SetStock(int stock)
    {
        if (CheckStock(stock) is { } refused)
        {
            return Error.Invalid("stock", refused);
        }
        Stock = stock;
        Version++;
        return null;
    }

    /// <summary>Why this SKU may not hold <paramref name="stock"/> units (out of range, or below what orders reserved), or null.</summary>
    public string? CheckStock(decimal stock) => StockOutOfRange(stock) ?? (stock < Reserved ? BelowReserved(Reserved) : null);

    /// <summary>The stock range every SKU keeps, or null when <paramref name="stock"/> is inside it.</summary>
    public static string? StockOutOfRange(decimal stock) => stock is < 0 or > MaxStock ? StockRange : null;

    /// <summary>What stock may be, said to people: a whole number from 0 to <see cref="MaxStock"/>.</summary>
    public static string StockRange => Texts.Pick($"库存须为 0 到 {MaxStock} 之间的整数。", $"Stock must be a whole number from 0 to {MaxStock:N0}.");

    /// <summary>The price range every unit and tier price keeps (above 0, at most <see cref="MaxPrice"/>), or null when inside it.</summary>
    public static string? PriceOutOfRange(decimal price) => price <= 0 || price > MaxPrice
        ? Texts.Pick($"价格须大于 0 且不超过 {MaxPrice:0} 元。", $"Prices must be above 0 and at most {MaxPrice:N0} yuan.")
        : null;

    public static string BelowReserved(int reserved) =>
        Texts.Pick($"库存不能低于已被订单占用的 {reserved} 件。", $"Stock cannot go below the {reserved} units reserved by orders.");

    internal void BelongTo(Guid supplierId) => SupplierId = supplierId;

    internal void Update(string code, string spec, decimal price, int stock, int minOrderQuantity, IEnumerable<TierPrice> tierPrices)
    {
        Code = code;
        Spec = spec;
        Price = price;
        Stock = stock;
        MinOrderQuantity = minOrderQuantity;
        _tierPrices.Clear();
        _tierPrices.AddRange(tierPrices.OrderBy(t => t.MinQuantity));
        Version++;
    }
}

/// <summary>
/// SKU codes as stored: trimmed and upper-case, at every boundary (form, API, import). A supplier's codes are unique
/// regardless of case, so <c>abc</c> and <c>ABC</c> are one code everywhere, on every database.
/// </summary>
public static class SkuCode
{
    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant();
}
