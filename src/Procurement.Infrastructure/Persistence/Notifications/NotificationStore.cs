using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Common;
using Procurement.Core.Notifications;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Persistence.Notifications;

/// <summary>
/// Up to when a user has read their notifications (one row per user who ever marked them read): a notification is
/// read for its reader when it is no newer than this.
/// </summary>
public sealed class NotificationMark
{
    public Guid UserId { get; set; }
    public DateTimeOffset ReadUpTo { get; set; }
}

/// <summary>Notifications through the context's filter, which decides whose they are (ProcurementDbContext).</summary>
public sealed class NotificationStore(ProcurementDbContext db, ICurrentUser user) : INotifications
{
    public void Add(Notification notification) => db.Notifications.Add(notification);

    public async Task<NotificationList> RecentAsync(int take, CancellationToken cancellationToken)
    {
        var readUpTo = await ReadUpToAsync(cancellationToken);
        var items = await db.Notifications.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);
        var unread = readUpTo is { } mark
            ? await db.Notifications.CountAsync(n => n.CreatedAt > mark, cancellationToken)
            : await db.Notifications.CountAsync(cancellationToken);
        return new NotificationList(unread, items.Select(n => new NotificationView(n.Id, n.Kind, n.SubjectId, n.Subject, n.Detail, n.CreatedAt, n.CreatedAt <= readUpTo)).ToList());
    }

    /// <summary>The caller's mark, or null (nothing read yet, or no user: the system reads nothing as read).</summary>
    public async Task<DateTimeOffset?> ReadUpToAsync(CancellationToken cancellationToken) =>
        user.UserId is { } id
            ? await db.NotificationMarks.Where(m => m.UserId == id).Select(m => (DateTimeOffset?)m.ReadUpTo).FirstOrDefaultAsync(cancellationToken)
            : null;

    public async Task MarkAllReadAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (user.UserId is not { } id)
        {
            return;
        }
        // Only ever forward: a slower, older request never un-reads what a newer one marked.
        if (await db.NotificationMarks.Where(m => m.UserId == id && m.ReadUpTo < at).ExecuteUpdateAsync(m => m.SetProperty(x => x.ReadUpTo, at), cancellationToken) > 0
            || await db.NotificationMarks.AnyAsync(m => m.UserId == id, cancellationToken))
        {
            return;
        }
        db.NotificationMarks.Add(new NotificationMark { UserId = id, ReadUpTo = at });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two tabs marked read at once and the other inserted first: its mark is as good as ours.
            db.ChangeTracker.Clear();
        }
    }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.Subject).HasMaxLength(Notification.MaxSubjectLength).IsRequired();
        builder.Property(n => n.Detail).HasMaxLength(Notification.MaxDetailLength);
        builder.HasOne<Core.Unions.Union>().WithMany().HasForeignKey(n => n.UnionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Core.Suppliers.Supplier>().WithMany().HasForeignKey(n => n.SupplierId).OnDelete(DeleteBehavior.Cascade);
        // The bell's reads: an audience's (a tenant's) newest first.
        builder.HasIndex(n => new { n.UnionId, n.CreatedAt });
        builder.HasIndex(n => new { n.SupplierId, n.CreatedAt });
        builder.HasIndex(n => new { n.Audience, n.CreatedAt });
        builder.HasIndex(n => new { n.SubjectId, n.Kind });
    }
}

public sealed class NotificationMarkConfiguration : IEntityTypeConfiguration<NotificationMark>
{
    public void Configure(EntityTypeBuilder<NotificationMark> builder)
    {
        builder.ToTable("NotificationMarks");
        builder.HasKey(m => m.UserId);
        builder.Property(m => m.UserId).ValueGeneratedNever();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
