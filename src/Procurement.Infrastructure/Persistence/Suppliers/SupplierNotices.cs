using Microsoft.EntityFrameworkCore;
using Procurement.Core.Notifications;
using Procurement.Core.Suppliers;
using Procurement.Infrastructure.Persistence.Notifications;

namespace Procurement.Infrastructure.Persistence.Suppliers;

/// <summary>
/// The supplier portal's notices, kept in the one notification store (issue #21): a notice is a notification to the
/// supplier's audience, and reads go through the context's filter, so a supplier user reads only its supplier's.
/// The portal lists the supplier kinds only (not, say, an after-sales case opened, which the bell shows).
/// </summary>
public sealed class SupplierNotices(ProcurementDbContext db, NotificationStore notifications) : ISupplierNotices
{
    private static readonly NotificationKind[] SupplierKinds = Enum.GetNames<NoticeKind>().Select(Enum.Parse<NotificationKind>).ToArray();

    public void Add(SupplierNotice notice) => notifications.Add(notice.ToNotification());

    public async Task<IReadOnlyList<SupplierNotice>> RecentAsync(int take, CancellationToken cancellationToken)
    {
        var readUpTo = await notifications.ReadUpToAsync(cancellationToken);
        var rows = await Notices().AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);
        return rows.Select(n => SupplierNotice.Stored(n.Id, n.SupplierId!.Value, Enum.Parse<NoticeKind>(n.Kind.ToString()), n.SubjectId, n.Subject, n.Detail, n.CreatedAt,
            n.CreatedAt <= readUpTo ? readUpTo : null)).ToList();
    }

    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken) =>
        await notifications.ReadUpToAsync(cancellationToken) is { } mark
            ? await Notices().CountAsync(n => n.CreatedAt > mark, cancellationToken)
            : await Notices().CountAsync(cancellationToken);

    public Task MarkAllReadAsync(DateTimeOffset at, CancellationToken cancellationToken) => notifications.MarkAllReadAsync(at, cancellationToken);

    private IQueryable<Notification> Notices() =>
        db.Notifications.Where(n => n.Audience == NotificationAudience.Supplier && SupplierKinds.Contains(n.Kind));
}
