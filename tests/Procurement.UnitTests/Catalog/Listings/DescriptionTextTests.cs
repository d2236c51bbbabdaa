using Procurement.Core.Catalog.Listings;

namespace Procurement.UnitTests.Catalog.Listings;

public sealed class DescriptionTextTests
{
    [Fact]
    public void Plain_text_becomes_paragraphs_with_line_breaks_and_is_encoded() =>
        Assert.Equal("<p>壳薄仁满<br>个大饱满</p><p>5 &lt; 6 &amp; 礼盒装</p>", DescriptionText.ToHtml("壳薄仁满\r\n个大饱满\r\n\r\n\r\n5 < 6 & 礼盒装\n"));

    [Fact]
    public void Html_is_left_for_the_sanitizer() =>
        Assert.Equal("<p>壳薄<strong>仁满</strong></p>", DescriptionText.ToHtml("<p>壳薄<strong>仁满</strong></p>"));

    [Theory]
    [InlineData("壳薄仁满\n个大饱满\n\n5 < 6 & 礼盒装")]
    [InlineData("一段")]
    [InlineData("")]
    public void Plain_text_comes_back_as_typed(string text) =>
        Assert.Equal(text, DescriptionText.ForEditing(DescriptionText.ToHtml(text)));

    [Fact]
    public void Richer_html_is_edited_as_html() =>
        Assert.Equal("<p>壳薄<strong>仁满</strong></p>", DescriptionText.ForEditing("<p>壳薄<strong>仁满</strong></p>"));
}
