using Procurement.Core.Common;

namespace Procurement.Core.Catalog;

/// <summary>
/// The ten catalog categories. Their codes are part of the public contract and never change. <see cref="OtherNames"/>
/// are the other words buyers use for a category (干货 for 干果坚果, 水果 for 果蔬生鲜); they are indexed with the names,
/// so a search for any of them, or any two-character part of them, finds the category's products in both engines.
/// </summary>
public sealed record Category(string Code, string NameZh, string NameEn, IReadOnlyList<string> OtherNames)
{
    public static readonly IReadOnlyList<Category> All =
    [
        new("grain-oil", "粮油米面", "Grain & oil", ["粮油", "米面", "杂粮", "食用油", "grain", "flour", "oil"]),
        new("meat-eggs", "肉禽蛋奶", "Meat, eggs & dairy", ["肉类", "禽蛋", "乳品", "meat", "eggs", "dairy"]),
        new("fresh-produce", "果蔬生鲜", "Fresh produce", ["水果", "蔬菜", "生鲜", "fruit", "vegetables", "produce"]),
        new("nuts-dried", "干果坚果", "Nuts & dried fruit", ["坚果干货", "干货", "炒货", "nuts", "dried"]),
        new("seasoning", "调味品", "Seasonings", ["调料", "佐料", "seasoning", "spices"]),
        new("herbal", "中药材滋补", "Herbal tonics", ["中药材", "药材", "滋补品", "herbs", "tonic"]),
        new("drinks", "茶饮酒水", "Tea, drinks & wine", ["茶叶", "饮料", "酒水", "tea", "drinks", "wine"]),
        new("snacks", "休闲食品", "Snacks", ["零食", "小吃", "snacks"]),
        new("gift-box", "特色礼盒", "Gift boxes", ["礼盒", "礼品", "gifts", "hampers"]),
        new("handicraft", "手工艺品", "Handicrafts", ["工艺品", "手工", "crafts"]),
    ];

    public string Name => Texts.Pick(NameZh, NameEn);

    /// <summary>What the engines index as the category's text: both names and the other names buyers use.</summary>
    public string SearchText => string.Join(' ', [NameZh, .. OtherNames, NameEn]);

    public static Category? Find(string? code) => All.FirstOrDefault(c => c.Code == code);

    public static bool Exists(string? code) => Find(code) is not null;
}
