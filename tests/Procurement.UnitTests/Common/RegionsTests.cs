using Procurement.Core.Common.Regions;

namespace Procurement.UnitTests.Common;

public class RegionsTests
{
    [Fact]
    public void Holds_all_31_provinces() => Assert.Equal(31, Regions.Provinces.Count);

    [Fact]
    public void Gansu_has_14_city_level_divisions()
    {
        var cities = Regions.ChildrenOf(Regions.GansuCode);
        Assert.Equal(14, cities.Count);
        Assert.Contains(cities, c => c is { Code: "620100", Name: "兰州市" });
        Assert.Contains(cities, c => c is { Code: "623000", Name: "甘南藏族自治州" });
    }

    [Fact]
    public void Gansu_has_86_county_level_divisions_besides_statistics_codes()
    {
        var counties = Regions.ChildrenOf(Regions.GansuCode).SelectMany(c => Regions.ChildrenOf(c.Code)).ToList();
        Assert.Equal(86, counties.Count(c => !c.StatisticsOnly));
        Assert.Contains(counties, c => c is { Code: "620171", Name: "兰州新区", StatisticsOnly: true });
    }

    [Theory]
    [InlineData("621126", "621100", "定西市")]
    [InlineData("620702", "620700", "张掖市")]
    [InlineData("623025", "623000", "甘南藏族自治州")]
    public void Derives_the_city_from_a_county(string county, string cityCode, string cityName)
    {
        var city = Regions.CityOf(county);
        Assert.Equal((cityCode, cityName), (city?.Code, city?.Name));
    }

    [Theory]
    [InlineData("621202", true)]
    [InlineData("620171", true)]
    [InlineData("620100", false)] // a city, not a county
    [InlineData("620000", false)]
    [InlineData("320102", false)] // Nanjing, not Gansu
    [InlineData("629999", false)]
    [InlineData(null, false)]
    public void Knows_gansu_counties(string? code, bool expected) => Assert.Equal(expected, Regions.IsGansuCounty(code));
}
