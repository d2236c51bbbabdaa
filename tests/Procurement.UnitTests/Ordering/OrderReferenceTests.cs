using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Ordering;

/// <summary>The union's own reference on an order (审批单号 / 经费科目, #22): at most 64 characters, trimmed, blank is none.</summary>
public sealed class OrderReferenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static OrderLine Line(int quantity) => new(Guid.NewGuid(), "BH-500", Guid.NewGuid(), "兰州百合", Guid.NewGuid(), quantity, 30.00m);

    private static OrderRequest Request(string? reference) =>
        new() { Occasion = "MidAutumn", Reference = reference, Lines = [new OrderLineRequest { SkuId = Guid.NewGuid(), Quantity = 1 }] };

    [Fact]
    public void Sixty_five_characters_are_refused_naming_the_reference()
    {
        var result = new OrderRequestValidator().Validate(Request(new string('经', 65)));
        var error = Assert.Single(result.Errors);
        Assert.Equal("reference", error.PropertyName);
        Assert.Contains("64", error.ErrorMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GH-2026-031")]
    public void No_reference_or_a_short_one_is_accepted(string? reference) =>
        Assert.True(new OrderRequestValidator().Validate(Request(reference)).IsValid);

    [Fact]
    public void Sixty_four_characters_with_spaces_around_them_are_accepted_as_trimmed()
    {
        var reference = "  " + new string('x', 64) + "\t ";
        Assert.True(new OrderRequestValidator().Validate(Request(reference)).IsValid);
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), OrderNumber.Format(new DateOnly(2026, 12, 2), 1), Occasion.MidAutumn, null, [Line(2)], Now, reference);
        Assert.Equal(new string('x', 64), order.Reference);
    }

    [Fact]
    public void A_draft_revision_sets_the_reference_and_blank_clears_it()
    {
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), OrderNumber.Format(new DateOnly(2026, 12, 2), 1), Occasion.MidAutumn, null, [Line(2)], Now, " 审批 12 ");
        Assert.Equal("审批 12", order.Reference);
        Assert.True(order.Revise([Line(2)], null, dropRecipients: false, reference: " 经费科目 2310301 ").Succeeded);
        Assert.Equal("经费科目 2310301", order.Reference);
        Assert.True(order.Revise([Line(2)], null, dropRecipients: false, reference: "   ").Succeeded);
        Assert.Null(order.Reference);
    }
}
