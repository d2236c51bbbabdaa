using Procurement.Core.Catalog.Listings;

namespace Procurement.UnitTests.Catalog.Listings;

public sealed class ProductRequestValidatorTests
{
    private readonly ProductRequestValidator _validator = new();

    private static ProductRequest Valid() => new()
    {
        Name = "岷县当归",
        CategoryCode = "herbal",
        CountyCode = "621126",
        Description = "<p>道地药材</p>",
        Certificate = new CertificateRequest { Number = "GS-1", Issuer = "认定中心", ValidFrom = new DateOnly(2026, 1, 1), ValidTo = new DateOnly(2026, 12, 31) },
        Skus =
        [
            new SkuRequest { Code = "DG-250", Spec = "250g", Price = 45m, Stock = 100, MinOrderQuantity = 1, TierPrices = [new() { MinQuantity = 20, Price = 42m }] },
            new SkuRequest { Code = "DG-500", Spec = "500g", Price = 85m, Stock = 50, MinOrderQuantity = 1 },
        ],
    };

    private IEnumerable<string> Fields(ProductRequest request) => _validator.Validate(request).Errors.Select(e => e.PropertyName);

    [Fact]
    public void A_complete_listing_passes() => Assert.Empty(Fields(Valid()));

    [Fact]
    public void Sku_codes_are_unique_within_the_listing_ignoring_case()
    {
        var request = Valid();
        request.Skus[1].Code = "dg-250";
        Assert.Contains("Skus[1].Code", Fields(request));
    }

    [Fact]
    public void A_county_outside_gansu_is_refused()
    {
        var request = Valid();
        request.CountyCode = "320102";
        Assert.Contains("CountyCode", Fields(request));
    }

    [Fact]
    public void A_certificate_may_end_on_its_first_day_but_not_before()
    {
        var request = Valid();
        request.Certificate!.ValidTo = request.Certificate.ValidFrom;
        Assert.Empty(Fields(request));
        request.Certificate.ValidTo = request.Certificate.ValidFrom.AddDays(-1);
        Assert.Contains("Certificate.ValidTo", Fields(request));
    }

    [Theory]
    [InlineData("DG 250")]
    [InlineData("当归-1")]
    [InlineData("-DG")]
    public void Sku_codes_are_plain_ascii_keys(string code)
    {
        var request = Valid();
        request.Skus[0].Code = code;
        Assert.Contains("Skus[0].Code", Fields(request));
    }

    [Fact]
    public void Tier_problems_are_named_by_their_position()
    {
        var request = Valid();
        request.Skus[0].TierPrices = [new() { MinQuantity = 20, Price = 42m }, new() { MinQuantity = 10, Price = 43m }];
        Assert.Equal(["Skus[0].TierPrices[1].MinQuantity", "Skus[0].TierPrices[1].Price"], Fields(request).Order());
    }
}
