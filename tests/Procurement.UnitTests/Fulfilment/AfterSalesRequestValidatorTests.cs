using Procurement.Core.Fulfilment;

namespace Procurement.UnitTests.Fulfilment;

public class AfterSalesRequestValidatorTests
{
    private static readonly AfterSalesRequestValidator _report = new();
    private static readonly AfterSalesDecisionValidator _decision = new();

    [Theory]
    [InlineData("Damaged")]
    [InlineData("Lost")]
    public void A_report_of_a_parcel_with_a_kind_and_description_passes(string kind) =>
        Assert.Empty(FieldErrors.Of(_report, new AfterSalesRequest(7, kind, null, "箱子压坏了，两盒花牛苹果破损")));

    [Fact]
    public void The_parcel_is_required() =>
        FieldErrors.AssertOnly(FieldErrors.Of(_report, new AfterSalesRequest(null, "Lost", 1, "没收到")), "shipmentId", "Choose the parcel.");

    [Theory]
    [InlineData(null)]
    [InlineData("damaged")]
    [InlineData("2")]
    [InlineData("Broken")]
    public void The_kind_is_named_exactly(string? kind) =>
        FieldErrors.AssertOnly(FieldErrors.Of(_report, new AfterSalesRequest(7, kind, 1, "没收到")), "kind", "The kind must be Damaged or Lost.");

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData(501)]
    public void The_description_is_required_and_at_most_500_characters(object? description) =>
        FieldErrors.AssertOnly(FieldErrors.Of(_report, new AfterSalesRequest(7, "Lost", 1, description is int n ? new string('x', n) : (string?)description)),
            "description", "Describe the problem (1–500 characters).");

    [Fact]
    public void A_decision_note_is_optional_and_at_most_500_characters()
    {
        Assert.Empty(FieldErrors.Of(_decision, new AfterSalesDecision(null)));
        Assert.Empty(FieldErrors.Of(_decision, new AfterSalesDecision(new string('x', 500))));
        FieldErrors.AssertOnly(FieldErrors.Of(_decision, new AfterSalesDecision(new string('x', 501))), "note", "The note may have at most 500 characters.");
    }
}
