using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class ImageReferences(ProcurementDbContext db) : IImageReferences
{
    public async Task<IReadOnlySet<string>> InUseAsync(CancellationToken cancellationToken) =>
        (await db.Set<ProductImage>().IgnoreQueryFilters().AsNoTracking()
            .Select(i => i.Hash).Distinct().ToListAsync(cancellationToken))
        .ToHashSet(StringComparer.Ordinal);
}
