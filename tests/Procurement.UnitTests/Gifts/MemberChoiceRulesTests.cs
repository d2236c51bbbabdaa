using Procurement.Core.Common;
using Procurement.Core.Gifts;
using Procurement.Core.Ordering;

namespace Procurement.UnitTests.Gifts;

/// <summary>A choice order's own rules (#24): its value, what it allows, when its choices are open and close; and the codes.</summary>
public sealed class MemberChoiceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Now.AddDays(10);
    private static readonly Guid Purchaser = Guid.NewGuid();

    private static OrderLine Line(int perPackage, decimal unitPrice, string code) =>
        new(Guid.NewGuid(), code, Guid.NewGuid(), "礼盒", Guid.NewGuid(), perPackage, unitPrice);

    private static Order Choice() => Order.ForChoice(Guid.NewGuid(), Purchaser, OrderNumber.Format(new DateOnly(2026, 9, 1), 1), Occasion.MidAutumn, null,
        [
            new OrderOption(0, "兰州百合礼盒", [Line(1, 120.00m, "BH")]),
            new OrderOption(1, " 静宁苹果 + 花椒 ", [Line(1, 60.00m, "PG"), Line(1, 39.50m, "HJ")]),
            new OrderOption(2, "牦牛肉干组合", [Line(2, 39.50m, "NR")]),
        ], defaultOption: 1, Deadline, Now);

    [Fact]
    public void The_per_member_value_is_the_highest_options_and_the_total_follows_the_packages()
    {
        var order = Choice();
        Assert.Equal(OrderMode.Choice, order.Mode);
        Assert.Equal(120.00m, order.PackageValue);
        Assert.Equal([120.00m, 99.50m, 79.00m], order.Options.Select(o => o.PackageValue));
        Assert.Equal("静宁苹果 + 花椒", order.Options[1].Name);
        Assert.Empty(order.Lines);

        var plan = order.PackInto(packages: 5, recipients: 4);

        Assert.True(plan.Succeeded);
        Assert.Equal(120.00m, plan.Value!.PackageValue);
        Assert.Equal(600.00m, order.Total);
    }

    [Fact]
    public void A_choice_order_is_neither_revised_nor_reordered()
    {
        var order = Choice();
        order.PackInto(4, 4);
        var user = new Caller(Purchaser, Procurement.Core.Users.Roles.Purchaser);

        Assert.Equal(ErrorKind.InvalidState, order.Revise([Line(1, 1m, "X")], null, dropRecipients: false).Error!.Kind);
        var allowed = order.AllowedActions(user);
        Assert.DoesNotContain(OrderAction.EditLines, allowed);
        Assert.DoesNotContain(OrderAction.Reorder, allowed);
        Assert.Contains(OrderAction.EditRecipients, allowed);
        Assert.Contains(OrderAction.Submit, allowed);
    }

    [Fact]
    public void Choices_are_open_only_while_paid_before_the_deadline_and_close_once()
    {
        var order = Choice();
        order.PackInto(4, 4);
        Assert.False(order.ChoicesOpen(Now));
        Assert.Null(order.Submit(approvalThreshold: 1_000_000m, Purchaser, Now));
        Assert.Null(order.Pay(null, Now, "paid"));

        Assert.True(order.ChoicesOpen(Deadline.AddTicks(-1)));
        Assert.False(order.ChoicesDue(Deadline.AddTicks(-1)));
        Assert.False(order.ChoicesOpen(Deadline));
        Assert.True(order.ChoicesDue(Deadline));
        Assert.Equal(ErrorKind.InvalidState, order.CloseChoices([], Deadline.AddTicks(-1))!.Kind);

        var chosen = new[] { Line(3, 120.00m, "BH") };
        Assert.Null(order.CloseChoices(chosen, Deadline));
        Assert.Equal(chosen, order.Lines);
        Assert.Equal(480.00m, order.Total);
        Assert.False(order.ChoicesDue(Deadline.AddDays(1)));
        Assert.NotNull(order.CloseChoices(chosen, Deadline.AddDays(1)));
        // Closed: the parcels are made, so the order is not refunded whole.
        Assert.Equal(ErrorKind.InvalidState, order.Refund(null, Deadline, "退款")!.Kind);
    }

    private sealed record Caller(Guid? UserId, string? Role) : ICurrentUser
    {
        public Guid? UnionId => Guid.NewGuid();
        public Guid? SupplierId => null;
        public bool IsSystem => false;
    }

    [Fact]
    public void Codes_are_sixteen_unambiguous_characters_and_are_read_forgivingly()
    {
        var codes = GiftCodes.New(10_000);
        Assert.Equal(10_000, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{16}$", c));
        // Every character of the alphabet turns up: the draw is not skewed to a few.
        Assert.Equal(GiftCodes.Alphabet.Length, codes.SelectMany(c => c).Distinct().Count());

        var code = codes[0];
        Assert.Equal(code, GiftCodes.Normalize(code.ToLowerInvariant()));
        Assert.Equal(code, GiftCodes.Normalize($"{code[..4]}-{code[4..8]} {code[8..]}"));
        // Malformed input becomes a same-length string no code can be (0 is not in the alphabet): the lookup's path is the same.
        Assert.Equal(new string('0', 16), GiftCodes.Normalize("not-a-code"));
        Assert.Equal(new string('0', 16), GiftCodes.Normalize(code + "2"));
        Assert.Equal(new string('0', 16), GiftCodes.Normalize(code.Replace(code[0], 'O')));
        Assert.Equal(new string('0', 16), GiftCodes.Normalize(null));
    }
}
