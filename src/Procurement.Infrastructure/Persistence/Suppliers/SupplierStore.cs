using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;

namespace Procurement.Infrastructure.Persistence.Suppliers;

public sealed class SupplierStore(ProcurementDbContext db) : ISupplierStore
{
    public Task<Supplier?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Suppliers.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<bool> UsccTakenAsync(string uscc, Guid? exceptId, CancellationToken cancellationToken) =>
        db.Suppliers.AnyAsync(s => s.Uscc == uscc && s.Id != exceptId, cancellationToken);

    public async Task<Paged<Supplier>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var suppliers = db.Suppliers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            suppliers = suppliers.Where(s => s.Name.Contains(q) || s.Uscc.Contains(q) || s.ContactName.Contains(q));
        }
        var total = await suppliers.CountAsync(cancellationToken);
        var items = await suppliers.OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip(query.Skip).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<Supplier>(total, query.Page, query.PageSize, items);
    }

    public async Task AddAsync(Supplier supplier, CancellationToken cancellationToken) =>
        await db.Suppliers.AddAsync(supplier, cancellationToken);
}
