using Bunit;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Web.Components.SupplierPortal;

namespace Procurement.ComponentTests.Catalog;

public class ProductFormTests : ComponentTestContext
{
    private static ProductRequest Listing() => new()
    {
        Name = "岷县当归",
        CategoryCode = "herbal",
        CountyCode = "621126",
        Skus =
        [
            new SkuRequest { Code = "DG-250", Spec = "250g", Price = 45m, Stock = 100, MinOrderQuantity = 1, TierPrices = [new() { MinQuantity = 20, Price = 42m }] },
        ],
    };

    [Fact]
    public void Skus_and_tiers_can_be_added_and_removed()
    {
        var model = Listing();
        var form = Render<ProductForm>(p => p.Add(x => x.Model, model));

        form.Find("#sku-add").Click();
        Assert.Equal(2, model.Skus.Count);
        Assert.Equal(2, form.FindAll(".sku-row").Count);

        form.FindAll(".sku-row")[0].QuerySelector(".tier-add button, button.tier-add")!.Click();
        // A new tier doubles the last quantity and starts at its price, so the rules hold until the supplier edits it.
        Assert.Equal((40, 42m), (model.Skus[0].TierPrices[1].MinQuantity, model.Skus[0].TierPrices[1].Price));

        form.FindAll(".sku-row")[1].QuerySelectorAll("button").Last().Click();
        Assert.Single(model.Skus);
    }

    [Fact]
    public void The_certificate_fields_appear_with_the_switch()
    {
        var model = Listing();
        var form = Render<ProductForm>(p => p.Add(x => x.Model, model));
        Assert.Empty(form.FindAll("#certificate-number"));

        form.Find("#product-has-certificate").Change(true);

        Assert.NotNull(model.Certificate);
        Assert.True(model.Certificate!.ValidTo > model.Certificate.ValidFrom);
        Assert.NotEmpty(form.FindAll("#certificate-number"));
    }

    [Fact]
    public void The_servers_field_errors_are_shown_beside_their_fields()
    {
        var error = Error.Invalid(new Dictionary<string, string[]>
        {
            ["skus[0].tierPrices[0].price"] = ["阶梯价不能高于单价。"],
            ["countyCode"] = ["产地须为甘肃省的区县（62xxxx）。"],
        });
        var form = Render<ProductForm>(p => p.Add(x => x.Model, Listing()).Add(x => x.ServerError, error));

        var tier = form.Find(".tier-row");
        Assert.Contains("阶梯价不能高于单价。", tier.TextContent, StringComparison.Ordinal);
        // Beside the county field and again in the summary.
        Assert.Equal(2, form.Markup.Split("产地须为甘肃省的区县").Length - 1);
        Assert.Contains("阶梯价不能高于单价。", form.Find("#server-errors").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_hands_the_model_to_the_page()
    {
        ProductRequest? submitted = null;
        var form = Render<ProductForm>(p => p.Add(x => x.Model, Listing()).Add(x => x.OnSubmit, (ProductRequest r) => submitted = r));

        form.Find("#product-save").Click();

        form.WaitForAssertion(() => Assert.Equal("DG-250", submitted?.Skus[0].Code));
    }
}
