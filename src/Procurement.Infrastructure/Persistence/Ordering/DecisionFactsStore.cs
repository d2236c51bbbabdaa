using Microsoft.EntityFrameworkCore;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>
/// The approver's facts as set-based queries over the order's recipients, through the union filter: each list is a
/// count and its first rows, so 20,000 recipients cost a few statements, never a row each. The cap join follows the
/// usage counters' key (union, year, mobile); the shared-members join follows recipients' (union, mobile) index.
/// </summary>
public sealed class DecisionFactsStore(ProcurementDbContext db) : IDecisionFactsStore
{
    public async Task<CapRows> CapPositionsAsync(Guid orderId, Guid unionId, int year, long heldValueFen, long valueFen, long fromFen, long capFen, int top,
        CancellationToken cancellationToken)
    {
        var positions =
            from r in db.Recipients.AsNoTracking()
            where r.OrderId == orderId
            join m in db.MemberWelfareUsages.AsNoTracking().Where(m => m.UnionId == unionId && m.Year == year) on r.Mobile equals m.Mobile into usage
            from m in usage.DefaultIfEmpty()
            select new
            {
                r.Row,
                r.Mobile,
                r.Name,
                r.Packages,
                Before = (m == null ? 0L : m.UsedFen) - r.Packages * heldValueFen,
                After = (m == null ? 0L : m.UsedFen) - r.Packages * heldValueFen + r.Packages * valueFen,
            };
        var near = positions.Where(p => p.After >= fromFen);
        var atOrAbove = await near.CountAsync(cancellationToken);
        if (atOrAbove == 0)
        {
            return new CapRows(0, 0, []);
        }
        var over = await near.CountAsync(p => p.After > capFen, cancellationToken);
        var rows = await near.OrderByDescending(p => p.After).ThenBy(p => p.Row).Take(top)
            .Select(p => new CapRow(p.Row, p.Mobile, p.Name, p.Packages, p.Before, p.After)).ToListAsync(cancellationToken);
        return new CapRows(atOrAbove, over, rows);
    }

    public async Task<SharedRows> SharedWithPendingAsync(Guid orderId, int top, CancellationToken cancellationToken)
    {
        var shared =
            from r in db.Recipients.AsNoTracking()
            where r.OrderId == orderId
            join other in db.Recipients.AsNoTracking() on new { r.UnionId, r.Mobile } equals new { other.UnionId, other.Mobile }
            join o in db.Orders.AsNoTracking() on other.OrderId equals o.Id
            where other.OrderId != orderId && o.Status == OrderStatus.PendingApproval
            select new { r.Row, r.Mobile, r.Name, o.Id, o.Number };
        var members = await shared.Select(s => s.Mobile).Distinct().CountAsync(cancellationToken);
        if (members == 0)
        {
            return new SharedRows(0, [], []);
        }
        var orders = await shared.GroupBy(s => new { s.Id, s.Number })
            .Select(g => new { g.Key.Id, g.Key.Number, Members = g.Count() })
            .OrderByDescending(g => g.Members).ThenBy(g => g.Number).Take(top).ToListAsync(cancellationToken);
        var sample = await shared.OrderBy(s => s.Row).ThenBy(s => s.Number).Take(top)
            .Select(s => new { s.Mobile, s.Name, s.Number }).ToListAsync(cancellationToken);
        return new SharedRows(members,
            orders.Select(o => new OtherPendingOrder(o.Id, o.Number, o.Members)).ToList(),
            sample.Select(s => new SharedMember(s.Mobile, s.Name, s.Number)).ToList());
    }
}
