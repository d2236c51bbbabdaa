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

    public async Task<SupplierOverview> OverviewAsync(int lowStock, DateOnly certificatesUntil, CancellationToken cancellationToken)
    {
        var byStatus = await db.Products.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        // A join rather than SelectMany: SQLite cannot run the correlated subquery SelectMany would make.
        var low = (await db.Skus.AsNoTracking()
            .Where(s => s.Stock - s.Reserved < lowStock)
            .Join(db.Products.Where(p => p.Status != ProductStatus.Unlisted), s => s.ProductId, p => p.Id,
                (s, p) => new { ProductId = p.Id, ProductName = p.Name, s.Code, s.Spec, Available = s.Stock - s.Reserved })
            .OrderBy(x => x.Available).ThenBy(x => x.Code).Take(50)
            .ToListAsync(cancellationToken))
            .Select(x => new LowStockSku(x.ProductId, x.ProductName, x.Code, x.Spec, x.Available)).ToList();
        var certificates = (await db.Products.AsNoTracking()
            .Where(p => p.Certificate != null && p.Certificate.ValidTo <= certificatesUntil && p.Status != ProductStatus.Unlisted)
            .OrderBy(p => p.Certificate!.ValidTo)
            .Select(p => new { p.Id, p.Name, p.Certificate!.Number, p.Certificate.ValidTo })
            .Take(50)
            .ToListAsync(cancellationToken))
            .Select(x => new ExpiringCertificate(x.Id, x.Name, x.Number, x.ValidTo)).ToList();
        var top = (await db.Products.AsNoTracking()
            .Where(p => p.SalesCount > 0)
            .OrderByDescending(p => p.SalesCount).ThenBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.SalesCount })
            .Take(10)
            .ToListAsync(cancellationToken))
            .Select(x => new ProductSales(x.Id, x.Name, x.SalesCount)).ToList();
        return new SupplierOverview(byStatus.ToDictionary(x => x.Key, x => x.Count), low, certificates, top);
    }
}
