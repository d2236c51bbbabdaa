using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Ordering;

/// <summary>Drafts stay editable and a rejected order is mended and resubmitted as itself (#21): the order's own rules.</summary>
public sealed class OrderRevisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Purchaser = Guid.NewGuid();
    private static readonly Guid Approver = Guid.NewGuid();

    private static OrderLine Line(int quantity, decimal unitPrice = 30.00m, string code = "BH-500", bool certified = false) =>
        new(Guid.NewGuid(), code, Guid.NewGuid(), "兰州百合", Guid.NewGuid(), quantity, unitPrice, Certified: certified);

    private static Order Packed(int packages, params OrderLine[] lines)
    {
        var order = new Order(Guid.NewGuid(), Purchaser, OrderNumber.Format(new DateOnly(2026, 12, 2), 1), Occasion.MidAutumn, null, lines, Now);
        Assert.True(order.PackInto(packages, packages).Succeeded);
        return order;
    }

    [Fact]
    public void A_draft_takes_new_lines_and_keeps_its_recipients_when_the_package_still_divides()
    {
        var order = Packed(100, Line(100), Line(200, 10.00m, "HN-1"));
        var version = order.Version;

        var revised = order.Revise([Line(300), Line(100, 12.50m, "JG-2")], "  只发在职职工 ", dropRecipients: false);

        Assert.True(revised.Succeeded);
        Assert.Equal(0, revised.Value!.RecipientsDropped);
        Assert.Equal((100, 100), (order.PackageCount, order.RecipientCount));
        Assert.Equal(9_000.00m + 1_250.00m, order.Total);
        Assert.Equal(3 * 30.00m + 12.50m, order.PackageValue);
        Assert.Equal("只发在职职工", order.Note);
        Assert.Equal(OrderStatus.Draft, order.Status);
        Assert.True(order.Version > version);
    }

    [Fact]
    public void Lines_that_no_longer_divide_are_refused_naming_them_until_dropping_the_recipients_is_confirmed()
    {
        var order = Packed(100, Line(100));

        var refused = order.Revise([Line(100), Line(150, code: "HN-1")], null, dropRecipients: false);
        Assert.Equal(ErrorKind.Validation, refused.Error?.Kind);
        Assert.Equal(["lines[1].quantity"], refused.Error!.Fields!.Keys);
        Assert.Equal(100, refused.Error.Data!["recipientsWouldBeDropped"]);
        Assert.Single(order.Lines);
        Assert.Equal(3_000.00m, order.Total);

        var dropped = order.Revise([Line(100), Line(150, code: "HN-1")], null, dropRecipients: true);
        Assert.Equal(100, dropped.Value!.RecipientsDropped);
        Assert.Equal((0, 0, 0m), (order.PackageCount, order.RecipientCount, order.PackageValue));
        Assert.Equal(7_500.00m, order.Total);
        // Without recipients it cannot be submitted until they are uploaded again.
        Assert.Equal(ErrorKind.InvalidState, order.Submit(0m, Purchaser, Now)?.Kind);
    }

    [Fact]
    public void An_order_needs_a_line()
    {
        var order = Packed(10, Line(10));
        Assert.Equal("lines", order.Revise([], null, false).Error!.Fields!.Keys.Single());
    }

    [Fact]
    public void A_rejected_order_is_mended_and_resubmitted_as_the_same_order()
    {
        var order = Packed(100, Line(100));
        Assert.Null(order.Submit(0m, Purchaser, Now));
        Assert.Null(order.Reject(Approver, "数量超出实际人数", Now.AddHours(1)));
        var number = order.Number;

        Assert.True(order.Revise([Line(200)], "改为每人两盒", dropRecipients: false).Succeeded);
        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Contains(OrderAction.Submit, order.AllowedActions(new Caller(Purchaser, Procurement.Core.Users.Roles.Purchaser)));

        Assert.Null(order.Submit(0m, Purchaser, Now.AddHours(2)));
        Assert.Equal(OrderStatus.PendingApproval, order.Status);
        Assert.Equal(number, order.Number);
        Assert.Equal(Now.AddHours(2), order.SubmittedAt);
        Assert.Equal([(OrderStatus.Draft, OrderStatus.PendingApproval), (OrderStatus.PendingApproval, OrderStatus.Rejected), (OrderStatus.Rejected, OrderStatus.PendingApproval)],
            order.Timeline.Select(t => (t.From, t.To)));
        Assert.Equal("数量超出实际人数", order.Timeline[1].Reason);
        // Four eyes still hold on the second round, and the approver decides it.
        Assert.Equal(ErrorKind.Forbidden, order.Approve(Purchaser, Now.AddHours(3))?.Kind);
        Assert.Null(order.Approve(Approver, Now.AddHours(3)));
    }

    [Theory]
    [InlineData("PendingApproval")]
    [InlineData("Approved")]
    [InlineData("Cancelled")]
    public void Lines_of_an_order_past_its_draft_are_not_changed(string state)
    {
        var order = Packed(10, Line(10));
        switch (state)
        {
            case "PendingApproval": order.Submit(0m, Purchaser, Now); break;
            case "Approved": order.Submit(0m, Purchaser, Now); order.Approve(Approver, Now); break;
            case "Cancelled": order.Cancel(Purchaser, null, Now); break;
        }
        var refused = order.Revise([Line(20)], null, dropRecipients: true);
        Assert.Equal(ErrorKind.InvalidState, refused.Error?.Kind);
        Assert.Equal(10, order.Lines.Single().Quantity);
        Assert.Equal(ErrorKind.InvalidState, order.PackInto(5, 5).Error?.Kind);
    }

    [Fact]
    public void A_rejected_order_may_be_given_up()
    {
        var order = Packed(10, Line(10));
        order.Submit(0m, Purchaser, Now);
        order.Reject(Approver, "不需要了", Now);
        Assert.Null(order.Cancel(Purchaser, null, Now));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(ErrorKind.InvalidState, order.Submit(0m, Purchaser, Now)?.Kind);
    }

    private sealed record Caller(Guid? UserId, string? Role) : ICurrentUser
    {
        public Guid? UnionId => Guid.NewGuid();
        public Guid? SupplierId => null;
        public bool IsSystem => false;
    }
}
