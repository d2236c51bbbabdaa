using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>
/// A union's spend for the dashboard, through the union filter. Amounts are summed here rather than in SQL: SQLite
/// has no exact decimal arithmetic, and a union's year is at most a few hundred orders.
/// </summary>
public sealed class UnionSpend(ProcurementDbContext db) : IUnionSpend
{
    public async Task<SpendFacts> SpendAsync(Guid unionId, int year, decimal nearCapFrom, int nearCapTop, CancellationToken cancellationToken)
    {
        OrderStatus[] counted = [.. Enum.GetValues<OrderStatus>().Where(s => s.CountsAsSpend())];
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.UnionId == unionId && o.BudgetYear == year && counted.Contains(o.Status))
            .Select(o => new { o.Occasion, o.Total, Lines = o.Lines.Select(l => new { l.OriginCityCode, l.Certified, l.UnitPrice, l.Quantity }).ToList() })
            .ToListAsync(cancellationToken);
        var fromFen = Money.ToFen(nearCapFrom);
        var near = await db.MemberWelfareUsages.AsNoTracking()
            .Where(m => m.UnionId == unionId && m.Year == year && m.UsedFen >= fromFen && m.UsedFen > 0)
            .OrderByDescending(m => m.UsedFen).ThenBy(m => m.Mobile).Take(nearCapTop)
            .ToListAsync(cancellationToken);
        var mobiles = near.Select(m => m.Mobile).ToList();
        var names = await db.Recipients.AsNoTracking().Where(r => r.UnionId == unionId && mobiles.Contains(r.Mobile))
            .Select(r => new { r.Mobile, r.Name }).ToListAsync(cancellationToken);
        var served = await db.MemberWelfareUsages.AsNoTracking().CountAsync(m => m.UnionId == unionId && m.Year == year && m.UsedFen > 0, cancellationToken);
        return new SpendFacts(
            orders.Select(o => new OrderSpend(o.Occasion, o.Total, o.Lines.Select(l => new LineSpend(l.OriginCityCode, l.Certified, Money.Round(l.UnitPrice * l.Quantity))).ToList())).ToList(),
            near.Select(m => new MemberUsage(m.Mobile, names.FirstOrDefault(n => n.Mobile == m.Mobile)?.Name, Money.FromFen(m.UsedFen))).ToList(),
            served);
    }
}
