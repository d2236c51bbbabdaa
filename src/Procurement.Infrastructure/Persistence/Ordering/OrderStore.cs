using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>Orders through the context's union filter: another union's order is simply not found.</summary>
public sealed class OrderStore(ProcurementDbContext db, TimeProvider clock) : IOrderStore
{
    public void Add(Order order) => db.Orders.Add(order);

    public void AddKey(OrderIdempotencyKey key) => db.OrderIdempotencyKeys.Add(key);

    public Task<Order?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Orders.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<Order?> FindForShipmentAsync(Guid id, CancellationToken cancellationToken) =>
        db.Orders.IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    public Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken) => db.Orders.AnyAsync(o => o.Id == id, cancellationToken);

    public Task<OrderIdempotencyKey?> FindKeyAsync(Guid userId, string key, CancellationToken cancellationToken) =>
        db.OrderIdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.UserId == userId && k.Key == key, cancellationToken);

    /// <summary>
    /// One statement that creates the day's counter or bumps it and returns the new value, in its own short
    /// transaction: a number given to an order that then fails to save is skipped, never given twice.
    /// </summary>
    public async Task<string> NextNumberAsync(DateOnly businessDate, CancellationToken cancellationToken)
    {
        var day = businessDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var sql = db.Database.IsSqlServer()
            ? "MERGE OrderNumberCounters WITH (HOLDLOCK) AS t USING (SELECT @day AS Day) AS s ON t.Day = s.Day " +
              "WHEN MATCHED THEN UPDATE SET Last = t.Last + 1 WHEN NOT MATCHED THEN INSERT (Day, Last) VALUES (s.Day, 1) OUTPUT inserted.Last;"
            : "INSERT INTO OrderNumberCounters (Day, Last) VALUES (@day, 1) ON CONFLICT (Day) DO UPDATE SET Last = Last + 1 RETURNING Last;";
        var sequence = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            var connection = db.Database.GetDbConnection();
            var opened = connection.State != System.Data.ConnectionState.Open;
            if (opened)
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
            }
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@day";
                parameter.Value = day;
                command.Parameters.Add(parameter);
                return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }
            finally
            {
                if (opened)
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
        });
        return OrderNumber.Format(businessDate, sequence);
    }

    public async Task<IReadOnlyDictionary<Guid, OrderableSku>> OrderableSkusAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken)
    {
        // The catalog is public: a buyer orders any supplier's published SKU, so the supplier filter is lifted here, on purpose.
        var rows = await db.Skus.IgnoreQueryFilters().AsNoTracking()
            .Where(s => skuIds.Contains(s.Id))
            .Join(db.Products.IgnoreQueryFilters().Where(p => p.Status == ProductStatus.Published), s => s.ProductId, p => p.Id, (s, p) => new { Sku = s, Product = p })
            .ToListAsync(cancellationToken);
        var today = BusinessDate.Today(clock);
        return rows.ToDictionary(r => r.Sku.Id, r => new OrderableSku(r.Sku, r.Product.Name, Regions.OriginOf(r.Product.CountyCode).CityCode,
            r.Product.IsCertifiedOn(today), r.Product.CountyCode));
    }

    public async Task<Paged<OrderSummary>> ListAsync(OrderListQuery query, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking();
        if (query.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }
        if (query.Occasion is { } occasion)
        {
            orders = orders.Where(o => o.Occasion == occasion);
        }
        if (query.From is { } from)
        {
            var start = BusinessDate.StartOf(from);
            orders = orders.Where(o => o.CreatedAt >= start);
        }
        if (query.To is { } to)
        {
            var end = BusinessDate.StartOf(to.AddDays(1));
            orders = orders.Where(o => o.CreatedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim().ToUpperInvariant();
            var text = query.Q.Trim();
            orders = orders.Where(o => o.Number.Contains(q) || (o.Note != null && o.Note.Contains(text)) || (o.Reference != null && o.Reference.Contains(text)));
        }
        var total = await orders.CountAsync(cancellationToken);
        var items = await orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number)
            .Skip(query.Skip).Take(query.PageSize)
            .Select(o => new OrderSummary(o.Id, o.Number, o.Status.ToString(), o.Occasion.ToString(), o.Total, o.RecipientCount, o.PackageCount,
                o.CreatedBy, o.CreatedAt, o.SubmittedAt, o.Lines.Count, o.Reference))
            .ToListAsync(cancellationToken);
        return new Paged<OrderSummary>(total, query.Page, query.PageSize, items);
    }

    public async Task<IReadOnlyList<Guid>> ExpiredReservationsAsync(DateTimeOffset approvedBefore, int max, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Approved && o.ApprovedAt != null && o.ApprovedAt <= approvedBefore)
            .OrderBy(o => o.ApprovedAt).Select(o => o.Id).Take(max)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> DeliveredBeforeAsync(DateTimeOffset deliveredBefore, int max, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt != null && o.DeliveredAt <= deliveredBefore)
            .OrderBy(o => o.DeliveredAt).Select(o => o.Id).Take(max)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, string>> UserNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

    public Task<int> PurgeKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.OrderIdempotencyKeys.Where(k => k.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);

    public async Task<decimal> CommittedAsync(Guid unionId, int year, CancellationToken cancellationToken)
    {
        var fen = await db.UnionBudgetUsages.AsNoTracking().Where(u => u.UnionId == unionId && u.Year == year)
            .Select(u => (long?)u.CommittedFen).FirstOrDefaultAsync(cancellationToken);
        return Money.FromFen(fen ?? 0);
    }
}
