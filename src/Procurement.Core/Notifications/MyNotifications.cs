using Procurement.Core.Common;

namespace Procurement.Core.Notifications;

/// <summary>
/// The bell: every signed-in user's own notifications (a union's users, a supplier's, finance, admins). Anyone who
/// may read an order or run a supplier portal has a bell; anonymous callers and unknown roles are refused.
/// </summary>
public sealed class MyNotifications(INotifications notifications, ICurrentUser user, TimeProvider clock)
{
    public const int DefaultTake = 20;
    public const int MaxTake = 100;

    public async Task<Result<NotificationList>> RecentAsync(int? take, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder, Capability.Supply) is { } refused)
        {
            return refused;
        }
        if (take is < 1 or > MaxTake)
        {
            return Error.Invalid("take", Texts.Pick($"take 须在 1 到 {MaxTake} 之间。", $"take must be between 1 and {MaxTake}."));
        }
        return await notifications.RecentAsync(take ?? DefaultTake, cancellationToken);
    }

    public async Task<Error?> MarkAllReadAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder, Capability.Supply) is { } refused)
        {
            return refused;
        }
        await notifications.MarkAllReadAsync(clock.GetUtcNow(), cancellationToken);
        return null;
    }
}
