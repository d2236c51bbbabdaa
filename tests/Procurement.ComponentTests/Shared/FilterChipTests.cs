using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using Procurement.Web.Components.Shared;

namespace Procurement.ComponentTests.Shared;

/// <summary>A filter's chosen chip cannot be misread (issue #21): filled with a check, the others outlined and without one.</summary>
public class FilterChipTests : ComponentTestContext
{
    private IRenderedComponent<MudChipSet<string>> Filters(string active) => Render<MudChipSet<string>>(p => p
        .Add(x => x.SelectionMode, SelectionMode.SingleSelection)
        .Add(x => x.SelectedValue, active)
        .Add(x => x.ChildContent, builder =>
        {
            foreach (var value in new[] { "Pending", "Shipped", "All" })
            {
                builder.OpenComponent<FilterChip<string>>(0);
                builder.SetKey(value);
                builder.AddAttribute(1, nameof(FilterChip<string>.Value), value);
                builder.AddAttribute(2, nameof(FilterChip<string>.Active), value == active);
                builder.AddAttribute(3, nameof(FilterChip<string>.ChildContent), (Microsoft.AspNetCore.Components.RenderFragment)(b => b.AddContent(0, value)));
                builder.CloseComponent();
            }
        }));

    private static IElement Chip(IRenderedComponent<MudChipSet<string>> set, string text) =>
        set.FindAll(".filter-chip").Single(c => c.TextContent.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void The_chosen_chip_is_filled_with_a_check_and_the_others_outlined()
    {
        var set = Filters("Shipped");
        var chosen = Chip(set, "Shipped");
        Assert.Contains("mud-chip-filled", chosen.ClassList);
        Assert.Contains("filter-chip-active", chosen.ClassList);
        Assert.Equal("true", chosen.GetAttribute("aria-pressed"));
        Assert.NotNull(chosen.QuerySelector("svg"));
        foreach (var other in new[] { "Pending", "All" })
        {
            var chip = Chip(set, other);
            Assert.Contains("mud-chip-outlined", chip.ClassList);
            Assert.DoesNotContain("mud-chip-filled", chip.ClassList);
            Assert.Equal("false", chip.GetAttribute("aria-pressed"));
            Assert.Null(chip.QuerySelector("svg"));
        }
    }

    [Fact]
    public void Choosing_another_moves_the_fill_and_the_check()
    {
        var set = Filters("Pending");
        Assert.Contains("mud-chip-filled", Chip(set, "Pending").ClassList);
        set = Filters("All");
        Assert.Contains("mud-chip-filled", Chip(set, "All").ClassList);
        Assert.Contains("mud-chip-outlined", Chip(set, "Pending").ClassList);
    }
}

/// <summary>An amount reads as accounting writes it and stays on one line (issue #21).</summary>
public class MoneyTextTests : ComponentTestContext
{
    [Theory]
    [InlineData("-362.10", "\u2212¥362.10")]
    [InlineData("1234567.8", "¥1,234,567.80")]
    [InlineData("0", "¥0.00")]
    public void An_amount_reads_with_its_sign_before_the_symbol_and_does_not_wrap(string amount, string shown)
    {
        var money = Render<MoneyText>(p => p.Add(x => x.Amount, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
        var span = money.Find("span.money");
        Assert.Equal(shown, span.TextContent);
        Assert.Contains("white-space: nowrap", span.GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_amount_is_a_dash() => Assert.Equal("—", Render<MoneyText>(p => p.Add(x => x.Amount, null)).Find("span.money").TextContent);
}
