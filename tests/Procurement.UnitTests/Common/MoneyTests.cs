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
