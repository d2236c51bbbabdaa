using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Partners;
using Procurement.Core.Reporting;

namespace Procurement.Infrastructure.Persistence.Reporting;

/// <summary>
/// The live writer of the report's aggregates: each call stages its upserts into the operation's unit of work
/// (<see cref="StagedStatements"/>), so they commit with the payment, refund or partner push, or not at all. What a
/// change adds is worked out by <see cref="ReportFigures"/>, the same rules the rebuild uses.
/// </summary>
public sealed class ReportingBook(ProcurementDbContext db, StagedStatements staged, TimeProvider clock) : IReportingBook
{
    public void Paid(Order order) => staged.Add(async cancellationToken =>
    {
        var lines = ReportFigures.LinesOf(order, await CountiesAsync(order, cancellationToken));
        await AddAsync(ReportFigures.Whole(order.UnionId, PaidDay(order), ReportChannels.Platform, lines, order.RecipientCount, 1), cancellationToken);
        return null;
    });

    public void Refunded(Order order) => staged.Add(async cancellationToken =>
    {
        var lines = ReportFigures.LinesOf(order, await CountiesAsync(order, cancellationToken));
        await AddAsync(ReportFigures.Whole(order.UnionId, PaidDay(order), ReportChannels.Platform, lines, order.RecipientCount, -1), cancellationToken);
        return null;
    });

    public void Refunded(Order order, IReadOnlyList<(OrderLine Line, int Quantity)> lines) => staged.Add(async cancellationToken =>
    {
        var goods = ReportFigures.LinesOf(lines, await CountiesAsync(order, cancellationToken));
        await AddAsync(ReportFigures.Goods(order.UnionId, PaidDay(order), ReportChannels.Platform, goods, -1), cancellationToken);
        return null;
    });

    public void Received(PartnerOrder order, string? buyerUscc)
    {
        var uscc = buyerUscc?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(uscc))
        {
            return;
        }
        staged.Add(async cancellationToken =>
        {
            var unionId = await UnionOfAsync(uscc, cancellationToken);
            var counted = ReportFigures.Counts(order.Status);
            db.Add(new PartnerOrderCredit
            {
                PartnerOrderId = order.Id, Partner = order.Partner, Uscc = uscc, UnionId = unionId, Counted = counted,
                AmountFen = order.Lines.Sum(l => Money.ToFen(l.Amount)), CreatedAt = clock.GetUtcNow(),
            });
            if (unionId is { } union && counted)
            {
                var lines = await PartnerLinesAsync(db, order, cancellationToken);
                await AddAsync(ReportFigures.Whole(union, BusinessDate.Of(order.PlacedAt), order.Partner, lines, 1, 1), cancellationToken);
            }
            return null;
        });
    }

    public void Refunded(PartnerOrder order, decimal amount) => staged.Add(async cancellationToken =>
    {
        var credit = await db.PartnerOrderCredits.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.PartnerOrderId == order.Id, cancellationToken);
        if (credit is { UnionId: { } union, Counted: true })
        {
            var lines = await PartnerLinesAsync(db, order, cancellationToken);
            await AddAsync(ReportFigures.Goods(union, BusinessDate.Of(order.PlacedAt), order.Partner, ReportFigures.Allocate(Money.ToFen(amount), lines), -1), cancellationToken);
        }
        return null;
    });

    public void Revised(PartnerOrder order) => staged.Add(async cancellationToken =>
    {
        var counts = ReportFigures.Counts(order.Status);
        var sql = ReportingSql.For(db.Database.IsSqlServer());
        // Guarded on the flag: of two revisions at once, one moves it.
        if (await db.Database.ExecuteSqlAsync(sql.Recount(order.Id, counts), cancellationToken) == 1
            && await db.PartnerOrderCredits.IgnoreQueryFilters().AsNoTracking().Where(c => c.PartnerOrderId == order.Id).Select(c => c.UnionId).FirstOrDefaultAsync(cancellationToken)
                is { } union)
        {
            var net = await ReportingStore.PartnerDeltasAsync(db, order, union, cancellationToken);
            await AddAsync(counts ? net : net.Select(d => d with { AmountFen = -d.AmountFen, Orders = -d.Orders, Members = -d.Members }), cancellationToken);
        }
        return null;
    });

    /// <summary>A partner order's goods: county and certification from its products as they were on the day it was placed.</summary>
    internal static async Task<IReadOnlyList<FigureLine>> PartnerLinesAsync(ProcurementDbContext db, PartnerOrder order, CancellationToken cancellationToken)
    {
        var products = await ProductsAsync(db, order.Lines.Select(l => l.ProductId).Distinct().ToList(), cancellationToken);
        var day = BusinessDate.Of(order.PlacedAt);
        return ReportFigures.LinesOf(order, id => products.TryGetValue(id, out var p) ? (p.CountyCode, p.Certificate?.IsValidOn(day) == true) : ("", false));
    }

    internal static async Task<Dictionary<Guid, (string CountyCode, Core.Catalog.Certificate? Certificate)>> ProductsAsync(ProcurementDbContext db,
        IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        // The catalog's origin and certificate are public facts of a listing; read past the supplier's filter on purpose, ids only.
        (await db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.CountyCode, p.Certificate }).ToListAsync(cancellationToken))
        .ToDictionary(p => p.Id, p => (p.CountyCode, p.Certificate));

    private async Task<Guid?> UnionOfAsync(string uscc, CancellationToken cancellationToken) =>
        await db.Unions.IgnoreQueryFilters().AsNoTracking().Where(u => u.Uscc == uscc).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken)
        ?? await db.PartnerBuyerMatches.IgnoreQueryFilters().AsNoTracking().Where(m => m.Uscc == uscc).Select(m => (Guid?)m.UnionId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Lines ordered before the county was snapshot take their product's county; none are read when every line has it.</summary>
    private async Task<Func<Guid, string>?> CountiesAsync(Order order, CancellationToken cancellationToken)
    {
        var missing = order.Lines.Where(l => l.OriginCountyCode.Length == 0).Select(l => l.ProductId).Distinct().ToList();
        if (missing.Count == 0)
        {
            return null;
        }
        var products = await ProductsAsync(db, missing, cancellationToken);
        return id => products.TryGetValue(id, out var p) ? p.CountyCode : "";
    }

    private static DateOnly PaidDay(Order order) => BusinessDate.Of(order.PaidAt ?? throw new InvalidOperationException($"Order {order.Number} was never paid."));

    private async Task AddAsync(IEnumerable<FigureDelta> deltas, CancellationToken cancellationToken)
    {
        var sql = ReportingSql.For(db.Database.IsSqlServer());
        foreach (var delta in deltas)
        {
            await db.Database.ExecuteSqlAsync(sql.Add(delta), cancellationToken);
        }
    }
}
