using System.Collections.Frozen;
using System.Text.Json;

namespace Procurement.Core.Common.Regions;

/// <summary>
/// Every province, city-level and county-level division of China, from the committed resource that
/// scripts/generate-regions.py builds. Read once; the table never changes while the process runs.
/// </summary>
public static class Regions
{
    public const string GansuCode = "620000";

    private static readonly Lazy<Table> _table = new(Load);

    public static IReadOnlyList<Region> All => _table.Value.All;

    public static IReadOnlyList<Region> Provinces => _table.Value.Provinces;

    public static Region? Find(string? code) =>
        code is not null && _table.Value.ByCode.TryGetValue(code, out var region) ? region : null;

    /// <summary>A division's name, or "" for an unknown code: what every label, document and answer shows.</summary>
    public static string NameOf(string? code) => Find(code)?.Name ?? "";

    /// <summary>Where a county-level code lies: the county and the city it belongs to, named.</summary>
    public static Origin OriginOf(string? countyCode)
    {
        var city = CityOf(countyCode);
        return new Origin(countyCode ?? "", NameOf(countyCode), city?.Code ?? "", city?.Name ?? "");
    }

    public static IReadOnlyList<Region> ChildrenOf(string code) =>
        _table.Value.Children.TryGetValue(code, out var children) ? children : [];

    public static bool IsProvince(string? code) => Find(code)?.Level == RegionLevel.Province;

    /// <summary>Products come from a Gansu county-level division (62xxxx, not a city or the province itself).</summary>
    public static bool IsGansuCounty(string? code) =>
        Find(code) is { Level: RegionLevel.County } county && county.Code.StartsWith("62", StringComparison.Ordinal);

    /// <summary>The city-level division a county belongs to: 620702 甘州区 → 620700 张掖市.</summary>
    public static Region? CityOf(string? countyCode) =>
        Find(countyCode) is { Level: RegionLevel.County, ParentCode: { } parent } ? Find(parent) : null;

    private static Table Load()
    {
        using var stream = typeof(Regions).Assembly.GetManifestResourceStream("Procurement.Core.regions.json")
            ?? throw new InvalidOperationException("The embedded region table is missing from Procurement.Core.");
        using var document = JsonDocument.Parse(stream);
        var all = new List<Region>();
        foreach (var row in document.RootElement.GetProperty("rows").EnumerateArray())
        {
            var parent = row[2].GetString();
            all.Add(new Region(
                row[0].GetString()!,
                row[1].GetString()!,
                string.IsNullOrEmpty(parent) ? null : parent,
                (RegionLevel)row[3].GetInt32(),
                row[4].GetInt32() == 1));
        }
        return new Table(all);
    }

    private sealed class Table
    {
        public Table(List<Region> all)
        {
            All = all;
            ByCode = all.ToFrozenDictionary(r => r.Code);
            Provinces = all.Where(r => r.Level == RegionLevel.Province).ToList();
            Children = all.Where(r => r.ParentCode is not null)
                .GroupBy(r => r.ParentCode!)
                .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Region>)g.ToList());
        }

        public IReadOnlyList<Region> All { get; }
        public FrozenDictionary<string, Region> ByCode { get; }
        public IReadOnlyList<Region> Provinces { get; }
        public FrozenDictionary<string, IReadOnlyList<Region>> Children { get; }
    }
}

/// <summary>A county and its city, by code and name. <see cref="Label"/> reads "兰州市 七里河区".</summary>
public sealed record Origin(string CountyCode, string CountyName, string CityCode, string CityName)
{
    public string Label => $"{CityName} {CountyName}".Trim();
}
