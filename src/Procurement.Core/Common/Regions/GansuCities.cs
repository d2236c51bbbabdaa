namespace Procurement.Core.Common.Regions;

/// <summary>
/// Gansu's fourteen city-level divisions in English, for facets, tiles and English searches. The region table
/// (GB/T 2260) holds Chinese names only; the storefront's cities are this small fixed set, so they are listed here
/// rather than generated. The English names are the cities' pinyin, which is also what buyers type (<c>dingxi</c>).
/// </summary>
public static class GansuCities
{
    private static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["620100"] = "Lanzhou",
        ["620200"] = "Jiayuguan",
        ["620300"] = "Jinchang",
        ["620400"] = "Baiyin",
        ["620500"] = "Tianshui",
        ["620600"] = "Wuwei",
        ["620700"] = "Zhangye",
        ["620800"] = "Pingliang",
        ["620900"] = "Jiuquan",
        ["621000"] = "Qingyang",
        ["621100"] = "Dingxi",
        ["621200"] = "Longnan",
        ["622900"] = "Linxia Prefecture",
        ["623000"] = "Gannan Prefecture",
    };

    /// <summary>The city's English name, or null for a code that is not a Gansu city.</summary>
    public static string? EnglishOf(string? code) => code is not null && English.TryGetValue(code, out var name) ? name : null;

    /// <summary>A city's name in the caller's language: English when asked and known, the Chinese name otherwise.</summary>
    public static string LabelOf(string? code) => Texts.IsEnglish && EnglishOf(code) is { } english ? english : Regions.NameOf(code);

    /// <summary>Every Gansu city code with an English name: the table covers all of them (a test holds it to that).</summary>
    public static IReadOnlyCollection<string> Codes => (IReadOnlyCollection<string>)English.Keys;
}
