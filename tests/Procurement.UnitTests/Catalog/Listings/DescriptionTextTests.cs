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
    public void Plain_text_reads_back_as_typed(string text) =>
        Assert.Equal(text, DescriptionText.Readable(DescriptionText.ToHtml(text)));

    [Fact]
    public void Formatting_reads_as_marks_a_reviewer_can_compare() =>
        Assert.Equal(
            "# 产品特点\n\n壳薄**仁满**\n\n• 礼盒装\n• 家庭装\n\n1. 清洗\n2. 晾干\n\n> 原产地直发\n\n详见 官网 (https://example.cn/a?b=1&c=2)",
            DescriptionText.Readable(
                "<h3>产品特点</h3><p>壳薄<strong>仁满</strong></p><ul><li>礼盒装</li><li>家庭装</li></ul><ol><li>清洗</li><li>晾干</li></ol>"
                + "<blockquote>原产地直发</blockquote><p>详见 <a href=\"https://example.cn/a?b=1&amp;c=2\" rel=\"nofollow\">官网</a></p>"));
}
