namespace Procurement.Core.Suppliers;

public enum NoticeKind
{
    ListingApproved,
    ListingRejected,
    CertificateExpiring,
    CertificateExpired,

    /// <summary>A partner platform sold more of a SKU than was in stock: the detail names the order and the units short.</summary>
    PartnerOversold,
}

/// <summary>
/// A message to a supplier in its portal's notice list: a review decision or a certificate about to lapse. Stored as
/// a <see cref="Notifications.Notification"/> to the supplier's audience (one store for every notice, issue #21);
/// this is the supplier portal's view of it, as the notices API has always answered. The facts are stored and the
/// sentence is written when shown, so each reader gets their own language.
/// </summary>
public sealed class SupplierNotice
{
    public SupplierNotice(Guid supplierId, NoticeKind kind, Guid? productId, string productName, string? detail, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        SupplierId = supplierId;
        Kind = kind;
        ProductId = productId;
        ProductName = productName;
        Detail = detail;
        CreatedAt = createdAt;
    }

    /// <summary>A stored notice as its reader sees it (read when no newer than the reader's mark).</summary>
    public static SupplierNotice Stored(Guid id, Guid supplierId, NoticeKind kind, Guid? productId, string productName, string? detail,
        DateTimeOffset createdAt, DateTimeOffset? readAt) =>
        new(supplierId, kind, productId, productName, detail, createdAt) { Id = id, ReadAt = readAt };

    /// <summary>As a notification to the supplier's users.</summary>
    public Notifications.Notification ToNotification() =>
        Notifications.Notification.ForSupplier(SupplierId, Enum.Parse<Notifications.NotificationKind>(Kind.ToString()), ProductId, ProductName, Detail, CreatedAt);

    public Guid Id { get; private set; }
    public Guid SupplierId { get; private set; }
    public NoticeKind Kind { get; private set; }
    public Guid? ProductId { get; private set; }
    public string ProductName { get; private set; }

    /// <summary>The rejection reason, or the certificate's end date (yyyy-MM-dd).</summary>
    public string? Detail { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }


    /// <summary>As the bell and the portal show it: the sentence is rendered from resx (Web's NotificationText), one way for every notice.</summary>
    public Notifications.NotificationView View =>
        new(Id, Enum.Parse<Notifications.NotificationKind>(Kind.ToString()), ProductId, ProductName, Detail, CreatedAt, ReadAt is not null);
}

/// <summary>The caller's notices (a supplier sees only its own), kept in the one notification store.</summary>
public interface ISupplierNotices
{
    void Add(SupplierNotice notice);

    Task<IReadOnlyList<SupplierNotice>> RecentAsync(int take, CancellationToken cancellationToken);

    Task<int> UnreadCountAsync(CancellationToken cancellationToken);

    Task MarkAllReadAsync(DateTimeOffset at, CancellationToken cancellationToken);
}
