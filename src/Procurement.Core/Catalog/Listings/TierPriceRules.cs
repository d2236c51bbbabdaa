using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Listings;

/// <summary>
/// Tier prices reward bigger orders: quantities strictly ascending, prices positive with at most two decimals and
/// never higher at a bigger quantity (nor above the SKU's own price). The lowest is what search shows as minPrice.
/// </summary>
public static class TierPriceRules
{
    /// <summary>Every broken rule, as (index of the tier, message); empty when the tiers are fine.</summary>
    public static IEnumerable<(int Index, string Field, string Message)> Check(decimal basePrice, IReadOnlyList<TierPriceRequest> tiers)
    {
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            // A tier from one unit on would just be the unit price.
            if (tier.MinQuantity < 2)
            {
                yield return (i, "MinQuantity", Texts.Pick("阶梯起订量至少为 2。", "A tier starts at two units or more."));
            }
            if (tier.Price <= 0)
            {
                yield return (i, "Price", Texts.Pick("阶梯价须大于 0。", "A tier price must be above zero."));
            }
            else if (!Money.HasAtMostTwoDecimals(tier.Price))
            {
                yield return (i, "Price", Texts.Pick("金额最多两位小数。", "Amounts have at most two decimals."));
            }
            else if (tier.Price > basePrice)
            {
                yield return (i, "Price", Texts.Pick("阶梯价不能高于单价。", "A tier price cannot be above the unit price."));
            }
            if (i == 0)
            {
                continue;
            }
            var previous = tiers[i - 1];
            if (tier.MinQuantity <= previous.MinQuantity)
            {
                yield return (i, "MinQuantity", Texts.Pick("阶梯起订量须严格递增。", "Tier quantities must strictly increase."));
            }
            if (tier.Price > previous.Price)
            {
                yield return (i, "Price", Texts.Pick("数量越多，阶梯价不能越高。", "A tier price cannot rise with quantity."));
            }
        }
    }
}
