using Procurement.Core.Suppliers;

namespace Procurement.UnitTests.Suppliers;

public class SupplierRequestValidatorTests
{
    private static readonly SupplierRequestValidator _validator = new();

    private static SupplierRequest Valid() => new()
    {
        Name = "岷县当归种植专业合作社",
        Uscc = "91350100M000100Y43",
        CountyCode = "621126",
        ContactName = "后永强",
        ContactPhone = "13909320031",
    };

    [Fact]
    public void A_complete_gansu_supplier_passes() => Assert.True(_validator.Validate(Valid()).IsValid);

    [Theory]
    [InlineData(nameof(SupplierRequest.Uscc), "91350100M000100Y44")]
    [InlineData(nameof(SupplierRequest.CountyCode), "320102")]
    [InlineData(nameof(SupplierRequest.CountyCode), "620100")]
    [InlineData(nameof(SupplierRequest.ContactPhone), "2345678901")]
    [InlineData(nameof(SupplierRequest.Name), "")]
    public void Each_bad_field_is_named(string field, string value)
    {
        var request = Valid();
        typeof(SupplierRequest).GetProperty(field)!.SetValue(request, value);
        var result = _validator.Validate(request);
        Assert.Equal([field], result.Errors.Select(e => e.PropertyName).Distinct());
    }
}
