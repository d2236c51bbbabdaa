using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence.Payments;

/// <summary>A payment or a refund with what its lists show beside it, in a shape EF can filter and sort on.</summary>
internal sealed class OrderRow<T>
{
    public required T Item { get; init; }
    public required string OrderNumber { get; init; }
    public string? UnionName { get; init; }
}

/// <summary>
/// What the payments and refunds lists share: each row joined to its order's number and its union's name (a left join:
/// the union may be out of the caller's sight), and one page of such rows.
/// </summary>
internal static class OrderRows
{
    public static IQueryable<OrderRow<T>> Of<T>(ProcurementDbContext db, IQueryable<T> items, Expression<Func<T, Guid>> orderId)
    {
        var numbered = items.Join(db.Orders, orderId, o => o.Id, (item, o) => new { Item = item, o.Number, o.UnionId });
        return from x in numbered
               join u in db.Unions on x.UnionId equals u.Id into unions
               from u in unions.DefaultIfEmpty()
               select new OrderRow<T> { Item = x.Item, OrderNumber = x.Number, UnionName = u.Name };
    }

    /// <summary>Rows whose order number or union name holds <paramref name="q"/> (order numbers are upper case).</summary>
    public static IQueryable<OrderRow<T>> Matching<T>(this IQueryable<OrderRow<T>> rows, string q)
    {
        var number = q.ToUpperInvariant();
        return rows.Where(r => r.OrderNumber.Contains(number) || (r.UnionName != null && r.UnionName.Contains(q)));
    }

    /// <summary>One page in the given order, with the count of all rows.</summary>
    public static async Task<Paged<TRow>> PageAsync<T, TRow>(this IQueryable<OrderRow<T>> rows, Func<IQueryable<OrderRow<T>>, IOrderedQueryable<OrderRow<T>>> order,
        int page, int pageSize, Func<T, string, string?, TRow> row, CancellationToken cancellationToken)
    {
        var total = await rows.CountAsync(cancellationToken);
        var items = await order(rows).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<TRow>(total, page, pageSize, items.Select(r => row(r.Item, r.OrderNumber, r.UnionName)).ToList());
    }
}
