using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>
/// Listings for change, through the context's tenant filter on products and SKUs. The context is the operation's
/// own (a request, a page action, a job), so what it tracks is what this operation read; the use case commits it
/// through <see cref="Core.Common.IUnitOfWork"/>.
/// </summary>
public sealed class ListingStore(ProcurementDbContext db, TimeProvider clock) : IListingStore
{
    public void Add(Product product) => db.Products.Add(product);

    public Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Products.Include(p => p.Skus).Include(p => p.Images).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<Sku?> FindSkuAsync(Guid skuId, CancellationToken cancellationToken) =>
        db.Skus.FirstOrDefaultAsync(s => s.Id == skuId, cancellationToken);

    public async Task<IReadOnlySet<string>> SkuCodesTakenAsync(Guid supplierId, IReadOnlyCollection<string> codes, Guid? exceptProductId,
        CancellationToken cancellationToken)
    {
        var taken = await db.Skus
            .Where(s => s.SupplierId == supplierId && codes.Contains(s.Code) && s.ProductId != exceptProductId)
            .Select(s => s.Code)
            .ToListAsync(cancellationToken);
        return taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public async Task<IReadOnlyList<Sku>> SupplierSkusAsync(Guid supplierId, CancellationToken cancellationToken) =>
        await db.Skus.AsNoTracking().Where(s => s.SupplierId == supplierId).ToListAsync(cancellationToken);

    /// <summary>
    /// Rows per statement (4 parameters each). Small on purpose: SQLite finds each named parameter by a linear search,
    /// so binding costs the square of a statement's parameter count. For 50,000 rows, 500-row statements spent 3.5 s
    /// binding; 50-row statements take 0.7 s in all. (SQL Server's limit of 2,100 parameters is far away.)
    /// </summary>
    private const int StockChunk = 50;

    /// <summary>
    /// A stock import's writes as set-based <c>UPDATE … FROM (VALUES …)</c>, <see cref="StockChunk"/> rows a statement, in one
    /// transaction: tracking and saving 50,000 entities one <c>UPDATE</c> at a time took most of an import's time.
    /// Each row still carries the version it was checked against; fewer rows changed than sent means someone else
    /// changed a SKU meanwhile, and everything is rolled back. Values go through EF's parameter mappings, so they are
    /// stored exactly as EF stores them. Raw SQL bypasses the tenant filter, so the supplier is in the WHERE too.
    /// </summary>
    public async Task<Error?> ApplyStockAsync(Guid supplierId, IReadOnlyList<StockChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return null;
        }
        return await db.Database.InTransactionAsync<Error?>(async transaction =>
        {
            foreach (var chunk in changes.Chunk(StockChunk))
            {
                var values = string.Join(", ", chunk.Select((_, i) => $"({{{i * 4 + 1}}}, {{{i * 4 + 2}}}, {{{i * 4 + 3}}}, {{{i * 4 + 4}}})"));
                var arguments = chunk.SelectMany(c => new object[] { c.SkuId, c.Stock, c.Price, c.Version }).Prepend(supplierId).ToArray();
                var sql = db.Database.IsSqlServer()
                    ? $"UPDATE s SET s.Stock = v.Stock, s.Price = v.Price, s.Version = s.Version + 1 FROM Skus AS s " +
                      $"INNER JOIN (VALUES {values}) AS v (Id, Stock, Price, Version) ON s.Id = v.Id AND s.Version = v.Version WHERE s.SupplierId = {{0}}"
                    : $"UPDATE Skus SET Stock = v.column2, Price = v.column3, Version = Skus.Version + 1 " +
                      $"FROM (VALUES {values}) AS v WHERE Skus.Id = v.column1 AND Skus.Version = v.column4 AND Skus.SupplierId = {{0}}";
                var written = await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(sql, arguments), cancellationToken);
                if (written != chunk.Length)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new Error(ErrorKind.Conflict, Texts.Pick("导入期间有规格被修改，未做任何修改，请重新导入。",
                        "Some SKUs changed while importing; nothing was changed. Import again."));
                }
            }
            var now = clock.GetUtcNow();
            db.CatalogOutbox.AddRange(changes.Select(c => c.ProductId).Distinct().Select(id => new CatalogOutboxEntry { ProductId = id, EnqueuedAt = now }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }, cancellationToken);
    }

    public async Task<Paged<Product>> PendingReviewAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var pending = db.Products.AsNoTracking().Where(p => p.Status == ProductStatus.PendingReview);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            pending = pending.Where(p => p.Name.Contains(q));
        }
        var total = await pending.CountAsync(cancellationToken);
        var items = await pending.Include(p => p.Skus).Include(p => p.Images)
            .OrderBy(p => p.SubmittedAt).ThenBy(p => p.Id)
            .Skip(query.Skip).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new Paged<Product>(total, query.Page, query.PageSize, items);
    }
}
