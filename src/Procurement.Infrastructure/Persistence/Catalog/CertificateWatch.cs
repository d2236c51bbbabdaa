using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Notifications;
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
        var sent = (await db.Notifications.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.Audience == NotificationAudience.Supplier && n.SubjectId != null && ids.Contains(n.SubjectId.Value)
                && (n.Kind == NotificationKind.CertificateExpiring || n.Kind == NotificationKind.CertificateExpired))
            .Select(n => new { ProductId = n.SubjectId, n.Kind, n.Detail })
            .ToListAsync(cancellationToken))
            .Select(n => new { n.ProductId, Kind = Enum.Parse<NoticeKind>(n.Kind.ToString()), n.Detail }).ToList();
        return products.Select(p =>
        {
            var end = p.Certificate!.ValidTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            IReadOnlySet<NoticeKind> noticed = sent.Where(n => n.ProductId == p.Id && n.Detail == end).Select(n => n.Kind).ToHashSet();
            return new CertificateDue(p, noticed);
        }).ToList();
    }

    public void Reindex(Guid productId) => db.CatalogOutbox.Add(new CatalogOutboxEntry { ProductId = productId, EnqueuedAt = clock.GetUtcNow() });
}
