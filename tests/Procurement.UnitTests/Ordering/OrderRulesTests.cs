using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Ordering;

/// <summary>Ordering's rules without a database: pricing, packages, numbers, and the order's own transitions.</summary>
public sealed class OrderRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Purchaser = Guid.NewGuid();
    private static readonly Guid Approver = Guid.NewGuid();

    private static Sku Lily() => new("BH-500", "500g", 39.90m, 1000, 10, [new TierPrice(100, 36.00m), new TierPrice(500, 33.50m)]);

    private static OrderLine Line(int quantity, decimal unitPrice = 39.90m, string code = "BH-500") =>
        new(Guid.NewGuid(), code, Guid.NewGuid(), "兰州百合", Guid.NewGuid(), quantity, unitPrice);

    private static Order Draft(params OrderLine[] lines) =>
        new(Guid.NewGuid(), Purchaser, OrderNumber.Format(new DateOnly(2026, 12, 2), 1), Occasion.MidAutumn, " 中秋慰问 ", lines, Now);

    [Theory]
    [InlineData(10, 39.90)]
    [InlineData(99, 39.90)]
    [InlineData(100, 36.00)]
    [InlineData(499, 36.00)]
    [InlineData(500, 33.50)]
    public void A_line_is_priced_at_the_tier_its_whole_quantity_reaches(int quantity, double unit)
    {
        var line = OrderLine.Price(Lily(), "兰州百合", quantity, "lines[0].quantity");
        Assert.True(line.Succeeded);
        Assert.Equal((decimal)unit, line.Value!.UnitPrice);
        Assert.Equal(Money.Round((decimal)unit * quantity), line.Value.Amount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(9)]
    public void Quantities_below_one_or_the_minimum_are_refused_naming_the_line(int quantity)
    {
        var line = OrderLine.Price(Lily(), "兰州百合", quantity, "lines[2].quantity");
        Assert.Equal(ErrorKind.Validation, line.Error?.Kind);
        Assert.True(line.Error!.Fields!.ContainsKey("lines[2].quantity"));
    }

    [Fact]
    public void Lines_divide_into_packages_and_a_package_is_worth_its_share()
    {
        var plan = PackagePlan.Of([Line(300, 36.00m), Line(600, 12.50m, "HN-1")], 300);
        Assert.True(plan.Succeeded);
        Assert.Equal([1, 2], plan.Value!.Contents.Select(c => c.PerPackage));
        Assert.Equal(61.00m, plan.Value.PackageValue);
    }

    [Fact]
    public void Lines_that_do_not_divide_are_named()
    {
        var plan = PackagePlan.Of([Line(300), Line(301, code: "HN-1")], 300);
        Assert.Equal(["lines[1].quantity"], plan.Error!.Fields!.Keys);
        Assert.Equal(ErrorKind.Validation, PackagePlan.Of([Line(300)], 0).Error?.Kind);
    }

    [Fact]
    public void Order_numbers_read_as_the_beijing_date_and_a_sequence()
    {
        var number = OrderNumber.Format(new DateOnly(2026, 12, 2), 123);
        Assert.Equal("LP20261202-000123", number);
        Assert.True(OrderNumber.TryParse(" lp20261202-000123 ", out var date, out var sequence));
        Assert.Equal((new DateOnly(2026, 12, 2), 123), (date, sequence));
        Assert.False(OrderNumber.TryParse("LP20261302-000123", out _, out _));
        Assert.False(OrderNumber.TryParse("LP20261202-000000", out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderNumber.Format(new DateOnly(2026, 12, 2), 1_000_000));
    }

    [Fact]
    public void An_order_reaching_the_threshold_waits_for_an_approver_other_than_its_creator()
    {
        var order = Draft(Line(300, 36.00m));
        Assert.Equal(ErrorKind.InvalidState, order.Submit(0m, Purchaser, Now)?.Kind); // no recipients yet
        Assert.True(order.PackInto(300, 300).Succeeded);

        Assert.Null(order.Submit(10_000m, Purchaser, Now));
        Assert.Equal(OrderStatus.PendingApproval, order.Status);
        Assert.Equal(ErrorKind.Forbidden, order.Approve(Purchaser, Now)?.Kind);
        Assert.Null(order.Approve(Approver, Now.AddHours(1)));
        Assert.Equal(OrderStatus.Approved, order.Status);
        Assert.Equal(ErrorKind.InvalidState, order.Approve(Approver, Now)?.Kind);
        Assert.Equal(
            [(OrderStatus.Draft, OrderStatus.PendingApproval, (Guid?)Purchaser), (OrderStatus.PendingApproval, OrderStatus.Approved, Approver)],
            order.Timeline.Select(t => (t.From, t.To, t.By)));
        Assert.Equal("中秋慰问", order.Note);
    }

    [Fact]
    public void An_order_below_the_threshold_is_approved_on_submit()
    {
        var order = Draft(Line(10, 39.90m));
        order.PackInto(10, 10);
        Assert.Null(order.Submit(1_000m, Purchaser, Now));
        Assert.Equal(OrderStatus.Approved, order.Status);
        Assert.True(order.ReservationExpired(Now.AddHours(48), TimeSpan.FromHours(48)));
        Assert.False(order.ReservationExpired(Now.AddHours(47), TimeSpan.FromHours(48)));
    }

    [Fact]
    public void Rejecting_needs_a_reason_and_ends_the_reservation()
    {
        var order = Draft(Line(10));
        order.PackInto(5, 5);
        order.Submit(0m, Purchaser, Now);
        Assert.True(order.Status.HoldsReservation());
        Assert.Equal(ErrorKind.Validation, order.Reject(Approver, "  ", Now)?.Kind);
        Assert.Null(order.Reject(Approver, " 超出预算 ", Now));
        Assert.Equal((OrderStatus.Rejected, "超出预算"), (order.Status, order.Timeline[^1].Reason));
        Assert.False(order.Status.HoldsReservation());
        Assert.False(order.Status.CountsAsSpend());
        // A rejected order is mended and resubmitted as itself, or given up (#21; OrderRevisionTests).
        Assert.True(order.PackInto(5, 5).Succeeded);
        Assert.Null(order.Cancel(Purchaser, null, Now));
        Assert.Equal(ErrorKind.InvalidState, order.PackInto(5, 5).Error?.Kind);
    }
}
