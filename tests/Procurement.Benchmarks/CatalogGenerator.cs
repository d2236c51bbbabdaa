using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Benchmarks;

/// <summary>
/// A large, realistic catalog for the search benchmarks: Gansu specialties from every county, from many
/// suppliers, in the packs and grades a real marketplace lists them in. Deterministic for a given size.
/// </summary>
internal static class CatalogGenerator
{
    private static readonly (string Name, string Category)[] Products =
    [
        ("百合", "fresh-produce"), ("百合干", "nuts-dried"), ("马铃薯", "fresh-produce"), ("马铃薯粉条", "grain-oil"), ("宽粉", "grain-oil"),
        ("花牛苹果", "fresh-produce"), ("苹果", "fresh-produce"), ("苹果醋", "drinks"), ("苹果脆片", "snacks"), ("当归", "herbal"),
        ("黄芪", "herbal"), ("党参", "herbal"), ("红枸杞", "herbal"), ("黑枸杞", "herbal"), ("花椒", "seasoning"), ("花椒油", "seasoning"),
        ("辣椒面", "seasoning"), ("紫皮大蒜", "seasoning"), ("黑蒜", "seasoning"), ("牦牛肉", "meat-eggs"), ("羊羔肉", "meat-eggs"),
        ("手抓羊肉", "meat-eggs"), ("红牛肉", "meat-eggs"), ("土鸡蛋", "meat-eggs"), ("牦牛酸奶", "meat-eggs"), ("牛肉干", "snacks"),
        ("蜜瓜", "fresh-produce"), ("李广杏", "fresh-produce"), ("杏干", "nuts-dried"), ("杏皮茶", "drinks"), ("葡萄酒", "drinks"),
        ("干红葡萄酒", "drinks"), ("冰葡萄酒", "drinks"), ("橄榄油", "grain-oil"), ("胡麻油", "grain-oil"), ("小米", "grain-oil"),
        ("荞麦面", "grain-oil"), ("苦荞茶", "drinks"), ("绿茶", "drinks"), ("玫瑰花茶", "drinks"), ("玫瑰酱", "snacks"),
        ("鲜花饼", "snacks"), ("核桃", "nuts-dried"), ("核桃仁", "nuts-dried"), ("红枣", "nuts-dried"), ("黑木耳", "nuts-dried"),
        ("黄花菜", "nuts-dried"), ("葵花籽", "nuts-dried"), ("土蜂蜜", "snacks"), ("百花蜂蜜", "snacks"), ("软儿梨", "fresh-produce"),
        ("啤特果", "fresh-produce"), ("蜜桃", "fresh-produce"), ("娃娃菜", "fresh-produce"), ("西兰花", "fresh-produce"),
        ("香包", "handicraft"), ("剪纸", "handicraft"), ("砖雕", "handicraft"), ("洮砚", "handicraft"), ("夜光杯", "handicraft"),
        ("滋补礼盒", "gift-box"), ("山珍礼盒", "gift-box"), ("年货礼盒", "gift-box"), ("杂粮礼盒", "gift-box"),
    ];

    private static readonly string[] Grades = ["", "精选", "特级", "有机", "农家", "高山", "古法", "原生态", "新鲜", "优选"];
    private static readonly string[] Packs = ["250g", "500g", "1kg", "2.5kg", "5kg", "500g×2", "1kg×2", "礼盒装", "家庭装", "整箱"];

    public static IEnumerable<CatalogDocument> Generate(int count)
    {
        var random = new Random(20261125);
        var counties = Regions.ChildrenOf(Regions.GansuCode).SelectMany(c => Regions.ChildrenOf(c.Code)).ToArray();
        var suppliers = Enumerable.Range(0, Math.Max(50, count / 40))
            .Select(i => (Id: new Guid(i, 0, 0, [0x80, 0, 0, 0, 0, 0, 0, 1]), County: counties[i % counties.Length]))
            .ToArray();
        for (var i = 0; i < count; i++)
        {
            var product = Products[random.Next(Products.Length)];
            var supplier = suppliers[random.Next(suppliers.Length)];
            var grade = Grades[random.Next(Grades.Length)];
            var pack = Packs[random.Next(Packs.Length)];
            var county = supplier.County;
            var place = county.Name.TrimEnd('县', '区', '市');
            var price = Money.Round((decimal)(8 + random.NextDouble() * random.NextDouble() * 600));
            var available = random.Next(10) == 0 ? 0 : random.Next(1, 20_000);
            yield return new CatalogDocument(
                new Guid(0, (short)(i >> 16), (short)(i & 0xFFFF), [0x90, 0, 0, 0, 0, 0, 0, 2]),
                $"{place}{grade}{product.Name} {pack}",
                $"甘肃{Regions.CityOf(county.Code)!.Name}{county.Name}出产的{grade}{product.Name}，{pack}，产地直发，消费帮扶。",
                product.Category,
                county.Code,
                Regions.CityOf(county.Code)!.Code,
                supplier.Id,
                $"{county.Name}{product.Name}专业合作社{supplier.Id.GetHashCode() % 97:D2}",
                price,
                Money.Round(price * 1.9m),
                random.Next(3) == 0,
                available > 0,
                random.Next(5000),
                new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
                $"/img/categories/{product.Category}.svg",
                [pack, $"{pack}×2"],
                available);
        }
    }

    /// <summary>The mixed query set the latency figures are taken over: words, synonyms, pinyin, origins, specs, filters.</summary>
    public static IReadOnlyList<CatalogQuery> MixedQueries()
    {
        string[] words = ["百合", "土豆", "洋芋", "当归", "黄芪", "花椒", "牦牛肉", "苹果", "花牛苹果", "蜜瓜", "核桃", "蜂蜜", "葡萄酒", "红酒",
            "lzbh", "baihe", "dg", "定西", "甘南", "武都", "500g", "礼盒", "有机 百合", "特级 当归 500g", "兰州白合", "", ""];
        var queries = new List<CatalogQuery>();
        foreach (var word in words)
        {
            queries.Add(new CatalogQuery { Q = word });
            queries.Add(new CatalogQuery { Q = word, Categories = ["herbal", "fresh-produce"], Sort = CatalogSort.PriceAsc });
            queries.Add(new CatalogQuery { Q = word, Cities = ["621100"], MinPrice = 20m, MaxPrice = 200m, Certified = true });
            queries.Add(new CatalogQuery { Q = word, Sort = CatalogSort.Sales, Page = 3 });
        }
        return queries;
    }
}
