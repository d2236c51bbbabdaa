using System.Globalization;
using Procurement.Core.Catalog;
using Procurement.Core.Common.Regions;

namespace Procurement.UnitTests.Common;

public class GansuCitiesTests
{
    [Fact]
    public void Every_gansu_city_has_an_english_name() =>
        Assert.Equal(Regions.ChildrenOf(Regions.GansuCode).Select(c => c.Code).Order(), GansuCities.Codes.Order());

    [Fact]
    public void Labels_follow_the_callers_language_and_fall_back_to_the_chinese_name()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal(("Dingxi", "Gannan Prefecture"), (GansuCities.LabelOf("621100"), GansuCities.LabelOf("623000")));
            Assert.Equal("南京市", GansuCities.LabelOf("320100")); // not a Gansu city: its name as data
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("定西市", GansuCities.LabelOf("621100"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void A_category_is_searched_by_its_names_and_the_other_words_buyers_use()
    {
        var nuts = Category.Find("nuts-dried")!;
        Assert.Contains("干货", nuts.SearchText);
        Assert.StartsWith("干果坚果", nuts.SearchText);
        Assert.EndsWith("Nuts & dried fruit", nuts.SearchText);
        Assert.All(Category.All, c => Assert.NotEmpty(c.OtherNames));
    }
}
