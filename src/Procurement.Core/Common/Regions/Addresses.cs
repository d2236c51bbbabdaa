namespace Procurement.Core.Common.Regions;

/// <summary>Where a recipient lives, as GB/T 2260 codes: province, city-level and county-level division.</summary>
public sealed record ResolvedAddress(Region Province, Region City, Region District);

/// <summary>Which column of an address was wrong, and why (said to people).</summary>
public sealed record AddressFault(string Column, string Message);

/// <summary>
/// Reads the province, city and district that people type into a recipients sheet into GB/T 2260 divisions. Full
/// names and the common short forms both work (江苏/江苏省, 南京/南京市, 甘南/甘南藏族自治州, 鼓楼/鼓楼区): a short form is
/// accepted when exactly one division under the parent starts with it. Each level must lie inside the one before.
/// Municipalities may repeat their name or write 市辖区 as the city (北京市 北京市 朝阳区); county-level cities directly
/// under a province (湖北 仙桃市) stand as their own city; a city with no county-level divisions (东莞市) takes any
/// district text, which then names the city itself.
/// </summary>
public static class Addresses
{
    public const string Province = "省";
    public const string City = "市";
    public const string District = "区县";

    public static Result<ResolvedAddress> Resolve(string? province, string? city, string? district)
    {
        var provinceText = Clean(province);
        var cityText = Clean(city);
        var districtText = Clean(district);
        if (provinceText.Length == 0)
        {
            return Fault(Province, Texts.Pick("省份不能为空。", "The province is empty."));
        }
        if (Match(Regions.Provinces, provinceText) is not { } p)
        {
            return Fault(Province, Texts.Pick($"{SheetLimits.Echo(provinceText)} 不是省级行政区名称。", $"{SheetLimits.Echo(provinceText)} is not a province-level division."));
        }
        if (cityText.Length == 0)
        {
            return Fault(City, Texts.Pick("城市不能为空。", "The city is empty."));
        }

        var cities = Regions.ChildrenOf(p.Code).Where(c => !c.StatisticsOnly).ToList();
        Region? c = Match(cities, cityText);
        IReadOnlyList<Region> districts;
        if (c is not null)
        {
            districts = Children(c);
        }
        else if ((IsSameName(p, cityText) || cityText == "市辖区") && cities.FirstOrDefault() is { } first)
        {
            // 北京市 北京市 朝阳区: a municipality's districts sit under 市辖区 (and, in some years, 县).
            districts = cities.SelectMany(Children).ToList();
            c = first;
        }
        else if (Match(cities.Where(x => x.Name.Contains("直辖", StringComparison.Ordinal)).SelectMany(Children).ToList(), cityText) is { } direct)
        {
            // 湖北 仙桃市: a county-level city directly under the province is its own city and district.
            return new ResolvedAddress(p, direct, direct);
        }
        else
        {
            return Fault(City, Texts.Pick($"{SheetLimits.Echo(cityText)} 不是 {p.Name} 的地级行政区。", $"{SheetLimits.Echo(cityText)} is not a city of {p.Name}."));
        }

        if (districts.Count == 0)
        {
            // 东莞市, 中山市, 嘉峪关市: no county-level divisions; the district column holds a town, or nothing.
            return new ResolvedAddress(p, c, c);
        }
        if (districtText.Length == 0)
        {
            return Fault(District, Texts.Pick("区县不能为空。", "The district is empty."));
        }
        if (Match(districts, districtText) is not { } d)
        {
            return Fault(District, Texts.Pick($"{SheetLimits.Echo(districtText)} 不是 {NameOfCity(p, c)} 的区县。", $"{SheetLimits.Echo(districtText)} is not a district of {NameOfCity(p, c)}."));
        }
        if (Regions.Find(d.ParentCode) is { } parent && parent.Code != c.Code)
        {
            c = parent;
        }
        return new ResolvedAddress(p, c, d);
    }

    /// <summary>"江苏省 南京市 鼓楼区" for a resolved address; municipalities say their name once.</summary>
    public static string Label(string provinceCode, string cityCode, string districtCode)
    {
        var province = Regions.NameOf(provinceCode);
        var city = Regions.NameOf(cityCode);
        var district = Regions.NameOf(districtCode);
        var parts = new List<string> { province };
        if (city.Length > 0 && city != "市辖区" && city != "县" && !city.Contains("直辖", StringComparison.Ordinal) && city != province)
        {
            parts.Add(city);
        }
        if (district.Length > 0 && district != city)
        {
            parts.Add(district);
        }
        return string.Join(" ", parts);
    }

    private static string NameOfCity(Region province, Region city) => city.Name is "市辖区" or "县" ? province.Name : city.Name;

    private static IReadOnlyList<Region> Children(Region parent) => Regions.ChildrenOf(parent.Code).Where(r => !r.StatisticsOnly).ToList();

    private static Result<ResolvedAddress> Fault(string column, string message) => Error.Invalid(column, message);

    private static bool IsSameName(Region region, string text) =>
        region.Name == text || (text.Length >= 2 && region.Name.StartsWith(text, StringComparison.Ordinal));

    /// <summary>The one division whose full name is the text, else the one (and only one) whose name starts with it.</summary>
    private static Region? Match(IReadOnlyList<Region> candidates, string text)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Name == text)
            {
                return candidate;
            }
        }
        if (text.Length < 2)
        {
            return null;
        }
        Region? found = null;
        foreach (var candidate in candidates)
        {
            if (candidate.Name.StartsWith(text, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    /// <summary>Spreadsheet text as people meant it: trimmed, inner spaces (including full-width ones) dropped.</summary>
    private static string Clean(string? text) =>
        string.Concat((text ?? "").Where(ch => !char.IsWhiteSpace(ch) && ch != '\u3000'));
}
