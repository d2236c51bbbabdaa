using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Unions;

namespace Procurement.Core.Ordering;

/// <summary>
/// Moving orders through their states. Submit checks caps, budget and stock and reserves them in the same unit of
/// work as the transition; reject, cancel and expiry give them back the same way. The order's version guards every
/// move, so two people (or a person and the expiry job) acting at once cannot both succeed, and nothing is given
/// back twice.
/// </summary>
public sealed class OrderWorkflow(
    IOrderStore store, IOrderCommitments commitments, IUnionStore unions, IUnitOfWork unitOfWork, ICurrentUser user, OrderQueries queries,
    IPaidOrderCancellation paidCancellation, Notifications.INotifications notifications, TimeProvider clock, OrderingOptions options, ILogger<OrderWorkflow> logger)
{
    public async Task<Result<OrderDetails>> SubmitAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (await unions.FindAsync(order.UnionId, cancellationToken) is not { } union)
        {
            return Error.NotFound();
        }
        var now = clock.GetUtcNow();
        if (order.Submit(union.ApprovalThreshold, user.UserId!.Value, now) is { } wrong)
        {
            return wrong;
        }
        commitments.Reserve(order, union, order.BudgetYear!.Value);
        if (order.Status == OrderStatus.Approved)
        {
            // Below the union's threshold submitting approves: the union hears it as it would an approver's decision.
            notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.OrderApproved, order.Id, order.Number, null, now));
        }
        return await CommitAsync(order, "submitted", cancellationToken);
    }

    public async Task<Result<OrderDetails>> ApproveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Approve) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Approve(user.UserId!.Value, clock.GetUtcNow()) is { } wrong)
        {
            return wrong;
        }
        notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.OrderApproved, order.Id, order.Number, null, clock.GetUtcNow()));
        return await CommitAsync(order, "approved", cancellationToken);
    }

    public async Task<Result<OrderDetails>> RejectAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Approve) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var held = order.Status.HoldsReservation();
        if (order.Reject(user.UserId!.Value, reason, clock.GetUtcNow()) is { } wrong)
        {
            return wrong;
        }
        if (held)
        {
            commitments.Release(order);
        }
        notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.OrderRejected, order.Id, order.Number, reason?.Trim(), clock.GetUtcNow()));
        return await CommitAsync(order, "rejected", cancellationToken);
    }

    public async Task<Result<OrderDetails>> CancelAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (reason?.Trim().Length > Order.MaxReasonLength)
        {
            return Error.Invalid("reason", Texts.Pick($"原因最多 {Order.MaxReasonLength} 字。", $"The reason may have at most {Order.MaxReasonLength} characters."));
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Status is OrderStatus.Paid or OrderStatus.Shipping or OrderStatus.Delivered or OrderStatus.Completed)
        {
            // Paid: cancelling means refunding (the order's refusal says why once packages have left).
            if (await paidCancellation.CancelPaidAsync(order, reason, cancellationToken) is { } notRefunded)
            {
                return notRefunded;
            }
            return await queries.DetailsAsync(order, cancellationToken);
        }
        var held = order.Status.HoldsReservation();
        if (order.Cancel(user.UserId, reason, clock.GetUtcNow()) is { } wrong)
        {
            return wrong;
        }
        if (held)
        {
            commitments.Release(order);
        }
        return await CommitAsync(order, "cancelled", cancellationToken);
    }

    /// <summary>Approved orders whose reservation has run out unpaid, oldest first; the expiry job expires each in a scope of its own.</summary>
    public Task<IReadOnlyList<Guid>> DueForExpiryAsync(int max, CancellationToken cancellationToken) =>
        store.ExpiredReservationsAsync(clock.GetUtcNow() - options.Reservation, max, cancellationToken);

    /// <summary>Cancels one approved order whose reservation has run out; false when it no longer qualifies (paid or changed meanwhile).</summary>
    public async Task<bool> ExpireAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is not null)
        {
            return false;
        }
        var reservation = options.Reservation;
        var now = clock.GetUtcNow();
        if (await store.FindAsync(id, cancellationToken) is not { } order || !order.ReservationExpired(now, reservation))
        {
            return false;
        }
        order.Cancel(null, Texts.Pick($"审批通过后 {reservation.TotalHours:0.#} 小时内未付款，预留已释放。",
            $"Not paid within {reservation.TotalHours:0.#} hours of approval; the reservation was released."), now);
        commitments.Release(order);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            logger.LogWarning("Order {OrderNumber} ({OrderId}) could not be expired: {Reason}", order.Number, order.Id, conflict.Detail);
            return false;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) expired unpaid; its reservation was released", order.Number, order.Id);
        return true;
    }

    /// <summary>The purchaser confirms everything arrived: Delivered → Completed.</summary>
    public async Task<Result<OrderDetails>> CompleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Complete(user.UserId, clock.GetUtcNow(), Texts.Pick("采购员确认收货完成。", "The purchaser confirmed completion.")) is { } wrong)
        {
            return wrong;
        }
        return await CommitAsync(order, "completed", cancellationToken);
    }

    /// <summary>Delivered orders nobody confirmed for <paramref name="after"/>, oldest first; the daily job completes each in a scope of its own.</summary>
    public Task<IReadOnlyList<Guid>> DueForCompletionAsync(TimeSpan after, int max, CancellationToken cancellationToken) =>
        store.DeliveredBeforeAsync(clock.GetUtcNow() - after, max, cancellationToken);

    /// <summary>
    /// The system completes one order delivered at least <paramref name="after"/> ago that the purchaser never
    /// confirmed (<c>by</c> is null on the timeline); false when it no longer qualifies.
    /// </summary>
    public async Task<bool> CompleteUnconfirmedAsync(Guid id, TimeSpan after, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is not null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        if (await store.FindAsync(id, cancellationToken) is not { } order || order.DeliveredAt is not { } delivered || now - delivered < after)
        {
            return false;
        }
        if (order.Complete(null, now, Texts.Pick($"签收后 {after.TotalDays:0.#} 天自动确认完成。", $"Completed automatically {after.TotalDays:0.#} days after delivery.")) is not null
            || await unitOfWork.CommitAsync(cancellationToken) is not null)
        {
            return false;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) completed automatically, delivered {DeliveredAt}", order.Number, order.Id, delivered);
        return true;
    }

    private async Task<Result<OrderDetails>> CommitAsync(Order order, string verb, CancellationToken cancellationToken)
    {
        if (await unitOfWork.CommitAsync(cancellationToken) is { } refused)
        {
            logger.LogInformation("Order {OrderNumber} ({OrderId}) not {Verb}: {Kind} {Detail}", order.Number, order.Id, verb, refused.Kind, refused.Detail);
            return refused;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) {Verb} by {UserId}: now {Status}, {Total} CNY",
            order.Number, order.Id, verb, user.UserId, order.Status, order.Total);
        return await queries.DetailsAsync(order, cancellationToken);
    }
}
