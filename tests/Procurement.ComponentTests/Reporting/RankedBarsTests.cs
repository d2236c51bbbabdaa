using Bunit;
using Procurement.Web.Components.Reporting;

namespace Procurement.ComponentTests.Reporting;

/// <summary>The report's ranked bars (counties, channels) and its on-track chip.</summary>
public class RankedBarsTests : ComponentTestContext
{
    private static readonly IReadOnlyList<(string Key, string Label, decimal Amount)> Counties =
        [("621221", "成县", 360m), ("621126", "岷县", 90m), ("620702", "甘州区", 0m)];

    [Fact]
    public void Each_bar_is_as_wide_as_its_share_of_the_largest_and_names_its_amount()
    {
        var bars = Render<RankedBars>(p => p.Add(x => x.Rows, Counties).Add(x => x.Label, "按甘肃产地区县"));

        Assert.Equal(["width: 100%", "width: 25%", "width: 0%"], bars.FindAll(".ranked-bar-fill").Select(f => f.GetAttribute("style")));
        Assert.Contains("¥360.00", bars.Find("[data-key='621221']").TextContent);
        Assert.Equal("按甘肃产地区县", bars.Find(".ranked-bars").GetAttribute("aria-label"));
        Assert.Empty(bars.FindAll("button"));
    }

    [Fact]
    public void With_a_pick_each_label_is_a_button_that_names_its_key()
    {
        string? picked = null;
        var bars = Render<RankedBars>(p => p.Add(x => x.Rows, Counties).Add(x => x.Label, "counties").Add(x => x.OnPick, (string key) => picked = key));

        bars.FindAll("button.ranked-bar-button")[1].Click();

        Assert.Equal("621126", picked);
    }

    [Theory]
    [InlineData(true, "达标", "mud-chip-color-success")]
    [InlineData(false, "落后", "mud-chip-color-warning")]
    public void The_chip_says_whether_a_union_is_on_track(bool onTrack, string text, string colour)
    {
        var chip = Render<OnTrackChip>(p => p.Add(x => x.OnTrack, onTrack));

        Assert.Contains(text, chip.Markup);
        Assert.Contains(colour, chip.Markup);
    }
}
