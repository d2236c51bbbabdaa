using Procurement.Core.Unions;

namespace Procurement.UnitTests.Unions;

public class UnionRequestValidatorTests
{
    private static readonly UnionRequestValidator _validator = new();

    private static UnionRequest Valid() => new()
    {
        Name = "南京紫金软件有限公司工会",
        Uscc = "91350100M000100Y43",
        ProvinceCode = "320000",
        MemberCount = 1200,
        AnnualCapPerMember = 1800m,
        ApprovalThreshold = 20000m,
        Budgets = [new() { Year = 2026, Amount = 1_200_000m }],
    };

    [Fact]
    public void A_complete_union_passes() => Assert.True(_validator.Validate(Valid()).IsValid);

    [Fact]
    public void The_cap_may_not_have_three_decimals()
    {
        var request = Valid();
        request.AnnualCapPerMember = 1800.001m;
        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == nameof(UnionRequest.AnnualCapPerMember));
    }

    [Fact]
    public void A_year_may_have_one_budget_only()
    {
        var request = Valid();
        request.Budgets.Add(new BudgetRequest { Year = 2026, Amount = 5m });
        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == nameof(UnionRequest.Budgets));
    }

    [Fact]
    public void Budget_rows_are_named_by_index()
    {
        var request = Valid();
        request.Budgets.Add(new BudgetRequest { Year = 2027, Amount = -1m });
        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == "Budgets[1].Amount");
    }

    [Theory]
    [InlineData("320100")] // a city
    [InlineData("990000")]
    public void The_province_must_be_a_province(string code)
    {
        var request = Valid();
        request.ProvinceCode = code;
        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == nameof(UnionRequest.ProvinceCode));
    }
}
