namespace Procurement.Core.Common.Regions;

public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
}

/// <summary>A GB/T 2260 division. <see cref="StatisticsOnly"/> marks the national statistics codes that are no administrative division (620171 兰州新区).</summary>
public sealed record Region(string Code, string Name, string? ParentCode, RegionLevel Level, bool StatisticsOnly);
