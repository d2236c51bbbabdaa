using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>What a tracking import did.</summary>
/// <param name="Skipped">Rows left for later: no tracking number and no delivery yet ("not yet sent"), counted, never an error.</param>
public sealed record TrackingImportResult(int Rows, int Shipped, int Delivered, int Orders, int Skipped = 0);

/// <summary>
/// The supplier's tracking import, <c>shipment_id,carrier,tracking_no[,delivered_at]</c>: each row sends (and, with a
/// date, delivers) one of the supplier's parcels. Every row is checked first — on its own by
/// <see cref="TrackingRowValidator"/>, then against its parcel — and any bad row refuses the whole file, nothing
/// written. A row with neither a tracking number nor a delivery is the supplier's "not yet" (a packing list filled in
/// part way): it is skipped and counted, whatever else it holds. The parcels and the orders they move (<see cref="Order.Follow"/>) change in one unit of work.
/// </summary>
public sealed class TrackingImport(
    IShipmentStore shipments, IOrderStore orders, ITrackingSheetReader reader, Settlement.ISettlementStore settlements, Notifications.INotifications notifications,
    Payments.IPaidOrderInvoices invoices, IUnitOfWork unitOfWork, ICurrentUser user,
    TimeProvider clock, ILogger<TrackingImport> logger)
{
    public const int MaxRows = 20_000;

    public async Task<Result<TrackingImportResult>> ImportAsync(Stream content, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        var started = clock.GetTimestamp();
        var read = reader.Read(content, cancellationToken);
        if (read.Error is { } unreadable)
        {
            return unreadable;
        }
        var rows = read.Value!;
        if (rows.Count > MaxRows)
        {
            return Error.Invalid("file", Texts.Pick($"一次最多导入 {MaxRows} 行，请分成几个文件导入。", $"At most {MaxRows} rows per import; split the file."));
        }
        var now = clock.GetUtcNow();
        var errors = new RowErrors();
        var validator = new TrackingRowValidator(now);
        var parsed = new List<TrackingRow>(rows.Count);
        var skipped = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TrackingRowValidator.NotYet(row))
            {
                skipped++;
                continue;
            }
            if (validator.Check(row, errors) is { } named)
            {
                parsed.Add(named);
            }
        }
        var states = await shipments.StatesAsync(parsed.Select(p => p.ShipmentId).Distinct().ToList(), cancellationToken);
        var updates = await UpdatesAsync(parsed, states, errors, now, cancellationToken);
        if (errors.Any)
        {
            return errors.ToError();
        }

        var checkedAt = clock.GetElapsedTime(started);
        // Each supplier-month a delivery lands in is booked first (refused if settled meanwhile); every parcel
        // delivered posts its value from held to the supplier's payable, in the same statements as the update.
        foreach (var month in updates.Where(u => u.Month is not null).Select(u => u.Month!.Value).Distinct().Order())
        {
            settlements.Book(user.SupplierId!.Value, month);
        }
        shipments.Apply(updates, user.UserId);
        var byOrder = updates.GroupBy(u => states[u.ShipmentId].OrderId).ToList();
        foreach (var group in byOrder)
        {
            if (await orders.FindForShipmentAsync(group.Key, cancellationToken) is not { } order)
            {
                return Conflicts.Changed();
            }
            var before = await shipments.CountsAsync(order.Id, cancellationToken);
            var shipped = group.Count(u => states[u.ShipmentId].Status == ShipmentStatus.Pending && u.DeliveredAt is null);
            var delivered = group.Count(u => u.DeliveredAt is not null);
            var wasPending = group.Count(u => states[u.ShipmentId].Status == ShipmentStatus.Pending);
            var wasShippedNowDelivered = group.Count(u => states[u.ShipmentId].Status == ShipmentStatus.Shipped && u.DeliveredAt is not null);
            var after = new ShipmentCounts(before.Pending - wasPending, before.Shipped + shipped - wasShippedNowDelivered, before.Delivered + delivered);
            order.Follow(after, user.UserId, now);
            invoices.Delivered(order);
            // One notification per order per import, however many of its parcels the file sends.
            if (shipped > 0)
            {
                notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.ParcelsShipped, order.Id, order.Number,
                    shipped.ToString(System.Globalization.CultureInfo.InvariantCulture), now));
            }
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        var result = new TrackingImportResult(updates.Count, updates.Count(u => u.DeliveredAt is null), updates.Count(u => u.DeliveredAt is not null), byOrder.Count, skipped);
        logger.LogInformation("Supplier {SupplierId} imported tracking for {Rows} shipments of {Orders} orders ({Delivered} delivered, {Skipped} rows not yet sent) in {Ms} ms (read and check {CheckMs} ms)",
            user.SupplierId, result.Rows, result.Orders, result.Delivered, result.Skipped, (long)clock.GetElapsedTime(started).TotalMilliseconds, (long)checkedAt.TotalMilliseconds);
        return result;
    }

    /// <summary>Each row judged against its parcel as saved: the caller's, still open, not delivered before it left; what it becomes.</summary>
    private async Task<List<TrackingUpdate>> UpdatesAsync(List<TrackingRow> parsed, IReadOnlyDictionary<long, ShipmentState> states, RowErrors errors, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var earliest = parsed.Where(p => p.DeliveredAt is not null).Select(p => p.DeliveredAt!.Value).DefaultIfEmpty(now).Min();
        var settled = await settlements.SettledMonthsAsync([user.SupplierId!.Value], Settlement.SettlementMonth.Of(earliest).Key, cancellationToken);
        var updates = new List<TrackingUpdate>(parsed.Count);
        foreach (var (row, id, delivered) in parsed)
        {
            // Another supplier's parcel reads exactly like one that does not exist: nothing of theirs leaks.
            if (!states.TryGetValue(id, out var state) || state.SupplierId != user.SupplierId)
            {
                errors.Add(row.Row, TrackingRowValidator.IdColumn, Texts.Pick($"没有本店的发货单 {id}。", $"You have no shipment {id}."));
                continue;
            }
            switch (state.Status)
            {
                case ShipmentStatus.Cancelled:
                    errors.Add(row.Row, TrackingRowValidator.IdColumn, Texts.Pick($"发货单 {id} 已取消（订单已退款），请勿发货。",
                        $"Shipment {id} was cancelled (the order was refunded); do not send it."));
                    continue;
                case ShipmentStatus.Delivered:
                    errors.Add(row.Row, TrackingRowValidator.IdColumn, Texts.Pick($"发货单 {id} 已签收，不能再修改。", $"Shipment {id} is already delivered and cannot change."));
                    continue;
            }
            var shippedAt = state.ShippedAt ?? (delivered is { } d && d < now ? d : now);
            if (delivered is { } at && at < shippedAt)
            {
                errors.Add(row.Row, TrackingRowValidator.DeliveredColumn, Texts.Pick("签收时间早于发货时间。", "The delivery is earlier than the dispatch."));
                continue;
            }
            updates.Add(new TrackingUpdate(id, row.Carrier, row.TrackingNo.ToUpperInvariant(), shippedAt, delivered,
                delivered is { } on ? Settlement.SettlementMonth.BookingKey(on, settled) : null));
        }
        return updates;
    }
}
