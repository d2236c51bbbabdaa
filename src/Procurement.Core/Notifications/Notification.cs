using Procurement.Core.Common;

namespace Procurement.Core.Notifications;

/// <summary>Who a notification is for: a union's users, a supplier's users, platform finance, or the platform's admins.</summary>
public enum NotificationAudience
{
    Union,
    Supplier,
    Finance,
    Admin,
}

/// <summary>What happened. The sentence is written when read, in the reader's language, from the kind and its facts.</summary>
public enum NotificationKind
{
    // To a union (purchasers and approvers).
    OrderApproved,
    OrderRejected,
    PaymentConfirmed,
    ParcelsShipped,
    AfterSalesDecided,

    // To finance.
    TransferMarkedPaid,

    // To a supplier (the supplier notices, Core/Suppliers/SupplierNotice.cs, by the same names).
    AfterSalesOpened,
    ListingApproved,
    ListingRejected,
    CertificateExpiring,
    CertificateExpired,
    PartnerOversold,

    // Invoices (#22): to the union when a supplier issues its invoice; to the supplier when an issued one needs a red invoice.
    InvoiceIssued,
    InvoiceRedRequired,

    // Member choice (#24): to the union and the default's suppliers, when the default lacks stock for the members who did not choose.
    GiftDefaultShort,
}

/// <summary>
/// An in-app message to one audience of one tenant (通知): a union, a supplier, finance or the admins. Only facts are
/// stored — the kind, what it is about (an order's number, a product's name) and one detail (a reason, an amount, a
/// count) — so each reader gets the sentence in their own language. Written by the use case whose change it reports,
/// in the same unit of work: a change that is not saved notifies nobody.
/// </summary>
public sealed class Notification
{
    public const int MaxSubjectLength = 100;
    public const int MaxDetailLength = 500;

    private Notification()
    {
        Subject = "";
    }

    private Notification(NotificationAudience audience, Guid? unionId, Guid? supplierId, NotificationKind kind, Guid? subjectId, string subject, string? detail,
        DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Audience = audience;
        UnionId = unionId;
        SupplierId = supplierId;
        Kind = kind;
        SubjectId = subjectId;
        Subject = Clip(subject, MaxSubjectLength)!;
        Detail = Clip(detail, MaxDetailLength);
        CreatedAt = createdAt;
    }

    public static Notification ForUnion(Guid unionId, NotificationKind kind, Guid? subjectId, string subject, string? detail, DateTimeOffset at) =>
        new(NotificationAudience.Union, unionId, null, kind, subjectId, subject, detail, at);

    public static Notification ForSupplier(Guid supplierId, NotificationKind kind, Guid? subjectId, string subject, string? detail, DateTimeOffset at) =>
        new(NotificationAudience.Supplier, null, supplierId, kind, subjectId, subject, detail, at);

    /// <summary>To platform finance (every finance user reads it).</summary>
    public static Notification ForFinance(NotificationKind kind, Guid? subjectId, string subject, string? detail, DateTimeOffset at) =>
        new(NotificationAudience.Finance, null, null, kind, subjectId, subject, detail, at);

    public Guid Id { get; private set; }
    public NotificationAudience Audience { get; private set; }

    /// <summary>The union whose users read it (audience <see cref="NotificationAudience.Union"/>), else null.</summary>
    public Guid? UnionId { get; private set; }

    /// <summary>The supplier whose users read it (audience <see cref="NotificationAudience.Supplier"/>), else null.</summary>
    public Guid? SupplierId { get; private set; }

    public NotificationKind Kind { get; private set; }

    /// <summary>What it is about: an order's id (the link), or a product's.</summary>
    public Guid? SubjectId { get; private set; }

    /// <summary>An order's number, a product's name or a SKU code: shown as is in every language.</summary>
    public string Subject { get; private set; }

    /// <summary>The one fact the sentence needs: a reason, an amount (<c>0.00</c>, invariant), a count or a date (<c>yyyy-MM-dd</c>).</summary>
    public string? Detail { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    private static string? Clip(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];
}

/// <summary>A notification as its reader sees it: read when it is no newer than the moment they last marked all read.</summary>
public sealed record NotificationView(Guid Id, NotificationKind Kind, Guid? SubjectId, string Subject, string? Detail, DateTimeOffset CreatedAt, bool Read);

/// <summary>The caller's most recent notifications and how many they have not read.</summary>
public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Items);

/// <summary>
/// The notification store. Reading goes through the context's filter: a caller sees exactly the notifications of
/// their own audience and tenant (their union's, their supplier's, finance's if they are finance, the admins' if an
/// admin), anonymous callers none. Whether one is read is the reader's own (a mark per user), so a purchaser
/// reading theirs leaves the approver's count alone.
/// </summary>
public interface INotifications
{
    /// <summary>Stages a notification; it is saved with the use case's unit of work, or not at all.</summary>
    void Add(Notification notification);

    /// <summary>The caller's <paramref name="take"/> newest, newest first, and their unread count.</summary>
    Task<NotificationList> RecentAsync(int take, CancellationToken cancellationToken);

    /// <summary>Marks everything the caller can see, up to <paramref name="at"/>, read for them: one set-based statement (or one insert).</summary>
    Task MarkAllReadAsync(DateTimeOffset at, CancellationToken cancellationToken);
}
