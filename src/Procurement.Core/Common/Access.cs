using Procurement.Core.Users;

namespace Procurement.Core.Common;

/// <summary>
/// What someone may do. Roles grant capabilities here and nowhere else: use cases ask <see cref="Access.Refuse"/>,
/// the API's policies and the pages' <c>[Authorize]</c> are made from the same capabilities, so who may act is
/// decided once. Which rows they reach is tenancy's business (the DbContext's filters), not this table's.
/// </summary>
public enum Capability
{
    /// <summary>Build, submit, cancel, pay and reorder the union's orders; the purchase list; reporting a parcel's problem. 采购</summary>
    Purchase,

    /// <summary>Approve or reject the union's orders (never one's own: the order says so).</summary>
    Approve,

    /// <summary>The union's own books: its budget and dashboard.</summary>
    ReadUnion,

    /// <summary>List orders: the union's own, or every union's for admins.</summary>
    ListOrders,

    /// <summary>Open one order with its recipients, payments, refunds, parcels and cases.</summary>
    ReadOrder,

    /// <summary>Read every union's money and every partner's accounts: payments, refunds, settlements, statements, reconciliations.</summary>
    FinanceRead,

    /// <summary>Book money: confirm transfers, record and retry refunds, settle months, upload statements, resolve differences. A person's act, signed by their id.</summary>
    FinanceWrite,

    /// <summary>A supplier's own work: listings, stock, parcels, after-sales, its statements.</summary>
    Supply,

    /// <summary>Run the platform: suppliers, unions, users, listing review, the search index, jobs.</summary>
    Administer,

    /// <summary>Work no person asks for: pulled statements, scheduled runs.</summary>
    RunJobs,
}

public static class Access
{
    /// <summary>
    /// Which role holds which capability. Admins hold no finance write: the operator who onboards suppliers and
    /// approves listings does not also book money (segregation of duties, 不相容职务分离); they read finance's books.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<Capability>> ByRole = new Dictionary<string, IReadOnlySet<Capability>>
    {
        [Roles.Admin] = new HashSet<Capability> { Capability.ListOrders, Capability.ReadOrder, Capability.FinanceRead, Capability.Administer },
        [Roles.Purchaser] = new HashSet<Capability> { Capability.Purchase, Capability.ReadUnion, Capability.ListOrders, Capability.ReadOrder },
        [Roles.Approver] = new HashSet<Capability> { Capability.Purchase, Capability.Approve, Capability.ReadUnion, Capability.ListOrders, Capability.ReadOrder },
        [Roles.Finance] = new HashSet<Capability> { Capability.ReadOrder, Capability.FinanceRead, Capability.FinanceWrite },
        [Roles.Supplier] = new HashSet<Capability> { Capability.Supply },
    };

    /// <summary>The system identity reads and runs; it never acts for a union or a supplier, and books no money as a person.</summary>
    public static readonly IReadOnlySet<Capability> OfSystem = new HashSet<Capability>
    {
        Capability.ListOrders, Capability.ReadOrder, Capability.FinanceRead, Capability.Administer, Capability.RunJobs,
    };

    /// <summary>Whether the caller holds <paramref name="capability"/>: by role, and for a tenant's work only with its tenant.</summary>
    public static bool Can(this ICurrentUser user, Capability capability)
    {
        if (user.IsSystem)
        {
            return OfSystem.Contains(capability);
        }
        if (user.UserId is null || user.Role is not { } role || !ByRole.TryGetValue(role, out var held) || !held.Contains(capability))
        {
            return false;
        }
        return capability switch
        {
            Capability.Purchase or Capability.Approve or Capability.ReadUnion => user.UnionId is not null,
            Capability.Supply => user.SupplierId is not null,
            _ => !Roles.BelongsToUnion(role) || user.UnionId is not null,
        };
    }

    /// <summary>Whether the caller holds any of <paramref name="capabilities"/>.</summary>
    public static bool CanAny(this ICurrentUser user, params ReadOnlySpan<Capability> capabilities)
    {
        foreach (var capability in capabilities)
        {
            if (user.Can(capability))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Null when the caller holds any of <paramref name="capabilities"/>; else the first one's refusal (403).</summary>
    public static Error? Refuse(this ICurrentUser user, params ReadOnlySpan<Capability> capabilities) =>
        user.CanAny(capabilities) ? null : Refusal(capabilities[0]);

    /// <summary>One message per capability.</summary>
    public static Error Refusal(Capability capability) => new(ErrorKind.Forbidden, capability switch
    {
        Capability.Purchase => Texts.Pick("只有工会采购员或审批人可以进行此操作。", "Only a union's purchaser or approver can do this."),
        Capability.Approve => Texts.Pick("只有工会审批人可以审批订单。", "Only a union approver can decide on orders."),
        Capability.ReadUnion => Texts.Pick("只有工会账号可以查看本工会的预算和看板。", "Only union accounts see their union's budget and dashboard."),
        Capability.ListOrders => Texts.Pick("无权查看订单列表。", "You cannot list orders."),
        Capability.ReadOrder => Texts.Pick("无权查看订单。", "You cannot see orders."),
        Capability.FinanceRead => Texts.Pick("只有财务可以查看。", "Only finance can see this."),
        Capability.FinanceWrite => Texts.Pick("只有财务人员可以进行此操作。", "Only a finance clerk can do this."),
        Capability.Supply => Texts.Pick("只有供应商账号可以进行此操作。", "Only supplier accounts can do this."),
        Capability.Administer => Texts.Pick("只有运营管理员可以进行此操作。", "Only an administrator can do this."),
        Capability.RunJobs => Texts.Pick("只有系统任务可以进行此操作。", "Only the platform's jobs can do this."),
        _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, null),
    });
}
