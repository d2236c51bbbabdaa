using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Gifts;

/// <summary>Writes the codes sheet (<c>姓名,手机号,兑换码,链接,已选</c>) as CSV or XLSX.</summary>
public interface IGiftSheets
{
    Task WriteCodesAsync(Order order, IAsyncEnumerable<GiftCodeRow> rows, SheetFormat format, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// The purchaser's side of a choice order: how the choices stand (per option, who has not chosen), reminders, the
/// messages sent, and every code as a sheet to hand out another way. The order's union only (the tenant filter).
/// </summary>
public sealed class OrderGifts(IOrderStore orders, IGiftStore store, IMemberMessages messages, IGiftSheets sheets, IUnitOfWork unitOfWork, ICurrentUser user,
    TimeProvider clock, ILogger<OrderGifts> logger)
{
    public const int NotChosenListed = 50;

    public async Task<Result<GiftProgress>> ProgressAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (await ChoiceOrderAsync(orderId, Capability.ReadOrder, cancellationToken) is not { } found)
        {
            return Error.NotFound();
        }
        if (found.Error is { } refused)
        {
            return refused;
        }
        var order = found.Value!;
        var progress = await store.ProgressAsync(order, NotChosenListed, cancellationToken);
        if (order.ChoicesClosedAt is not null || order.Status != OrderStatus.Paid)
        {
            return progress;
        }
        // The default goes to whoever has not chosen when the choices close: warn while there is time to restock.
        var unchosen = order.PackageCount - progress.Options.Sum(o => o.Packages);
        return progress with
        {
            DefaultShort = await GiftStock.DefaultShortageAsync(store, order, unchosen, cancellationToken),
        };
    }

    /// <summary>Reminds every member who has not chosen (one message each), while the choices are open.</summary>
    public async Task<Result<int>> RemindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (await ChoiceOrderAsync(orderId, Capability.Purchase, cancellationToken) is not { } found)
        {
            return Error.NotFound();
        }
        if (found.Error is { } refused)
        {
            return refused;
        }
        var order = found.Value!;
        var now = clock.GetUtcNow();
        if (!order.ChoicesOpen(now))
        {
            return Error.InvalidState(Texts.Pick("自选未开放或已截止，不能提醒。", "The choices are not open; there is no one to remind."));
        }
        // Each press texts every member who has not chosen: bounded per order (attack review, #24), so a double click
        // or a script cannot flood phones or the SMS bill. Presses at once are held by the same guard in the insert.
        if (await store.RemindedSinceAsync(order.Id, now - MemberChoice.ReminderInterval, cancellationToken))
        {
            var hours = (int)MemberChoice.ReminderInterval.TotalHours;
            return Error.InvalidState(Texts.Pick($"{hours} 小时内已提醒过，请稍后再提醒。", $"The members were reminded within the last {hours} hours; remind them later."));
        }
        var progress = await store.ProgressAsync(order, 0, cancellationToken);
        messages.RemindUnchosen(order, user.UserId);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber}: {Members} members reminded to choose by {UserId}", order.Number, progress.NotChosen, user.UserId);
        return progress.NotChosen;
    }

    public async Task<Result<SheetDownload>> CodesAsync(Guid orderId, SheetFormat format, CancellationToken cancellationToken)
    {
        if (await ChoiceOrderAsync(orderId, Capability.ReadOrder, cancellationToken) is not { } found)
        {
            return Error.NotFound();
        }
        if (found.Error is { } refused)
        {
            return refused;
        }
        var order = found.Value!;
        return new SheetDownload($"{order.Number}-codes.{format.Extension()}", format,
            (output, ct) => sheets.WriteCodesAsync(order, store.CodesAsync(order.Id, ct), format, output, ct));
    }

    public async Task<Result<Paged<MemberMessageView>>> MessagesAsync(Guid orderId, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await ChoiceOrderAsync(orderId, Capability.ReadOrder, cancellationToken) is not { } found)
        {
            return Error.NotFound();
        }
        if (found.Error is { } refused)
        {
            return refused;
        }
        var bounds = PageBounds.Require(page, pageSize);
        return await store.MessagesAsync(orderId, bounds.Page, bounds.PageSize, cancellationToken);
    }

    /// <summary>Null: no such order for the caller (404); otherwise the order or the refusal.</summary>
    private async Task<Result<Order>?> ChoiceOrderAsync(Guid orderId, Capability capability, CancellationToken cancellationToken)
    {
        if (user.Refuse(capability) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return null;
        }
        return order.Mode == OrderMode.Choice ? order
            : Error.InvalidState(Texts.Pick("这不是职工自选订单。", "This is not a member-choice order."));
    }
}
