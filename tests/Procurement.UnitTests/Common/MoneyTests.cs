using Procurement.Core.Common;

namespace Procurement.UnitTests.Common;

public class MoneyTests
{
    [Theory]
    [InlineData("12.34", true)]
    [InlineData("12.3", true)]
    [InlineData("12", true)]
    [InlineData("12.345", false)]
    [InlineData("0.001", false)]
    public void Amounts_have_at_most_two_decimals(string amount, bool ok) =>
        Assert.Equal(ok, Money.HasAtMostTwoDecimals(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Rounds_half_away_from_zero_like_invoices() => Assert.Equal(0.13m, Money.Round(0.125m));

    [Fact]
    public void Converts_to_and_from_fen() => Assert.Equal((12345L, 123.45m), (Money.ToFen(123.45m), Money.FromFen(12345)));
}

/// <summary>How amounts read on finance's pages (issue #21): −¥362.10, thousands separated, rounded as invoices round.</summary>
public class MoneyDisplayTests
{
    [Theory]
    [InlineData("-362.10", "\u2212¥362.10")]
    [InlineData("1234567.5", "¥1,234,567.50")]
    [InlineData("-899100", "\u2212¥899,100.00")]
    [InlineData("0", "¥0.00")]
    [InlineData("-0.004", "¥0.00")]
    [InlineData("0.125", "¥0.13")]
    [InlineData("-0.125", "\u2212¥0.13")]
    [InlineData("999.995", "¥1,000.00")]
    public void Amounts_read_as_accounting_writes_them(string amount, string shown) =>
        Assert.Equal(shown, Money.Display(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_minus_sign_comes_before_the_currency_symbol_in_every_language()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "zh-CN", "en", "de-DE" })
            {
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
                Assert.Equal("\u2212¥1,234.50", Money.Display(-1234.5m));
            }
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void No_amount_is_a_dash_and_a_signed_difference_says_plus()
    {
        Assert.Equal("—", Money.Display((decimal?)null));
        Assert.Equal("+¥5.00", Money.DisplaySigned(5m));
        Assert.Equal("\u2212¥40.00", Money.DisplaySigned(-40m));
        Assert.Equal("¥0.00", Money.DisplaySigned(0m));
    }
}
