using Procurement.Core.Catalog.Search;

namespace Procurement.UnitTests.Catalog.Search;

public class HighlighterTests
{
    private static string Highlight(string name, string query) => Highlighter.Highlight(name, CatalogQueryPlan.Build(query, Synonyms.Default));

    [Fact]
    public void Wraps_every_match() => Assert.Equal("兰州<em>百合</em> 鲜<em>百合</em>", Highlight("兰州百合 鲜百合", "百合"));

    [Fact]
    public void Marks_the_synonym_that_matched() => Assert.Equal("定西<em>马铃薯</em>", Highlight("定西马铃薯", "土豆"));

    [Fact]
    public void Encodes_everything_else() =>
        Assert.Equal("&lt;b&gt;<em>百合</em>&amp;500g×2", Highlight("<b>百合&500g×2", "百合"));

    [Theory]
    [InlineData("lzbh", "<em>兰州百合</em>粉")]
    [InlineData("baihe", "兰州<em>百合</em>粉")]
    [InlineData("baih", "兰州<em>百合</em>粉")]
    public void Marks_the_characters_typed_pinyin_spells(string query, string expected) => Assert.Equal(expected, Highlight("兰州百合粉", query));
}
