using Procurement.Core.Catalog;
using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>
/// One SKU of an order at the price it was ordered at: the tier price reached by the whole quantity, computed on
/// the server and kept, so later price changes never touch a placed order.
/// </summary>
/// <param name="OriginCityCode">The product's origin city (GB/T 2260), kept for the union's spend-by-origin view.</param>
/// <param name="Certified">Whether the product carried a valid 消费帮扶 certificate when ordered: counts toward the union's 帮扶 share.</param>
/// <param name="OriginCountyCode">The product's origin county (GB/T 2260) when ordered, kept for the federation's report by Gansu county (#23).</param>
public sealed record OrderLine(Guid SkuId, string SkuCode, Guid ProductId, string ProductName, Guid SupplierId, int Quantity, decimal UnitPrice,
    string OriginCityCode = "", bool Certified = false, string OriginCountyCode = "")
{
    public decimal Amount => Money.Round(UnitPrice * Quantity);

    /// <summary>Prices <paramref name="quantity"/> of <paramref name="sku"/>, or says why it cannot be ordered; <paramref name="field"/> names the line.</summary>
    public static Result<OrderLine> Price(Sku sku, string productName, int quantity, string field, string originCityCode = "", bool certified = false,
        string originCountyCode = "")
    {
        if (quantity < 1)
        {
            return Error.Invalid(field, Texts.Pick("数量须为正整数。", "The quantity must be a positive whole number."));
        }
        if (quantity < sku.MinOrderQuantity)
        {
            return Error.Invalid(field, Texts.Pick($"规格 {sku.Code} 起订量为 {sku.MinOrderQuantity}。", $"SKU {sku.Code} is sold from {sku.MinOrderQuantity} units."));
        }
        return new OrderLine(sku.Id, sku.Code, sku.ProductId, productName, sku.SupplierId, quantity, sku.UnitPriceAt(quantity), originCityCode, certified, originCountyCode);
    }
}

/// <summary>
/// 份: what one package holds. An order of <c>n</c> packages holds each line's quantity divided by <c>n</c>, so every
/// line must divide evenly; the package's value is what one member receives, counted against their annual cap.
/// </summary>
/// <param name="Value">A choice order's per-member value (its contents are each member's choice); null: the contents' sum.</param>
public sealed record PackagePlan(int Packages, IReadOnlyList<(OrderLine Line, int PerPackage)> Contents, decimal? Value = null)
{
    public decimal PackageValue => Value ?? Contents.Sum(c => Money.Round(c.Line.UnitPrice * c.PerPackage));

    public static Result<PackagePlan> Of(IReadOnlyList<OrderLine> lines, int packages)
    {
        if (packages < 1)
        {
            return Error.Invalid("packages", Texts.Pick("份数须为正整数。", "The number of packages must be a positive whole number."));
        }
        var uneven = lines.Select((line, index) => (line, index)).Where(x => x.line.Quantity % packages != 0).ToList();
        if (uneven.Count > 0)
        {
            return Error.Invalid(uneven.ToDictionary(
                x => $"lines[{x.index}].quantity",
                x => new[] { Texts.Pick($"{x.line.SkuCode} 的数量 {x.line.Quantity} 不能平均分成 {packages} 份。",
                    $"{x.line.SkuCode}: {x.line.Quantity} units do not divide into {packages} packages.") }));
        }
        return new PackagePlan(packages, lines.Select(line => (line, line.Quantity / packages)).ToList());
    }
}
