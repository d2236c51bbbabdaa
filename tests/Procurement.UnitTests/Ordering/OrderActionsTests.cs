using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.UnitTests.Ordering;

/// <summary>
/// What an order allows whom, read back as a table of states × callers, and checked against the verbs themselves:
/// an action is allowed exactly when the capability its endpoint asks and the order's verb both let it happen.
/// </summary>
public sealed class OrderActionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid UnionId = Guid.NewGuid();
    private static readonly Guid Creator = Guid.NewGuid();

    private sealed record Caller(Guid? UserId, string? Role, Guid? UnionId, Guid? SupplierId, bool IsSystem = false) : ICurrentUser;

    /// <summary>Who asks: the column of <see cref="Table"/> each one reads.</summary>
    private static readonly (string Name, ICurrentUser User, Func<Row, string> Column)[] Callers =
    [
        ("the purchaser who created it", new Caller(Creator, Roles.Purchaser, UnionId, null), r => r.Purchaser),
        ("another purchaser of the union", new Caller(Guid.NewGuid(), Roles.Purchaser, UnionId, null), r => r.Purchaser),
        ("an approver who created it", new Caller(Creator, Roles.Approver, UnionId, null), r => r.Purchaser),
        ("an approver who did not", new Caller(Guid.NewGuid(), Roles.Approver, UnionId, null), r => r.Approver),
        ("an admin", new Caller(Guid.NewGuid(), Roles.Admin, null, null), r => r.Reader),
        ("finance", new Caller(Guid.NewGuid(), Roles.Finance, null, null), r => r.Reader),
        ("the system", SystemUser.Instance, r => r.Reader),
        ("a supplier", new Caller(Guid.NewGuid(), Roles.Supplier, null, Guid.NewGuid()), _ => ""),
    ];

    /// <param name="Purchaser">Any purchaser of the union, and an approver on an order they created.</param>
    /// <param name="Approver">An approver on an order someone else created.</param>
    /// <param name="Reader">Admins, finance and the system, who read orders and act on none here. Suppliers see nothing.</param>
    public sealed record Row(string State, string Purchaser, string Approver, string Reader);

    private static readonly Row[] Table =
    [
        new("Draft, no recipients", "editRecipients editLines cancel reorder requestInvoice", "editRecipients editLines cancel reorder requestInvoice", ""),
        new("Draft", "editRecipients editLines submit cancel reorder export requestInvoice", "editRecipients editLines submit cancel reorder export requestInvoice", "export"),
        new("PendingApproval", "cancel reorder export requestInvoice", "approve reject cancel reorder export requestInvoice", "export"),
        new("Approved", "cancel pay reorder export requestInvoice", "cancel pay reorder export requestInvoice", "export"),
        new("Paid", "refund reorder export requestInvoice", "refund reorder export requestInvoice", "export"),
        new("Shipping", "confirmDelivery reportProblem reorder export requestInvoice", "confirmDelivery reportProblem reorder export requestInvoice", "export"),
        new("Delivered", "confirmDelivery reportProblem complete reorder export accept requestInvoice", "confirmDelivery reportProblem complete reorder export accept requestInvoice", "export"),
        new("Completed", "confirmDelivery reportProblem reorder export accept", "confirmDelivery reportProblem reorder export accept", "export"),
        // Mended and resubmitted as itself (#21), or given up.
        new("Rejected", "editRecipients editLines submit cancel reorder export requestInvoice", "editRecipients editLines submit cancel reorder export requestInvoice", "export"),
        new("Cancelled", "reorder export", "reorder export", "export"),
        new("Refunded", "reorder export", "reorder export", "export"),
    ];

    private static OrderLine Line() => new(Guid.NewGuid(), "BH-500", Guid.NewGuid(), "兰州百合", Guid.NewGuid(), 10, 39.90m);

    /// <summary>A fresh order of <see cref="Creator"/>'s in the named state, moved there by its own verbs.</summary>
    private static Order In(string state)
    {
        var order = new Order(UnionId, Creator, OrderNumber.Format(new DateOnly(2026, 12, 2), 1), Occasion.MidAutumn, null, [Line()], Now);
        if (state == "Draft, no recipients")
        {
            return order;
        }
        Assert.True(order.PackInto(5, 5).Succeeded);
        var approver = Guid.NewGuid();
        var steps = state switch
        {
            "Draft" => [],
            "PendingApproval" => ["submit"],
            "Approved" => ["submit", "approve"],
            "Paid" => ["submit", "approve", "pay"],
            "Shipping" => ["submit", "approve", "pay", "ship"],
            "Delivered" => ["submit", "approve", "pay", "ship", "deliver"],
            "Completed" => ["submit", "approve", "pay", "ship", "deliver", "complete"],
            "Rejected" => ["submit", "reject"],
            "Cancelled" => ["cancel"],
            "Refunded" => ["submit", "approve", "pay", "refund"],
            _ => new[] { $"unknown state {state}" },
        };
        foreach (var step in steps)
        {
            switch (step)
            {
                case "submit": Assert.Null(order.Submit(0m, Creator, Now)); break;
                case "approve": Assert.Null(order.Approve(approver, Now)); break;
                case "reject": Assert.Null(order.Reject(approver, "超出预算", Now)); break;
                case "pay": Assert.Null(order.Pay(null, Now, "对公转账已到账")); break;
                case "ship": order.Follow(new ShipmentCounts(4, 1, 0), null, Now); break;
                case "deliver": order.Follow(new ShipmentCounts(0, 0, 5), null, Now); break;
                case "complete": Assert.Null(order.Complete(Creator, Now, null)); break;
                case "cancel": Assert.Null(order.Cancel(Creator, null, Now)); break;
                case "refund": Assert.Null(order.Refund(Creator, Now, "全额退款")); break;
                default: Assert.Fail(step); break;
            }
        }
        Assert.Equal(state, order.Status.ToString());
        return order;
    }

    public static TheoryData<string> States => new(Table.Select(r => r.State));

    [Theory]
    [MemberData(nameof(States))]
    public void Each_caller_may_do_what_the_table_says(string state)
    {
        var row = Table.Single(r => r.State == state);
        var order = In(state);
        foreach (var (name, user, column) in Callers)
        {
            var expected = column(row).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var allowed = order.AllowedActions(user).Select(a => a.ToName()).ToArray();
            Assert.True(expected.SequenceEqual(allowed), $"{state}, {name}: expected [{string.Join(' ', expected)}], got [{string.Join(' ', allowed)}]");
        }
    }

    [Fact]
    public void The_table_covers_every_state()
    {
        Assert.Equal(Enum.GetValues<OrderStatus>().Select(s => s.ToString()).Order(), Table.Select(r => In(r.State).Status.ToString()).Distinct().Order());
    }

    /// <summary>The capability each action's endpoint asks (<c>RequireCapability</c> in the API, <c>Refuse</c> in the use case).</summary>
    private static Capability Needs(OrderAction action) => action switch
    {
        OrderAction.Approve or OrderAction.Reject => Capability.Approve,
        OrderAction.Export => Capability.ReadOrder,
        _ => Capability.Purchase,
    };

    /// <summary>
    /// What the use case would do, on a copy of the order in that state: the caller's capability first, then the
    /// order's verb with good input (a reason, recipients that divide the lines), so only state or rights can refuse.
    /// Actions on parcels, reorder and export have no verb of the order's: null.
    /// </summary>
    private static Error? Attempt(OrderAction action, Order order, ICurrentUser user)
    {
        if (user.Refuse(Needs(action)) is { } refused)
        {
            return refused;
        }
        var by = user.UserId!.Value;
        return action switch
        {
            OrderAction.EditRecipients => order.PackInto(5, 5).Error,
            OrderAction.EditLines => order.Revise([Line()], "改为每份两件", dropRecipients: false).Error,
            OrderAction.Submit => order.Submit(0m, by, Now),
            OrderAction.Approve => order.Approve(by, Now),
            OrderAction.Reject => order.Reject(by, "超出预算", Now),
            OrderAction.Cancel => order.Cancel(by, null, Now),
            OrderAction.Refund => order.Refund(by, Now, "全额退款"),
            OrderAction.Pay => order.Pay(by, Now, "对公转账已到账"),
            OrderAction.Complete => order.Complete(by, Now, null),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no verb of the order's"),
        };
    }

    private static readonly OrderAction[] Verbs =
    [
        OrderAction.EditRecipients, OrderAction.EditLines, OrderAction.Submit, OrderAction.Approve, OrderAction.Reject, OrderAction.Cancel, OrderAction.Refund,
        OrderAction.Pay, OrderAction.Complete,
    ];

    [Fact]
    public void An_action_is_allowed_exactly_when_its_verb_would_not_refuse_it()
    {
        var checkedCases = 0;
        foreach (var row in Table)
        {
            foreach (var (name, user, _) in Callers)
            {
                var allowed = In(row.State).AllowedActions(user);
                foreach (var action in Verbs)
                {
                    var order = In(row.State);
                    var before = order.Status;
                    var refusal = Attempt(action, order, user);
                    Assert.True(refusal is null == allowed.Contains(action),
                        $"{row.State}, {name}, {action}: listed {allowed.Contains(action)}, but the verb {(refusal is null ? "went through" : $"refused: {refusal.Detail}")}");
                    if (refusal is null)
                    {
                        Assert.True(order.Status != before || action is OrderAction.EditRecipients or OrderAction.EditLines, $"{row.State}, {name}, {action}: nothing moved");
                    }
                    else
                    {
                        // Good input throughout: a refusal is the state's or the caller's, never the input's.
                        Assert.Contains(refusal.Kind, new[] { ErrorKind.InvalidState, ErrorKind.Forbidden });
                        Assert.Equal(before, order.Status);
                    }
                    checkedCases++;
                }
            }
        }
        Assert.Equal(Table.Length * Callers.Length * Verbs.Length, checkedCases);
    }

    [Fact]
    public void Actions_without_a_verb_of_the_order_follow_the_capability_and_the_order()
    {
        foreach (var row in Table)
        {
            var order = In(row.State);
            foreach (var (name, user, _) in Callers)
            {
                var allowed = order.AllowedActions(user);
                var purchases = user.Can(Capability.Purchase);
                Assert.True(allowed.Contains(OrderAction.Reorder) == purchases, $"{row.State}, {name}: reorder");
                Assert.True(allowed.Contains(OrderAction.Export) == (user.Can(Capability.ReadOrder) && order.RecipientCount > 0), $"{row.State}, {name}: export");
                // Parcels are confirmed and reported once they have left (and then the order is no longer refunded whole).
                var parcelsOut = purchases && order.Status is OrderStatus.Shipping or OrderStatus.Delivered or OrderStatus.Completed;
                Assert.True(allowed.Contains(OrderAction.ConfirmDelivery) == parcelsOut, $"{row.State}, {name}: confirmDelivery");
                Assert.True(allowed.Contains(OrderAction.ReportProblem) == parcelsOut, $"{row.State}, {name}: reportProblem");
            }
        }
    }

    [Fact]
    public void Actions_are_named_in_camel_case_in_the_order_the_api_lists_them()
    {
        Assert.Equal(
            ["editRecipients", "editLines", "submit", "approve", "reject", "cancel", "refund", "pay", "confirmDelivery", "reportProblem", "complete", "reorder", "export", "accept", "requestInvoice"],
            OrderActions.All.Select(a => a.ToName()));
    }

    [Fact]
    public void The_details_carry_the_callers_actions()
    {
        var order = In("PendingApproval");
        var approver = Callers.Single(c => c.Name == "an approver who did not").User;
        var details = order.ToDetails(new Dictionary<Guid, string>(), TimeSpan.FromHours(48), approver);
        Assert.Equal(["approve", "reject", "cancel", "reorder", "export", "requestInvoice"], details.AllowedActions);
        Assert.True(details.Allows(OrderAction.Approve));
        Assert.False(order.ToDetails(new Dictionary<Guid, string>(), TimeSpan.FromHours(48), Callers[0].User).Allows(OrderAction.Approve));
    }

    [Theory]
    [InlineData(OrderStatus.Draft, OrderStatus.PendingApproval, 100, 900)]
    [InlineData(OrderStatus.Draft, OrderStatus.Approved, 100, 900)]
    [InlineData(OrderStatus.PendingApproval, OrderStatus.Approved, 0, 1000)]
    [InlineData(OrderStatus.PendingApproval, OrderStatus.Rejected, -100, 1100)]
    [InlineData(OrderStatus.Approved, OrderStatus.Cancelled, -100, 1100)]
    [InlineData(OrderStatus.Paid, OrderStatus.Refunded, -100, 1100)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Completed, 0, 1000)]
    [InlineData(OrderStatus.Draft, OrderStatus.Cancelled, 0, 1000)]
    public void A_budget_follows_an_order_that_moves(OrderStatus from, OrderStatus to, int committedChange, int remaining)
    {
        var before = new BudgetPosition(2026, 5000m, 4000m, 1000m, 1800m, 0m);
        var after = before.After(100m, from, to);
        Assert.Equal((4000m + committedChange, (decimal)remaining), (after.Committed, after.Remaining));
        Assert.Equal(before.Budget, after.Budget);
    }
}
