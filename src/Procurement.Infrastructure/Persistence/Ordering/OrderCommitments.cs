using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Unions;
using Procurement.Infrastructure.Persistence.Catalog;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>
/// Reservations as conditional set-based statements, staged into the unit of work so they commit with the order's
/// transition or not at all. Every statement carries its guard in the <c>WHERE</c> (<c>Committed + total ≤ budget</c>,
/// <c>Used + value × 份数 ≤ cap</c>, <c>Stock − Reserved ≥ quantity</c>) and is judged by the rows it changed: the
/// database decides, not a value read earlier, so two orders that each fit but not together cannot both pass. Locks
/// are taken in one order by every submit (budget row, member rows, SKUs by id) so SQL Server never deadlocks them;
/// SQLite has one writer, and the first statement of the transaction is a write, so no reader's snapshot goes stale.
/// </summary>
public sealed class OrderCommitments(ProcurementDbContext db, StagedStatements staged, Core.Catalog.Sales.ISalesStore sales, TimeProvider clock,
    ILogger<OrderCommitments> logger) : IOrderCommitments
{
    public void Reserve(Order order, Union union, int year) => staged.Add(async cancellationToken =>
    {
        var sql = CommitmentSql.For(db.Database.IsSqlServer());
        var totalFen = Money.ToFen(order.Total);
        var budgetFen = Money.ToFen(union.BudgetFor(year) ?? 0m);
        await db.Database.ExecuteSqlAsync(sql.EnsureBudget(order.UnionId, year), cancellationToken);
        if (await db.Database.ExecuteSqlAsync(sql.AddToBudget(order.UnionId, year, totalFen, budgetFen), cancellationToken) != 1)
        {
            var committed = await db.UnionBudgetUsages.IgnoreQueryFilters().AsNoTracking()
                .Where(u => u.UnionId == order.UnionId && u.Year == year).Select(u => u.CommittedFen).FirstAsync(cancellationToken);
            return BudgetExceeded(year, Money.FromFen(budgetFen - committed), order.Total);
        }

        var valueFen = Money.ToFen(order.PackageValue);
        var capFen = Money.ToFen(union.AnnualCapPerMember);
        var over = await db.Database.SqlQuery<CapOffender>(sql.OverCap(order.Id, order.UnionId, year, valueFen, capFen, SheetLimits.MaxListedRowErrors + 1))
            .ToListAsync(cancellationToken);
        if (over.Count > 0)
        {
            return CapExceeded(over, union.AnnualCapPerMember, order.PackageValue);
        }
        await db.Database.ExecuteSqlAsync(sql.EnsureMembers(order.Id, order.UnionId, year), cancellationToken);
        var members = await db.Database.ExecuteSqlAsync(sql.AddToMembers(order.Id, order.UnionId, year, valueFen, capFen), cancellationToken);
        if (members != order.RecipientCount)
        {
            return CapExceeded([], union.AnnualCapPerMember, order.PackageValue);
        }

        // Every short line named at once (one read), so the purchaser fixes them all in one go; the guarded statements below still decide.
        if (await ShortLinesAsync(order, cancellationToken) is { } allShort)
        {
            return allShort;
        }
        foreach (var line in order.Lines.OrderBy(l => l.SkuId))
        {
            if (await db.Database.ExecuteSqlAsync(sql.ReserveStock(line.SkuId, line.Quantity), cancellationToken) != 1)
            {
                // Taken by another order since the read above: this line is the one that lost.
                var available = await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => s.Id == line.SkuId)
                    .Select(s => (int?)(s.Stock - s.Reserved)).FirstOrDefaultAsync(cancellationToken) ?? 0;
                return InsufficientStock(order, [(line, available)]);
            }
        }
        Enqueue(order);
        return null;
    });

    public void Release(Order order) => staged.Add(async cancellationToken =>
    {
        var sql = CommitmentSql.For(db.Database.IsSqlServer());
        await GiveBackSpendAsync(sql, order, "released", cancellationToken);
        foreach (var line in order.Lines.OrderBy(l => l.SkuId))
        {
            if (await db.Database.ExecuteSqlAsync(sql.ReleaseStock(line.SkuId, line.Quantity), cancellationToken) != 1)
            {
                logger.LogError("Order {OrderNumber} ({OrderId}) could not release {Quantity} of SKU {SkuCode}: fewer were reserved",
                    order.Number, order.Id, line.Quantity, line.SkuCode);
            }
        }
        Enqueue(order);
        return null;
    });

    public void Sell(Order order) => staged.Add(async cancellationToken =>
    {
        var sql = CommitmentSql.For(db.Database.IsSqlServer());
        foreach (var line in order.Lines.OrderBy(l => l.SkuId))
        {
            if (await db.Database.ExecuteSqlAsync(sql.SellStock(line.SkuId, line.Quantity), cancellationToken) != 1)
            {
                // The reservation is the order's: if it is not there, the books disagree and the sale must not happen silently.
                logger.LogError("Order {OrderNumber} ({OrderId}) could not sell {Quantity} of SKU {SkuCode}: fewer were reserved", order.Number, order.Id,
                    line.Quantity, line.SkuCode);
                return Conflicts.Changed();
            }
        }
        var sold = order.Lines.GroupBy(l => (l.ProductId, l.SupplierId))
            .Select(g => new Core.Catalog.Sales.ProductSale(g.Key.ProductId, g.Key.SupplierId, g.Sum(l => l.Quantity), g.Sum(l => l.Amount)))
            .ToList();
        await sales.AddAsync(sold, BusinessDate.Of(clock.GetUtcNow()), cancellationToken);
        return null;
    });

    public void GiveBack(Order order) => staged.Add(async cancellationToken =>
    {
        var sql = CommitmentSql.For(db.Database.IsSqlServer());
        await GiveBackSpendAsync(sql, order, "refunded", cancellationToken);
        foreach (var line in order.Lines.OrderBy(l => l.SkuId))
        {
            await db.Database.ExecuteSqlAsync(sql.ReturnStock(line.SkuId, line.Quantity), cancellationToken);
        }
        var taken = order.Lines.GroupBy(l => (l.ProductId, l.SupplierId))
            .Select(g => new Core.Catalog.Sales.ProductSale(g.Key.ProductId, g.Key.SupplierId, -g.Sum(l => l.Quantity), -g.Sum(l => l.Amount)))
            .ToList();
        await sales.AddAsync(taken, BusinessDate.Of(clock.GetUtcNow()), cancellationToken);
        Enqueue(order);
        return null;
    });

    public void GiveBackPackages(Order order, string mobile, decimal value, IReadOnlyList<(OrderLine Line, int Quantity)> lines) => staged.Add(async cancellationToken =>
    {
        var sql = CommitmentSql.For(db.Database.IsSqlServer());
        var fen = Money.ToFen(value);
        if (order.BudgetYear is { } year)
        {
            var budget = await db.Database.ExecuteSqlAsync(sql.TakeFromBudget(order.UnionId, year, fen), cancellationToken);
            var member = await db.Database.ExecuteSqlAsync(sql.TakeFromMember(order.UnionId, year, mobile, fen), cancellationToken);
            if (budget != 1 || member != 1)
            {
                logger.LogError("After-sales refund of order {OrderNumber} ({OrderId}) gave back {BudgetRows} budget rows and {MemberRows} member rows of {Value} CNY",
                    order.Number, order.Id, budget, member, value);
            }
        }
        var taken = lines.Where(l => l.Quantity > 0).GroupBy(l => (l.Line.ProductId, l.Line.SupplierId))
            .Select(g => new Core.Catalog.Sales.ProductSale(g.Key.ProductId, g.Key.SupplierId, -g.Sum(l => l.Quantity), -g.Sum(l => Money.Round(l.Line.UnitPrice * l.Quantity))))
            .ToList();
        await sales.AddAsync(taken, BusinessDate.Of(clock.GetUtcNow()), cancellationToken);
        return null;
    });

    /// <summary>
    /// The order's total back to the union's budget and each member's share back to their cap usage. Never blocks
    /// (a released or refunded order must let go), but when the rows do not add up the books disagree and it is logged.
    /// </summary>
    private async Task GiveBackSpendAsync(CommitmentSql sql, Order order, string verb, CancellationToken cancellationToken)
    {
        if (order.BudgetYear is not { } year)
        {
            return;
        }
        var budget = await db.Database.ExecuteSqlAsync(sql.TakeFromBudget(order.UnionId, year, Money.ToFen(order.Total)), cancellationToken);
        var members = await db.Database.ExecuteSqlAsync(sql.TakeFromMembers(order.Id, order.UnionId, year, Money.ToFen(order.PackageValue)), cancellationToken);
        if (budget != 1 || members != order.RecipientCount)
        {
            logger.LogError("Order {OrderNumber} ({OrderId}) {Verb}: gave back {BudgetRows} budget rows and {MemberRows} of {Recipients} member rows",
                order.Number, order.Id, verb, budget, members, order.RecipientCount);
        }
    }

    /// <summary>What can be sold changed, so search (its in-stock flag) hears about every product of the order.</summary>
    private void Enqueue(Order order)
    {
        var now = clock.GetUtcNow();
        db.CatalogOutbox.AddRange(order.Lines.Select(l => l.ProductId).Distinct().Select(id => new CatalogOutboxEntry { ProductId = id, EnqueuedAt = now }));
    }

    private static Error BudgetExceeded(int year, decimal remaining, decimal total) =>
        new(ErrorKind.BudgetExceeded,
            Texts.Pick($"{year} 年度福利预算剩余 {remaining:0.00} 元，不足以支付本单 {total:0.00} 元。",
                $"The union's {year} welfare budget has {remaining:0.00} yuan left, less than this order's {total:0.00} yuan."),
            Data: new Dictionary<string, object?> { ["remaining"] = remaining, ["total"] = total, ["year"] = year });

    private static Error CapExceeded(IReadOnlyList<CapOffender> over, decimal cap, decimal packageValue)
    {
        var errors = new RowErrors();
        foreach (var row in over)
        {
            var used = Money.FromFen(row.UsedFen);
            var adds = packageValue * row.Packages;
            errors.Add(row.Row, RecipientRules.MobileColumn, Texts.Pick(
                $"{row.Mobile} 今年已领取 {used:0.00} 元，加上本单 {adds:0.00} 元将超过每人年度上限 {cap:0.00} 元。",
                $"{row.Mobile} has received {used:0.00} yuan this year; this order's {adds:0.00} yuan would pass the annual cap of {cap:0.00} yuan."));
        }
        var rows = string.Join("、", over.Take(10).Select(o => o.Row));
        return new Error(ErrorKind.WelfareCapExceeded,
            over.Count == 0
                ? Texts.Pick($"有职工将超过每人年度福利上限 {cap:0.00} 元，请重试。", $"A member would pass the annual welfare cap of {cap:0.00} yuan; try again.")
                : Texts.Pick($"第 {rows} 行{(over.Count > 10 ? " 等" : "")}的职工将超过每人年度福利上限 {cap:0.00} 元。",
                    $"The members in rows {rows}{(over.Count > 10 ? " and more" : "")} would pass the annual welfare cap of {cap:0.00} yuan."),
            over.Count == 0 ? null : errors.ToError().Fields,
            new Dictionary<string, object?> { ["annualCapPerMember"] = cap, ["packageValue"] = packageValue });
    }

    /// <summary>The order's lines with fewer available than they need, read in one query; null when every line fits now.</summary>
    private async Task<Error?> ShortLinesAsync(Order order, CancellationToken cancellationToken)
    {
        var ids = order.Lines.Select(l => l.SkuId).Distinct().ToList();
        var available = await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, Available = s.Stock - s.Reserved }).ToDictionaryAsync(s => s.Id, s => s.Available, cancellationToken);
        var shortOnes = order.Lines.Select(l => (Line: l, Available: available.GetValueOrDefault(l.SkuId))).Where(x => x.Available < x.Line.Quantity).ToList();
        return shortOnes.Count == 0 ? null : InsufficientStock(order, shortOnes);
    }

    /// <summary>
    /// 409 insufficient-stock naming every short line as <c>lines[i].quantity</c>. <c>skuId</c>, <c>skuCode</c> and
    /// <c>available</c> stay the first short line's (as before); <c>shortLines</c> lists them all.
    /// </summary>
    private static Error InsufficientStock(Order order, IReadOnlyList<(OrderLine Line, int Available)> shortLines)
    {
        var fields = new Dictionary<string, string[]>();
        var messages = new List<string>();
        foreach (var (line, available) in shortLines)
        {
            var message = Texts.Pick($"规格 {line.SkuCode}（{line.ProductName}）可售 {Math.Max(0, available)} 件，不足本单的 {line.Quantity} 件。",
                $"SKU {line.SkuCode} ({line.ProductName}) has {Math.Max(0, available)} available, fewer than this order's {line.Quantity}.");
            fields[$"lines[{IndexOf(order, line)}].quantity"] = [message];
            messages.Add(message);
        }
        var (first, firstAvailable) = shortLines[0];
        return new Error(ErrorKind.InsufficientStock, string.Join(" ", messages), fields, new Dictionary<string, object?>
        {
            ["skuId"] = first.SkuId,
            ["skuCode"] = first.SkuCode,
            ["available"] = Math.Max(0, firstAvailable),
            ["shortLines"] = shortLines.Select(x => new Dictionary<string, object?>
            {
                ["skuId"] = x.Line.SkuId, ["skuCode"] = x.Line.SkuCode, ["needed"] = x.Line.Quantity, ["available"] = Math.Max(0, x.Available),
            }).ToList(),
        });
    }

    private static int IndexOf(Order order, OrderLine line)
    {
        for (var i = 0; i < order.Lines.Count; i++)
        {
            if (order.Lines[i].SkuId == line.SkuId)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>A recipient row that would pass the cap, as the guard query returns it.</summary>
public sealed class CapOffender
{
    public int Row { get; set; }
    public string Mobile { get; set; } = "";
    public long UsedFen { get; set; }
    public int Packages { get; set; }
}
