using Procurement.Core.Common;

namespace Procurement.Core.Catalog;

/// <summary>A sellable variant of a product: one spec (<c>500g×2</c>) with its price, stock and tier prices.</summary>
public sealed class Sku
{
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
    public decimal UnitPriceAt(int quantity) =>
        _tierPrices.LastOrDefault(t => t.MinQuantity <= quantity)?.Price ?? Price;

    /// <summary>Price changes apply at once (no review), and reach search within seconds.</summary>
    public void SetPrice(decimal price)
    {
        Price = price;
        Version++;
    }

    /// <summary>Sets the stock count; it may not drop below what orders have reserved.</summary>
    public Error? SetStock(int stock)
    {
        if (stock < Reserved)
        {
            return Error.Invalid("stock", BelowReserved(Reserved));
        }
        Stock = stock;
        Version++;
        return null;
    }

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
