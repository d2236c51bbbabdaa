using Procurement.Core.Common;

namespace Procurement.Core.Catalog;

/// <summary>The ten catalog categories. Their codes are part of the public contract and never change.</summary>
public sealed record Category(string Code, string NameZh, string NameEn)
{
    public static readonly IReadOnlyList<Category> All =
    [
        new("grain-oil", "粮油米面", "Grain & oil"),
        new("meat-eggs", "肉禽蛋奶", "Meat, eggs & dairy"),
        new("fresh-produce", "果蔬生鲜", "Fresh produce"),
        new("nuts-dried", "干果坚果", "Nuts & dried fruit"),
        new("seasoning", "调味品", "Seasonings"),
        new("herbal", "中药材滋补", "Herbal tonics"),
        new("drinks", "茶饮酒水", "Tea, drinks & wine"),
        new("snacks", "休闲食品", "Snacks"),
        new("gift-box", "特色礼盒", "Gift boxes"),
        new("handicraft", "手工艺品", "Handicrafts"),
    ];

    public string Name => Texts.Pick(NameZh, NameEn);

    public static Category? Find(string? code) => All.FirstOrDefault(c => c.Code == code);

    public static bool Exists(string? code) => Find(code) is not null;
}
