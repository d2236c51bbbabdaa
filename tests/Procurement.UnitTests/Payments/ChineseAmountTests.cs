using Procurement.Core.Payments;

namespace Procurement.UnitTests.Payments;

public sealed class ChineseAmountTests
{
    [Theory]
    [InlineData("899100.00", "捌拾玖万玖仟壹佰元整")]
    [InlineData("1005.60", "壹仟零伍元陆角")]
    [InlineData("0", "零元整")]
    [InlineData("0.05", "伍分")]
    [InlineData("0.56", "伍角陆分")]
    [InlineData("1.05", "壹元零伍分")]
    [InlineData("10", "壹拾元整")]
    [InlineData("10.50", "壹拾元伍角")]
    [InlineData("100000", "壹拾万元整")]
    [InlineData("100010", "壹拾万零壹拾元整")]
    [InlineData("1000005", "壹佰万零伍元整")]
    [InlineData("1010101.01", "壹佰零壹万零壹佰零壹元零壹分")]
    [InlineData("100000001", "壹亿零壹元整")]
    [InlineData("120000000", "壹亿贰仟万元整")]
    [InlineData("100020003", "壹亿零贰万零叁元整")]
    [InlineData("9999999999999999.99", "玖仟玖佰玖拾玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")]
    public void Writes_amounts_in_capitals_as_a_bank_form_does(string figures, string capitals) =>
        Assert.Equal(capitals, ChineseAmount.Capitals(decimal.Parse(figures, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("-1")]
    [InlineData("0.001")]
    [InlineData("10000000000000000")]
    public void Refuses_what_no_notice_should_print(string figures) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseAmount.Capitals(decimal.Parse(figures, System.Globalization.CultureInfo.InvariantCulture)));
}
