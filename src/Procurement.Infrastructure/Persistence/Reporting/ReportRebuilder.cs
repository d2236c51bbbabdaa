using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;
using Procurement.Core.Reporting;

namespace Procurement.Infrastructure.Persistence.Reporting;

/// <summary>
/// Makes every aggregate row again from the records the live writer counted from: orders paid (by the Beijing date
/// paid), whole refunds (orders now Refunded), after-sales refunds (cases Refunded, their supplier's lines × packages),
/// and partner orders credited to a union (less their refunds). The same <see cref="ReportFigures"/> rules, so rebuilt
/// rows equal live ones. The table is read and replaced in one write transaction (see <see cref="RunAsync"/>).
/// </summary>
internal sealed class ReportRebuilder(ProcurementDbContext db)
{
    private const int Batch = 2_000;

    /// <summary>
    /// Reads and replaces in one write transaction, the table emptied first. A payment, refund or push committing
    /// between a read made outside it and the replace would otherwise be lost (its order read unpaid, its upsert then
    /// deleted) or counted twice. Emptying the table first takes the write lock before anything is read: on SQLite
    /// the transaction holds the database's one writer lock (writers wait on the busy timeout), on SQL Server the
    /// table lock (<c>TABLOCKX</c>) makes every upsert wait — and the money paths run their upserts before saving
    /// anything else (<c>UnitOfWork</c>), so what a waiting writer changes is neither read here nor lost after.
    /// Writers wait for the whole rebuild: it is an admin's job for a quiet hour.
    /// </summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) => db.Database.InTransactionAsync(async transaction =>
    {
        if (db.Database.IsSqlServer())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM ReportDailyFigures WITH (TABLOCKX)", cancellationToken);
        }
        else
        {
            await db.ReportDailyFigures.IgnoreQueryFilters().ExecuteDeleteAsync(cancellationToken);
        }
        var rows = await ComputeAsync(cancellationToken);
        foreach (var chunk in rows.Chunk(Batch))
        {
            db.ReportDailyFigures.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }, cancellationToken);

    private async Task<List<ReportDailyFigure>> ComputeAsync(CancellationToken cancellationToken)
    {
        var sums = new Dictionary<FigureKey, (long Amount, int Orders, int Members)>();
        void Add(IEnumerable<FigureDelta> deltas)
        {
            foreach (var d in deltas)
            {
                var s = sums.GetValueOrDefault(d.Key);
                sums[d.Key] = (s.Amount + d.AmountFen, s.Orders + d.Orders, s.Members + d.Members);
            }
        }

        // Each refunded case with the option its parcel held (a member-choice parcel holds its member's option).
        var cases = (await db.AfterSalesCases.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == AfterSalesStatus.Refunded)
            .Join(db.Shipments.IgnoreQueryFilters(), c => c.ShipmentId, s => s.Id, (c, s) => new { c.OrderId, c.SupplierId, c.Packages, s.Option })
            .ToListAsync(cancellationToken)).ToLookup(c => c.OrderId);
        var counties = (await db.Products.IgnoreQueryFilters().AsNoTracking().Select(p => new { p.Id, p.CountyCode }).ToListAsync(cancellationToken))
            .ToDictionary(p => p.Id, p => p.CountyCode);
        string CountyOf(Guid productId) => counties.GetValueOrDefault(productId, "");

        var paid = await db.Orders.IgnoreQueryFilters().AsNoTracking().Where(o => o.PaidAt != null).Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var batch in paid.Chunk(Batch))
        {
            var orders = await db.Orders.IgnoreQueryFilters().AsNoTracking().Where(o => batch.Contains(o.Id)).ToListAsync(cancellationToken);
            foreach (var order in orders)
            {
                var day = BusinessDate.Of(order.PaidAt!.Value);
                var lines = ReportFigures.LinesOf(order, CountyOf);
                Add(ReportFigures.Whole(order.UnionId, day, ReportChannels.Platform, lines, order.RecipientCount, 1));
                if (order.Status == OrderStatus.Refunded)
                {
                    Add(ReportFigures.Whole(order.UnionId, day, ReportChannels.Platform, lines, order.RecipientCount, -1));
                }
                foreach (var refunded in cases[order.Id])
                {
                    var goods = order.ParcelLines(refunded.SupplierId, refunded.Packages, refunded.Option);
                    Add(ReportFigures.Goods(order.UnionId, day, ReportChannels.Platform, ReportFigures.LinesOf(goods, CountyOf), -1));
                }
            }
        }

        var credits = await db.PartnerOrderCredits.IgnoreQueryFilters().AsNoTracking().Where(c => c.UnionId != null && c.Counted)
            .Select(c => new { c.PartnerOrderId, c.UnionId }).ToListAsync(cancellationToken);
        foreach (var chunk in credits.Chunk(Batch))
        {
            var ids = chunk.Select(c => c.PartnerOrderId).ToList();
            var orders = await db.PartnerOrders.IgnoreQueryFilters().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
            foreach (var credit in chunk)
            {
                if (orders.TryGetValue(credit.PartnerOrderId, out var order))
                {
                    Add(await ReportingStore.PartnerDeltasAsync(db, order, credit.UnionId!.Value, cancellationToken));
                }
            }
        }

        // A row that adds up to nothing (an order paid and refunded whole) is no row: the live table may hold it as zeros.
        return sums.Where(s => s.Value != default).Select(s => new ReportDailyFigure
        {
            UnionId = s.Key.UnionId, Day = s.Key.Day, Channel = s.Key.Channel, CountyCode = s.Key.CountyCode, Assisted = s.Key.Assisted,
            AmountFen = s.Value.Amount, Orders = s.Value.Orders, Members = s.Value.Members,
        }).ToList();
    }
}
