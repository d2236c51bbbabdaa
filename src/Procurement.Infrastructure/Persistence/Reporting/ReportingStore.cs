using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Partners;
using Procurement.Core.Reporting;

namespace Procurement.Infrastructure.Persistence.Reporting;

/// <summary>
/// The report's reads and finance's matches. The subtree's ids come from <see cref="UnionReports"/>, which worked them
/// out from the caller's own union: the aggregates are read past the one-union filter on purpose, by those ids only,
/// in queries of their own (architecture.md, "IgnoreQueryFilters lifts every filter").
/// </summary>
public sealed class ReportingStore(ProcurementDbContext db, StagedStatements staged, Core.Common.ICurrentUser user, TimeProvider clock) : IReportingStore
{
    public async Task<IReadOnlyList<UnionNode>> UnionTreeAsync(CancellationToken cancellationToken) =>
        await db.Unions.IgnoreQueryFilters().AsNoTracking().Select(u => new UnionNode(u.Id, u.ParentId, u.Name, u.Uscc)).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<UnionFigures>> ByUnionAsync(IReadOnlyCollection<Guid> unionIds, int year, CancellationToken cancellationToken) =>
        await Year(unionIds, year).GroupBy(f => f.UnionId)
            .Select(g => new UnionFigures(g.Key, g.Sum(f => f.AmountFen), g.Sum(f => f.Assisted ? f.AmountFen : 0L), g.Sum(f => f.Orders), g.Sum(f => f.Members)))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ChannelCountyMonth>> ByChannelCountyMonthAsync(IReadOnlyCollection<Guid> unionIds, int year, CancellationToken cancellationToken) =>
        await Year(unionIds, year).GroupBy(f => new { f.Channel, f.CountyCode, f.Day.Month })
            .Select(g => new ChannelCountyMonth(g.Key.Channel, g.Key.CountyCode, g.Key.Month, g.Sum(f => f.AmountFen), g.Sum(f => f.Assisted ? f.AmountFen : 0L)))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CountyProduct>> CountyProductsAsync(IReadOnlyCollection<Guid> unionIds, int year, string countyCode, CancellationToken cancellationToken)
    {
        var (from, to) = Bounds(year);
        var ids = unionIds.ToList();
        var orders = db.Orders.IgnoreQueryFilters().AsNoTracking();
        orders = ids.Count <= ManyIds ? orders.Where(o => ids.Contains(o.UnionId)) : orders.Where(o => EF.Parameter(ids).Contains(o.UnionId));
        var rows = await orders
            .Where(o => o.PaidAt >= from && o.PaidAt < to && o.Status != OrderStatus.Refunded)
            .SelectMany(o => o.Lines.Where(l => l.OriginCountyCode == countyCode))
            // Grouped in the database: a province's county can hold a million lines, the answer a few products at a few
            // prices each (a line's amount is its unit price, to the fen, times a whole quantity: summing per price is exact).
            .GroupBy(l => new { l.ProductId, l.ProductName, l.UnitPrice, l.Certified })
            .Select(g => new { g.Key.ProductId, g.Key.ProductName, g.Key.UnitPrice, g.Key.Certified, Quantity = g.Sum(l => l.Quantity) })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ProductId)
            .Select(g => new CountyProduct(g.Key, g.First().ProductName, g.Sum(r => r.Quantity), g.Sum(r => Money.Round(r.UnitPrice * r.Quantity)), g.Any(r => r.Certified)))
            .OrderByDescending(p => p.Amount).ThenBy(p => p.ProductName, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, UnionTarget>> TargetsAsync(IReadOnlyCollection<Guid> unionIds, int year, CancellationToken cancellationToken)
    {
        var ids = unionIds.ToList();
        var targets = db.UnionTargets.IgnoreQueryFilters().AsNoTracking().Where(t => t.Year == year);
        targets = ids.Count <= ManyIds ? targets.Where(t => ids.Contains(t.UnionId)) : targets.Where(t => EF.Parameter(ids).Contains(t.UnionId));
        return await targets.ToDictionaryAsync(t => t.UnionId, cancellationToken);
    }

    public Task<UnionTarget?> FindTargetAsync(Guid unionId, int year, CancellationToken cancellationToken) =>
        db.UnionTargets.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.UnionId == unionId && t.Year == year, cancellationToken);

    public void Add(UnionTarget target) => db.UnionTargets.Add(target);

