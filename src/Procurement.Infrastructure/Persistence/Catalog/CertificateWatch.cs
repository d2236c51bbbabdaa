using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Suppliers;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class CertificateWatch(ProcurementDbContext db, TimeProvider clock) : ICertificateWatch
{
    public async Task<IReadOnlyList<CertificateDue>> EndingBetweenAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken)
    {
        var products = await db.Products.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.Certificate != null && p.Certificate.ValidTo >= from && p.Certificate.ValidTo <= until)
            .ToListAsync(cancellationToken);
        var ids = products.Select(p => p.Id).ToList();
        var sent = await db.SupplierNotices.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.ProductId != null && ids.Contains(n.ProductId.Value)
                && (n.Kind == NoticeKind.CertificateExpiring || n.Kind == NoticeKind.CertificateExpired))
            .Select(n => new { n.ProductId, n.Kind, n.Detail })
            .ToListAsync(cancellationToken);
        return products.Select(p =>
        {
            var end = p.Certificate!.ValidTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            IReadOnlySet<NoticeKind> noticed = sent.Where(n => n.ProductId == p.Id && n.Detail == end).Select(n => n.Kind).ToHashSet();
            return new CertificateDue(p, noticed);
        }).ToList();
    }

    public void Reindex(Guid productId) => db.CatalogOutbox.Add(new CatalogOutboxEntry { ProductId = productId, EnqueuedAt = clock.GetUtcNow() });
}
