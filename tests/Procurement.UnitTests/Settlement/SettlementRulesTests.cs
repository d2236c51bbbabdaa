using Procurement.Core.Settlement;

namespace Procurement.UnitTests.Settlement;

/// <summary>Settlement's rules: Beijing months, booking to the next open month, and a statement's arithmetic.</summary>
public sealed class SettlementRulesTests
{
    [Theory]
    [InlineData("2026-11-30T15:59:59Z", 202611)]
    [InlineData("2026-11-30T16:00:00Z", 202612)]
    [InlineData("2026-12-31T16:30:00Z", 202701)]
    public void A_month_is_the_Beijing_calendar_month(string utc, int month) =>
        Assert.Equal(month, SettlementMonth.Of(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)).Key);

    [Fact]
    public void A_fact_dated_in_a_settled_month_counts_in_the_next_open_one()
    {
        var at = DateTimeOffset.Parse("2026-11-20T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(202611, SettlementMonth.BookingKey(at, new HashSet<int>()));
        Assert.Equal(202612, SettlementMonth.BookingKey(at, new HashSet<int> { 202611 }));
        Assert.Equal(202701, SettlementMonth.BookingKey(at, new HashSet<int> { 202611, 202612 }));
    }

    [Fact]
    public void The_fee_is_the_rate_of_the_delivered_value_to_the_fen_and_what_is_due_is_the_rest_after_refunds()
    {
        var statement = SupplierStatement.Compute(Guid.NewGuid(), "合作社", new SettlementMonth(2026, 11), 3, 1234.56m, 100m, 0.03m);
        Assert.Equal((37.04m, 1097.52m), (statement.Fee, statement.AmountDue));
    }

    [Theory]
    [InlineData("2026-11", 202611)]
    [InlineData(" 2026-01 ", 202601)]
    public void Months_are_read_as_yyyy_MM(string text, int key)
    {
        Assert.True(SettlementMonth.TryParse(text, out var month));
        Assert.Equal(key, month.Key);
        Assert.Equal(text.Trim(), month.ToString());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("November")]
    [InlineData("2026-11-01")]
    [InlineData(null)]
    public void Anything_else_is_not_a_month(string? text) => Assert.False(SettlementMonth.TryParse(text, out _));
}
