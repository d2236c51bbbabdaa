using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>
/// Listings for change, through the context's tenant filter on products and SKUs. Every load for change starts from
/// a clean tracker: in a Blazor circuit the context lives as long as the browser tab, and an entity tracked minutes
/// ago would otherwise come back with its old values (EF keeps tracked values over fresh rows).
/// </summary>
public sealed class ListingStore(ProcurementDbContext db) : IListingStore
{
    public void Add(Product product) => db.Products.Add(product);

    public Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return db.Products.Include(p => p.Skus).Include(p => p.Images).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    public Task<Sku?> FindSkuAsync(Guid skuId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return db.Skus.FirstOrDefaultAsync(s => s.Id == skuId, cancellationToken);
    }

    public async Task<IReadOnlySet<string>> SkuCodesTakenAsync(Guid supplierId, IReadOnlyCollection<string> codes, Guid? exceptProductId,
        CancellationToken cancellationToken)
    {
        var taken = await db.Skus
            .Where(s => s.SupplierId == supplierId && codes.Contains(s.Code) && s.ProductId != exceptProductId)
            .Select(s => s.Code)
            .ToListAsync(cancellationToken);
        return taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public async Task<IReadOnlyList<Sku>> SupplierSkusAsync(Guid supplierId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Skus.Where(s => s.SupplierId == supplierId).ToListAsync(cancellationToken);
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

    public async Task<Error?> SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Error(ErrorKind.Conflict, Texts.Pick("该商品刚被其他人修改，请刷新后重试。", "Someone else changed this product just now; reload and try again."));
        }
    }

    public void DiscardChanges() => db.ChangeTracker.Clear();
}
