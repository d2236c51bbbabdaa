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

    public async Task<SupplierOverview> OverviewAsync(OverviewQuery query, CancellationToken cancellationToken)
    {
        var (lowStock, certificatesUntil) = (query.LowStock, query.CertificatesUntil);
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
        var (top, days) = await SalesAsync(query.SalesFrom, query.SalesTo, cancellationToken);
        return new SupplierOverview(byStatus.ToDictionary(x => x.Key, x => x.Count), low, certificates, top, days);
    }

    /// <summary>The window's day rows (filtered to the caller's supplier like products), summed by product and by day.</summary>
    private async Task<(List<ProductSales> Top, List<DailySales> Days)> SalesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var rows = await db.SalesDays.AsNoTracking()
            .Where(d => d.Day >= from && d.Day <= to)
            .Select(d => new { d.ProductId, d.Day, d.Units, d.Amount })
            .ToListAsync(cancellationToken);
        var best = rows.GroupBy(r => r.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(r => r.Units), Amount = g.Sum(r => r.Amount) })
            .Where(x => x.Units > 0)
            .OrderByDescending(x => x.Units).ThenByDescending(x => x.Amount).Take(10).ToList();
        var ids = best.Select(x => x.ProductId).ToList();
        var names = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var top = best.Select(x => new ProductSales(x.ProductId, names.GetValueOrDefault(x.ProductId, ""), x.Units, x.Amount)).ToList();
        var byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => (Units: g.Sum(r => r.Units), Amount: g.Sum(r => r.Amount)));
        var days = new List<DailySales>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var (units, amount) = byDay.GetValueOrDefault(day);
            days.Add(new DailySales(day, units, amount));
        }
        return (top, days);
    }
}
