using Procurement.Core.Catalog.Search;

namespace Procurement.UnitTests.Catalog.Search;

public class PinyinTests
{
    [Theory]
    [InlineData("兰州百合", "lanzhoubaihe", "lzbh")]
    [InlineData("渭源党参", "weiyuandangshen", "wyds")]
    [InlineData("武都花椒", "wuduhuajiao", "wdhj")]
    [InlineData("甘南牦牛肉", "gannanmaoniurou", "gnmnr")]
    [InlineData("百合干500g", "baihegan500g", "bhg5")]
    public void Spells_names_in_full_and_in_initials(string name, string full, string initials) =>
        Assert.Equal((full, initials), (Pinyin.Full(name), Pinyin.Initials(name)));

    [Theory]
    [InlineData("baihe", true)]
    [InlineData("lz bh", true)]
    [InlineData("500g", false)]
    [InlineData("百合", false)]
    public void Knows_what_looks_like_typed_pinyin(string query, bool expected) => Assert.Equal(expected, Pinyin.LooksLikePinyin(query));
}
