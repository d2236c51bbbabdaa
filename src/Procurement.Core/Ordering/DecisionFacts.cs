using Procurement.Core.Common;
using Procurement.Core.Unions;

namespace Procurement.Core.Ordering;

/// <summary>One member of the order near or over the per-member cap: what they had before this order and what it adds.</summary>
/// <param name="Mobile">Masked (<c>138****8000</c>).</param>
public sealed record MemberCapPosition(string Mobile, string Name, int Packages, decimal UsedBefore, decimal ThisOrder, decimal Cap)
{
    public decimal UsedAfter => UsedBefore + ThisOrder;
}

/// <summary>Another order of the union awaiting a decision that shares members with this one.</summary>
public sealed record OtherPendingOrder(Guid Id, string Number, int SharedMembers);

/// <summary>A member also in another pending order (masked mobile), named with that order's number.</summary>
public sealed record SharedMember(string Mobile, string Name, string OtherOrderNumber);

/// <summary>
/// What an approver weighs before deciding on an order. The budget is shown without this order and after it
/// (<see cref="AvailableBefore"/> never already subtracts the order being decided), each member's cap position the
/// same way (those at or above <see cref="NearCapFrom"/> listed, the first <see cref="DecisionFacts.MaxListed"/>),
/// the 帮扶 share of the order, the purchaser's note, and members who are also in another pending order.
/// </summary>
public sealed record DecisionFactsView(
    Guid OrderId, string Number, string Status, decimal Total, string? Note, int Year,
    decimal Budget, decimal AvailableBefore, decimal AvailableAfter,
    decimal AnnualCapPerMember, decimal NearCapFrom, int MembersNearCap, int MembersOverCap, IReadOnlyList<MemberCapPosition> NearCap,
    decimal CertifiedAmount, decimal CertifiedShare,
    int MembersInOtherPending, IReadOnlyList<OtherPendingOrder> OtherPending, IReadOnlyList<SharedMember> SharedMembers);

/// <summary>A recipient's cap position as the store reads it, in 分, unmasked.</summary>
public sealed record CapRow(int Row, string Mobile, string Name, int Packages, long UsedBeforeFen, long UsedAfterFen);

/// <summary>What the store reads for the facts, set-based: a count and the first rows of each list.</summary>
public sealed record CapRows(int AtOrAbove, int Over, IReadOnlyList<CapRow> Rows);

public sealed record SharedRows(int Members, IReadOnlyList<OtherPendingOrder> Orders, IReadOnlyList<SharedMember> Sample);

/// <summary>The decision facts' queries, each one statement over the order's recipients (an order may have 20,000).</summary>
public interface IDecisionFactsStore
{
    /// <summary>
    /// The order's recipients whose year usage without this order (<paramref name="heldValueFen"/> per package already
    /// counted in, taken out again) plus this order's <paramref name="valueFen"/> per package reaches <paramref name="fromFen"/>.
    /// </summary>
    Task<CapRows> CapPositionsAsync(Guid orderId, Guid unionId, int year, long heldValueFen, long valueFen, long fromFen, long capFen, int top,
        CancellationToken cancellationToken);

    /// <summary>The order's members (mobiles) who are also recipients of another of the union's orders awaiting approval.</summary>
    Task<SharedRows> SharedWithPendingAsync(Guid orderId, int top, CancellationToken cancellationToken);
}

/// <summary>The approver's read of one order's decision facts (<c>GET /api/v1/orders/{id}/decision-facts</c>, the order page, the queue).</summary>
public sealed class DecisionFacts(IOrderStore store, IDecisionFactsStore facts, IUnionStore unions, ICurrentUser user, TimeProvider clock)
{
    /// <summary>How many members near the cap, and how many shared members, are listed by name.</summary>
    public const int MaxListed = 20;

    public async Task<Result<DecisionFactsView>> ForOrderAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Approve) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order || await unions.FindAsync(order.UnionId, cancellationToken) is not { } union)
        {
            return Error.NotFound();
        }
        var year = order.BudgetYear ?? BusinessDate.Year(clock);
        // An order that holds its reservation is already in the counters: "before" takes it out again, "after" is what they hold.
        var held = order.Status.HoldsReservation();
        var budget = union.BudgetFor(year) ?? 0m;
        var committed = await store.CommittedAsync(order.UnionId, year, cancellationToken);
        var before = budget - committed + (held ? order.Total : 0m);

        var valueFen = Money.ToFen(order.PackageValue);
        var capFen = Money.ToFen(union.AnnualCapPerMember);
        var nearFrom = Money.Round(union.AnnualCapPerMember * UnionDashboard.NearCapShare);
        var caps = order.PackageCount == 0
            ? new CapRows(0, 0, [])
            : await facts.CapPositionsAsync(order.Id, order.UnionId, year, held ? valueFen : 0, valueFen, Money.ToFen(nearFrom), capFen, MaxListed, cancellationToken);
        var shared = order.PackageCount == 0 ? new SharedRows(0, [], []) : await facts.SharedWithPendingAsync(order.Id, MaxListed, cancellationToken);

        var certified = order.Lines.Where(l => l.Certified).Sum(l => l.Amount);
        return new DecisionFactsView(order.Id, order.Number, order.Status.ToString(), order.Total, order.Note, year,
            budget, before, before - order.Total,
            union.AnnualCapPerMember, nearFrom, caps.AtOrAbove, caps.Over,
            caps.Rows.Select(r => new MemberCapPosition(UnionDashboard.Mask(r.Mobile), r.Name, r.Packages, Money.FromFen(r.UsedBeforeFen),
                Money.FromFen(r.UsedAfterFen - r.UsedBeforeFen), union.AnnualCapPerMember)).ToList(),
            certified, order.Total == 0 ? 0m : Math.Round(certified / order.Total, 4),
            shared.Members, shared.Orders, shared.Sample.Select(m => m with { Mobile = UnionDashboard.Mask(m.Mobile) }).ToList());
    }
}
