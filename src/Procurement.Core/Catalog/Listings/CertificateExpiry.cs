using Procurement.Core.Common;
using Procurement.Core.Suppliers;

namespace Procurement.Core.Catalog.Listings;

/// <summary>A product whose 帮扶 certificate ends soon or has ended, and which certificate notices it already had for that end date.</summary>
public sealed record CertificateDue(Product Product, IReadOnlySet<NoticeKind> Noticed);

public interface ICertificateWatch
{
    /// <summary>Products whose certificate ends between <paramref name="from"/> and <paramref name="until"/> (inclusive), any status.</summary>
    Task<IReadOnlyList<CertificateDue>> EndingBetweenAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken);

    /// <summary>Re-index these products, so their certified badge follows the date.</summary>
    void Reindex(Guid productId);
}

public sealed record CertificateExpiryRun(int Warned, int Expired);

/// <summary>
/// The daily <c>certificate-expiry</c> job: suppliers are warned 30 days before a certificate ends, and when it has
/// ended the product loses its certified badge in search and the supplier is told. Each notice is sent once per
/// end date, so reruns and a renewed certificate behave.
/// </summary>
public sealed class CertificateExpiry(ICertificateWatch watch, ISupplierNotices notices, IUnitOfWork unitOfWork, TimeProvider clock)
{
    public const int WarnDays = 30;

    /// <summary>How far back a missed run is caught up (the job is daily; a few days' outage must not lose notices).</summary>
    public const int CatchUpDays = 30;

    public async Task<CertificateExpiryRun> RunAsync(CancellationToken cancellationToken)
    {
        var today = BusinessDate.Today(clock);
        var now = clock.GetUtcNow();
        var (warned, expired) = (0, 0);
        foreach (var (product, noticed) in await watch.EndingBetweenAsync(today.AddDays(-CatchUpDays), today.AddDays(WarnDays), cancellationToken))
        {
            var validTo = product.Certificate!.ValidTo;
            var detail = validTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (validTo < today)
            {
                if (!noticed.Contains(NoticeKind.CertificateExpired))
                {
                    notices.Add(new SupplierNotice(product.SupplierId, NoticeKind.CertificateExpired, product.Id, product.Name, detail, now));
                    watch.Reindex(product.Id);
                    expired++;
                }
            }
            else if (!noticed.Contains(NoticeKind.CertificateExpiring))
            {
                notices.Add(new SupplierNotice(product.SupplierId, NoticeKind.CertificateExpiring, product.Id, product.Name, detail, now));
                warned++;
            }
        }
        // Notices and re-index requests are one unit: a notice is never sent for a badge that stays.
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            throw new InvalidOperationException($"Certificate expiry could not be saved: {conflict.Detail}");
        }
        return new CertificateExpiryRun(warned, expired);
    }
}
