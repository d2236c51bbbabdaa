using System.Globalization;
using Bunit;
using Procurement.Web.Components.Shared;

namespace Procurement.ComponentTests.Shared;

/// <summary>A product tile says how much can still be ordered, so a buyer of 3,000 packages sees it before opening the product.</summary>
public class ProductTileTests : ComponentTestContext
{
    private IRenderedComponent<ProductTile> Tile(int? available) => Render<ProductTile>(p => p
        .Add(x => x.ProductId, Guid.NewGuid())
        .Add(x => x.Name, "兰州百合 鲜百合")
        .Add(x => x.Origin, "兰州市 · 七里河区")
        .Add(x => x.MinPrice, 39.9m)
        .Add(x => x.Available, available));

    [Fact]
    public void Availability_reads_with_thousands_separators() =>
        Assert.Equal("可供 3,200 份", Tile(3200).Find(".tile-available").TextContent.Trim());

    [Fact]
    public void None_left_says_out_of_stock() =>
        Assert.Equal("缺货", Tile(0).Find(".tile-available.none").TextContent.Trim());

    [Fact]
    public void A_caller_that_does_not_know_the_stock_shows_no_line() => Assert.Empty(Tile(null).FindAll(".tile-available"));

    [Fact]
    public void In_english_too()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        Assert.Equal("12,000 available", Tile(12_000).Find(".tile-available").TextContent.Trim());
    }
}
