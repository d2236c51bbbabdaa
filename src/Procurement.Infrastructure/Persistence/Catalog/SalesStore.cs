using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog.Sales;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>
/// Sales are recorded for whoever bought (a union's purchaser sees no supplier's listings through the tenant
/// filter), so this store reads past the filter: it only counts, it shows nothing. Counts are added in SQL (an
/// upsert per product day, an increment per product) so concurrent recordings never overwrite each other; amounts
/// are stored in fen, so SQLite adds integers rather than floating-point text.
/// </summary>
public sealed class SalesStore(ProcurementDbContext db, TimeProvider clock) : ISalesStore
{
    public async Task<IReadOnlyDictionary<Guid, (Guid ProductId, Guid SupplierId)>> OwnersAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken) =>
        (await db.Skus.IgnoreQueryFilters().AsNoTracking()
            .Where(s => skuIds.Contains(s.Id)).Select(s => new { s.Id, s.ProductId, s.SupplierId })
            .ToListAsync(cancellationToken))
        .ToDictionary(s => s.Id, s => (s.ProductId, s.SupplierId));

    public async Task AddAsync(IReadOnlyList<ProductSale> sales, DateOnly day, CancellationToken cancellationToken)
    {
        // Inside the caller's transaction (an order being paid, staged into its unit of work), the counts join it and
        // the outbox rows are saved by that unit of work with everything else.
        if (db.Database.CurrentTransaction is not null)
        {
            await AddInTransactionAsync(sales, day, cancellationToken);
            return;
        }
        await db.Database.InTransactionAsync(async transaction =>
        {
            await AddInTransactionAsync(sales, day, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    private async Task AddInTransactionAsync(IReadOnlyList<ProductSale> sales, DateOnly day, CancellationToken cancellationToken)
    {
        foreach (var sale in sales)
        {
            object[] arguments = [sale.ProductId, day, sale.SupplierId, sale.Units, Money.ToFen(sale.Amount)];
            var upsert = db.Database.IsSqlServer()
                ? "MERGE SalesDays WITH (HOLDLOCK) AS d USING (VALUES ({0}, {1}, {2}, {3}, {4})) AS s (ProductId, Day, SupplierId, Units, AmountFen) " +
                  "ON d.ProductId = s.ProductId AND d.Day = s.Day " +
                  "WHEN MATCHED THEN UPDATE SET Units = d.Units + s.Units, AmountFen = d.AmountFen + s.AmountFen " +
                  "WHEN NOT MATCHED THEN INSERT (ProductId, Day, SupplierId, Units, AmountFen) VALUES (s.ProductId, s.Day, s.SupplierId, s.Units, s.AmountFen);"
                : "INSERT INTO SalesDays (ProductId, Day, SupplierId, Units, AmountFen) VALUES ({0}, {1}, {2}, {3}, {4}) " +
                  "ON CONFLICT (ProductId, Day) DO UPDATE SET Units = Units + excluded.Units, AmountFen = AmountFen + excluded.AmountFen";
            await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(upsert, arguments), cancellationToken);
            await db.Products.IgnoreQueryFilters().Where(p => p.Id == sale.ProductId)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.SalesCount, x => x.SalesCount + sale.Units < 0 ? 0 : x.SalesCount + sale.Units), cancellationToken);
        }
        var now = clock.GetUtcNow();
        db.CatalogOutbox.AddRange(sales.Select(s => new CatalogOutboxEntry { ProductId = s.ProductId, EnqueuedAt = now }));
    }
}
