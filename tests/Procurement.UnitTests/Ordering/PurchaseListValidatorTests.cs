using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Ordering;

public class PurchaseListValidatorTests
{
    private const string Message = "The quantity per package must be a whole number from 1 to 10,000,000.";
    private static readonly Guid Sku = Guid.NewGuid();

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("3.0")]
    [InlineData("10000000")]
    public void Adding_a_whole_number_per_package_passes(string? perPackage) =>
        Assert.Empty(FieldErrors.Of(new PurchaseListItemRequestValidator(), new PurchaseListItemRequest(Sku, Parse(perPackage))));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("10000001")]
    public void Adding_anything_else_names_per_package(string perPackage) =>
        FieldErrors.AssertOnly(FieldErrors.Of(new PurchaseListItemRequestValidator(), new PurchaseListItemRequest(Sku, Parse(perPackage))), "perPackage", Message);

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    public void Setting_zero_or_a_whole_number_passes(string perPackage) =>
        Assert.Empty(FieldErrors.Of(new PerPackageRequestValidator(), new PerPackageRequest(Parse(perPackage))));

    [Theory]
    [InlineData(null)]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("10000001")]
    public void Setting_anything_else_names_per_package(string? perPackage) =>
        FieldErrors.AssertOnly(FieldErrors.Of(new PerPackageRequestValidator(), new PerPackageRequest(Parse(perPackage))), "perPackage", Message);

    private static decimal? Parse(string? text) => text is null ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
