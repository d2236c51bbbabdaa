using Procurement.Core.Reporting;

namespace Procurement.UnitTests.Reporting;

public sealed class ReportFiguresTests
{
    private static readonly Guid Union = Guid.NewGuid();
    private static readonly DateOnly Day = new(2026, 6, 30);

    [Fact]
    public void A_whole_order_counts_its_goods_by_county_and_certification_and_itself_once_on_its_largest_row()
    {
        var deltas = ReportFigures.Whole(Union, Day, ReportChannels.Platform,
            [new("621221", true, 10_000), new("621126", false, 5_000), new("621221", true, 10_000), new("621126", false, 30_000)], members: 12, sign: 1);

        Assert.Equal(2, deltas.Count);
        var certified = deltas.Single(d => d.Key.Assisted);
        var plain = deltas.Single(d => !d.Key.Assisted);
        Assert.Equal((20_000L, 0, 0), (certified.AmountFen, certified.Orders, certified.Members));
        Assert.Equal((35_000L, 1, 12), (plain.AmountFen, plain.Orders, plain.Members));
    }

    [Fact]
    public void Taking_an_order_back_is_exactly_the_negative_of_counting_it()
    {
        FigureLine[] lines = [new("621221", true, 7), new("", false, 7)];
        var counted = ReportFigures.Whole(Union, Day, "P832", lines, 1, 1);
        var taken = ReportFigures.Whole(Union, Day, "P832", lines, 1, -1);

        Assert.All(ReportFigures.Sum(counted.Concat(taken)), d => Assert.Equal((0L, 0, 0), (d.AmountFen, d.Orders, d.Members)));
    }

    [Theory]
    [InlineData(4_000L, new long[] { 10_000, 0 }, new long[] { 4_000, 0 })]
    [InlineData(100L, new long[] { 1, 1, 1 }, new long[] { 34, 33, 33 })]
    [InlineData(1L, new long[] { 5_000, 5_000 }, new long[] { 1, 0 })]
    [InlineData(9_999L, new long[] { 3_333, 6_667 }, new long[] { 3_333, 6_666 })]
    public void A_refunded_amount_is_spread_in_proportion_and_adds_up_to_the_fen(long amount, long[] weights, long[] expected)
    {
        var parts = ReportFigures.Allocate(amount, weights.Select((w, i) => new FigureLine($"62{i:D4}", false, w)).ToList());

        Assert.Equal(expected, parts.Select(p => p.AmountFen));
        Assert.Equal(amount, parts.Sum(p => p.AmountFen));
    }
}
