using Procurement.Core.Users;

namespace Procurement.UnitTests.Users;

public class UserRequestValidatorTests
{
    private static readonly UserRequestValidator _validator = new();

    private static UserRequest Purchaser() => new()
    {
        Email = "wang@zijin.example.cn",
        Password = "Caigou2026",
        DisplayName = "王采购",
        Role = Roles.Purchaser,
        UnionId = Guid.NewGuid(),
    };

    [Fact]
    public void A_purchaser_with_a_union_passes() => Assert.True(_validator.Validate(Purchaser()).IsValid);

    [Fact]
    public void A_purchaser_needs_a_union()
    {
        var request = Purchaser();
        request.UnionId = null;
        Assert.Equal(["UnionId"], _validator.Validate(request).Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public void A_supplier_user_needs_a_supplier_and_no_union()
    {
        var request = Purchaser();
        request.Role = Roles.Supplier;
        var fields = _validator.Validate(request).Errors.Select(e => e.PropertyName).ToHashSet();
        Assert.Equal(new HashSet<string> { "UnionId", "SupplierId" }, fields);
    }

    [Fact]
    public void Unknown_roles_are_refused()
    {
        var request = Purchaser();
        request.Role = "Root";
        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == "Role");
    }
}
