using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class CatalogOutbox(ProcurementDbContext db) : ICatalogOutbox
{
    public async Task<IReadOnlyList<CatalogChange>> PeekAsync(int max, CancellationToken cancellationToken) =>
        await db.CatalogOutbox.AsNoTracking().OrderBy(e => e.Id).Take(max)
            .Select(e => new CatalogChange(e.Id, e.ProductId)).ToListAsync(cancellationToken);

    public Task RemoveThroughAsync(long lastId, CancellationToken cancellationToken) =>
        db.CatalogOutbox.Where(e => e.Id <= lastId).ExecuteDeleteAsync(cancellationToken);
}
