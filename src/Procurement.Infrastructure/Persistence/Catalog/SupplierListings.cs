using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>Reads through the context's tenant filter on products: no supplier id is passed, none can be forgotten.</summary>
public sealed class SupplierListings(ProcurementDbContext db) : ISupplierListings
{
    public async Task<Paged<Product>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            products = products.Where(p => p.Name.Contains(q));
        }
        var total = await products.CountAsync(cancellationToken);
        var items = await products.Include(p => p.Skus.OrderBy(s => s.Code)).Include(p => p.Images)
            .OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id)
            .Skip(query.Skip).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<Product>(total, query.Page, query.PageSize, items);
    }

    public Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().Include(p => p.Skus.OrderBy(s => s.Code)).Include(p => p.Images).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
}