    public async Task<Paged<UnmatchedBuyer>> UnmatchedBuyersAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var unmatched = db.PartnerOrderCredits.AsNoTracking().Where(c => c.UnionId == null)
            .Join(db.PartnerOrders.AsNoTracking(), c => c.PartnerOrderId, o => o.Id, (c, o) => new { c.Uscc, c.Partner, o.BuyerName, c.AmountFen, c.CreatedAt });
        var total = await unmatched.Select(c => c.Uscc).Distinct().CountAsync(cancellationToken);
        var rows = await unmatched.GroupBy(c => c.Uscc)
            .Select(g => new { Uscc = g.Key, Partner = g.Max(c => c.Partner), BuyerName = g.Max(c => c.BuyerName), Orders = g.Count(), AmountFen = g.Sum(c => c.AmountFen),
                First = g.Min(c => c.CreatedAt), Last = g.Max(c => c.CreatedAt) })
            .OrderByDescending(g => g.AmountFen).ThenBy(g => g.Uscc).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<UnmatchedBuyer>(total, page, pageSize,
            rows.Select(r => new UnmatchedBuyer(r.Uscc, r.Partner ?? "", r.BuyerName ?? "", r.Orders, Money.FromFen(r.AmountFen), r.First, r.Last)).ToList());
    }

    public async Task<Result<int>> MatchAsync(string uscc, Guid unionId, CancellationToken cancellationToken)
    {
        var waiting = await db.PartnerOrderCredits.AsNoTracking().Where(c => c.Uscc == uscc && c.UnionId == null).Select(c => c.PartnerOrderId).ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return Error.NotFound();
        }
        // The match is remembered (its key unique: a second match of the same USCC loses with 409 at commit). A push
        // that read "no match" while the match was being saved leaves a credit waiting under a USCC already matched:
        // matching it again to the same union credits it (adding the match twice would be refused for ever); to another
        // union is a conflict, as a second match always was.
        var matched = await db.PartnerBuyerMatches.IgnoreQueryFilters().AsNoTracking().Where(m => m.Uscc == uscc).Select(m => (Guid?)m.UnionId).FirstOrDefaultAsync(cancellationToken);
        if (matched is { } earlier && earlier != unionId)
        {
            return Conflicts.Taken();
        }
        if (matched is null)
        {
            db.PartnerBuyerMatches.Add(new PartnerBuyerMatch { Uscc = uscc, UnionId = unionId, MatchedBy = user.UserId, MatchedAt = clock.GetUtcNow() });
        }
        staged.Add(async ct =>
        {
            var sql = ReportingSql.For(db.Database.IsSqlServer());
            var credits = await db.PartnerOrderCredits.AsNoTracking().Where(c => waiting.Contains(c.PartnerOrderId)).ToDictionaryAsync(c => c.PartnerOrderId, ct);
            var orders = await db.PartnerOrders.AsNoTracking().Where(o => waiting.Contains(o.Id)).ToListAsync(ct);
            foreach (var order in orders)
            {
                // Guarded: a push crediting the same order meanwhile, or another match, leaves it alone.
                if (await db.Database.ExecuteSqlAsync(sql.Credit(order.Id, unionId), ct) != 1 || !credits[order.Id].Counted)
                {
                    continue;
                }
                foreach (var delta in await PartnerDeltasAsync(db, order, unionId, ct))
                {
                    await db.Database.ExecuteSqlAsync(sql.Add(delta), ct);
                }
            }
            return null;
        });
        return waiting.Count;
    }

    /// <summary>What a counted partner order adds for <paramref name="unionId"/>: its goods, less every refund reported since (each spread as the live writer spread it).</summary>
    internal static async Task<IReadOnlyList<FigureDelta>> PartnerDeltasAsync(ProcurementDbContext db, PartnerOrder order, Guid unionId, CancellationToken cancellationToken)
    {
        var lines = await ReportingBook.PartnerLinesAsync(db, order, cancellationToken);
        var day = BusinessDate.Of(order.PlacedAt);
        var deltas = ReportFigures.Whole(unionId, day, order.Partner, lines, 1, 1).ToList();
        foreach (var refund in order.Refunds)
        {
            deltas.AddRange(ReportFigures.Goods(unionId, day, order.Partner, ReportFigures.Allocate(Money.ToFen(refund.Amount), lines), -1));
        }
        return deltas;
    }

    public Task<int> RebuildAsync(CancellationToken cancellationToken) => new ReportRebuilder(db).RunAsync(cancellationToken);

    /// <summary>
    /// Up to this many ids a subtree is sent as one parameter each (EF 10's default, which keeps the covering index's
    /// range reads the benchmark measured); past it, as one JSON parameter (<c>EF.Parameter</c>: <c>json_each</c>,
    /// <c>OPENJSON</c>). A province holds thousands of unions, and SQL Server takes at most 2,100 parameters a
    /// command (SQLite 32,766): the whole province's report would fail there.
    /// </summary>
    private const int ManyIds = 1_000;

    private IQueryable<ReportDailyFigure> Year(IReadOnlyCollection<Guid> unionIds, int year)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var ids = unionIds.ToList();
        var rows = db.ReportDailyFigures.IgnoreQueryFilters().AsNoTracking().Where(f => f.Day >= from && f.Day <= to);
        return ids.Count <= ManyIds ? rows.Where(f => ids.Contains(f.UnionId)) : rows.Where(f => EF.Parameter(ids).Contains(f.UnionId));
    }

    private static (DateTimeOffset From, DateTimeOffset To) Bounds(int year) =>
        (BusinessDate.StartOf(new DateOnly(year, 1, 1)), BusinessDate.StartOf(new DateOnly(year + 1, 1, 1)));
}
