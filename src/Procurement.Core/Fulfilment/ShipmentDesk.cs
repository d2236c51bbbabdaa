using System.Globalization;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary><c>Fulfilment:*</c>: how long after delivery an order completes by itself.</summary>
public sealed class FulfilmentOptions
{
    public int CompleteAfterDays { get; set; } = 7;

    public TimeSpan CompleteAfter => TimeSpan.FromDays(CompleteAfterDays);
}

/// <summary>What a tracking import did.</summary>
public sealed record TrackingImportResult(int Rows, int Shipped, int Delivered, int Orders);

/// <summary>
/// Sending paid orders. Suppliers see their parcels, export packing lists and import tracking numbers (all or
/// nothing, every bad row named); the purchaser follows progress per supplier and per recipient, confirms a
/// delivery the tracking never reported, and confirms the order complete. Each change of shipments moves their order
/// (<see cref="Order.Follow"/>) in the same unit of work.
/// </summary>
public sealed class ShipmentDesk(
    IShipmentStore shipments, IOrderStore orders, ITrackingSheetReader reader, IPackingListSheets sheets, IUnitOfWork unitOfWork, ICurrentUser user,
    OrderQueries queries, Settlement.ISettlementStore settlements, TimeProvider clock, FulfilmentOptions options, ILogger<ShipmentDesk> logger)
{
    public const int MaxRows = 20_000;
    public const int MaxPackingRows = 50_000;
    public const string IdColumn = "shipment_id";
    public const string CarrierColumn = "carrier";
    public const string TrackingColumn = "tracking_no";
    public const string DeliveredColumn = "delivered_at";

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy-MM-dd HH:mm", "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-M-d H:mm:ss",
        "yyyy/M/d H:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
    ];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>A supplier's parcels (or, for admins and finance, everyone's).</summary>
    public async Task<Result<Paged<ShipmentView>>> ListForSupplierAsync(ShipmentQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        if (CheckStatus(query.Status) is { } invalid)
        {
            return invalid;
        }
        return await shipments.ListAsync(Bounded(query), cancellationToken);
    }

    /// <summary>An order's parcels, searchable by the member's name or mobile.</summary>
    public async Task<Result<Paged<ShipmentView>>> ListForOrderAsync(Guid orderId, ShipmentQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (CheckStatus(query.Status) is { } invalid)
        {
            return invalid;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return await shipments.ListAsync(Bounded(query with { OrderId = orderId }), cancellationToken);
    }

    public async Task<Result<FulfilmentProgress>> ProgressAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return await shipments.ProgressAsync(orderId, cancellationToken);
    }

    /// <summary>The supplier's packing list (by default every parcel still to send) as XLSX or CSV.</summary>
    public async Task<Error?> WritePackingListAsync(ShipmentQuery query, SheetFormat format, Stream output, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        if (CheckStatus(query.Status) is { } invalid)
        {
            return invalid;
        }
        var rows = await shipments.PackingListAsync(query with { Status = query.Status ?? nameof(ShipmentStatus.Pending) }, MaxPackingRows, cancellationToken);
        await sheets.WriteAsync(rows, format, output, cancellationToken);
        logger.LogInformation("Supplier {SupplierId} exported a packing list of {Rows} parcels ({Format})", user.SupplierId, rows.Count, format);
        return null;
    }

    /// <summary>
    /// <c>shipment_id,carrier,tracking_no[,delivered_at]</c>: each row sends (and, with a date, delivers) one of the
    /// supplier's parcels. Every row is checked first; any bad row refuses the whole file and nothing is written.
    /// </summary>
    public async Task<Result<TrackingImportResult>> ImportTrackingAsync(Stream content, CancellationToken cancellationToken)
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
        var parsed = new List<(TrackingSheetRow Row, long Id, DateTimeOffset? DeliveredAt)>(rows.Count);
        var seen = new Dictionary<long, int>();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = ParseId(row.ShipmentId);
            if (id is null)
            {
                errors.Add(row.Row, IdColumn, Texts.Pick("请填写发货单号（数字）。", "Give the shipment number (digits)."));
            }
            else if (seen.TryGetValue(id.Value, out var first))
            {
                errors.Add(row.Row, IdColumn, Texts.Pick($"发货单 {id} 与第 {first} 行重复。", $"Shipment {id} repeats row {first}."));
            }
            else
            {
                seen[id.Value] = row.Row;
            }
            if (row.Carrier.Length is 0 or > Shipment.MaxCarrierLength)
            {
                errors.Add(row.Row, CarrierColumn, Texts.Pick($"请填写快递公司（最多 {Shipment.MaxCarrierLength} 字）。", $"Give the carrier (at most {Shipment.MaxCarrierLength} characters)."));
            }
            if (!IsTrackingNumber(row.TrackingNo))
            {
                errors.Add(row.Row, TrackingColumn, Texts.Pick($"运单号须为 4–{Shipment.MaxTrackingLength} 位字母、数字或短横线。",
                    $"The tracking number must be 4–{Shipment.MaxTrackingLength} letters, digits or dashes."));
            }
            DateTimeOffset? delivered = null;
            if (row.DeliveredAt.Length > 0)
            {
                delivered = ParseDate(row.DeliveredAt);
                if (delivered is null)
                {
                    errors.Add(row.Row, DeliveredColumn, Texts.Pick("签收时间格式应为 2026-12-02 或 2026-12-02 14:30（北京时间）。",
                        "The delivery time should look like 2026-12-02 or 2026-12-02 14:30 (Beijing time)."));
                }
                else if (delivered > now + ClockSkew)
                {
                    errors.Add(row.Row, DeliveredColumn, Texts.Pick("签收时间不能晚于现在。", "A delivery cannot be in the future."));
                }
            }
            if (id is { } named)
            {
                parsed.Add((row, named, delivered));
            }
        }

        var states = await shipments.StatesAsync(parsed.Select(p => p.Id).Distinct().ToList(), cancellationToken);
        var earliest = parsed.Where(p => p.DeliveredAt is not null).Select(p => p.DeliveredAt!.Value).DefaultIfEmpty(now).Min();
        var settled = await settlements.SettledMonthsAsync([user.SupplierId!.Value], Settlement.SettlementMonth.Of(earliest).Key, cancellationToken);
        var updates = new List<TrackingUpdate>(parsed.Count);
        foreach (var (row, id, delivered) in parsed)
        {
            // Another supplier's parcel reads exactly like one that does not exist: nothing of theirs leaks.
            if (!states.TryGetValue(id, out var state) || state.SupplierId != user.SupplierId)
            {
                errors.Add(row.Row, IdColumn, Texts.Pick($"没有本店的发货单 {id}。", $"You have no shipment {id}."));
                continue;
            }
            switch (state.Status)
            {
                case ShipmentStatus.Cancelled:
                    errors.Add(row.Row, IdColumn, Texts.Pick($"发货单 {id} 已取消（订单已退款），请勿发货。", $"Shipment {id} was cancelled (the order was refunded); do not send it."));
                    continue;
                case ShipmentStatus.Delivered:
                    errors.Add(row.Row, IdColumn, Texts.Pick($"发货单 {id} 已签收，不能再修改。", $"Shipment {id} is already delivered and cannot change."));
                    continue;
            }
            var shippedAt = state.ShippedAt ?? (delivered is { } d && d < now ? d : now);
            if (delivered is { } at && at < shippedAt)
            {
                errors.Add(row.Row, DeliveredColumn, Texts.Pick("签收时间早于发货时间。", "The delivery is earlier than the dispatch."));
                continue;
            }
            updates.Add(new TrackingUpdate(id, row.Carrier, row.TrackingNo.ToUpperInvariant(), shippedAt, delivered,
                delivered is { } on ? Settlement.SettlementDesk.BookingMonth(on, settled) : null));
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var checkedAt = clock.GetElapsedTime(started);
        shipments.Apply(updates);
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
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        var result = new TrackingImportResult(updates.Count, updates.Count(u => u.DeliveredAt is null), updates.Count(u => u.DeliveredAt is not null), byOrder.Count);
        logger.LogInformation("Supplier {SupplierId} imported tracking for {Rows} shipments of {Orders} orders ({Delivered} delivered) in {Ms} ms (read and check {CheckMs} ms)",
            user.SupplierId, result.Rows, result.Orders, result.Delivered, (long)clock.GetElapsedTime(started).TotalMilliseconds, (long)checkedAt.TotalMilliseconds);
        return result;
    }

    /// <summary>The purchaser confirms a parcel arrived (the member says so); the last one delivers the order.</summary>
    public async Task<Result<ShipmentView>> ConfirmDeliveredAsync(Guid orderId, long shipmentId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order
            || await shipments.FindAsync(shipmentId, cancellationToken) is not { } shipment || shipment.OrderId != order.Id)
        {
            return Error.NotFound();
        }
        var before = await shipments.CountsAsync(order.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var settled = await settlements.SettledMonthsAsync([shipment.SupplierId], Settlement.SettlementMonth.Of(now).Key, cancellationToken);
        if (shipment.ConfirmDelivered(user.UserId!.Value, now, Settlement.SettlementDesk.BookingMonth(now, settled)) is { } wrong)
        {
            return wrong;
        }
        order.Follow(before with { Shipped = before.Shipped - 1, Delivered = before.Delivered + 1 }, user.UserId, now);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Shipment {ShipmentId} of order {OrderNumber} confirmed delivered by {UserId}; order {Status}", shipment.Id, order.Number,
            user.UserId, order.Status);
        return await shipments.ViewAsync(shipment.Id, cancellationToken) is { } view ? view : Error.NotFound();
    }

    /// <summary>The purchaser confirms everything arrived: Delivered → Completed.</summary>
    public async Task<Result<OrderDetails>> CompleteAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Complete(user.UserId, clock.GetUtcNow(), Texts.Pick("采购员确认收货完成。", "The purchaser confirmed completion.")) is { } wrong)
        {
            return wrong;
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber} completed by {UserId}", order.Number, user.UserId);
        return await queries.DetailsAsync(order, cancellationToken);
    }

    /// <summary>Delivered orders whose confirmation period has passed, oldest first; the daily job completes each on its own.</summary>
    public Task<IReadOnlyList<Guid>> DueForCompletionAsync(int max, CancellationToken cancellationToken) =>
        orders.DeliveredBeforeAsync(clock.GetUtcNow() - options.CompleteAfter, max, cancellationToken);

    /// <summary>Completes one order the purchaser never confirmed (the system, as the daily job); false when it no longer qualifies.</summary>
    public async Task<bool> CompleteDueAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order || order.DeliveredAt is not { } delivered || now - delivered < options.CompleteAfter)
        {
            return false;
        }
        if (order.Complete(null, now, Texts.Pick($"签收后 {options.CompleteAfterDays} 天自动确认完成。", $"Completed automatically {options.CompleteAfterDays} days after delivery.")) is not null
            || await unitOfWork.CommitAsync(cancellationToken) is not null)
        {
            return false;
        }
        logger.LogInformation("Order {OrderNumber} completed automatically, delivered {DeliveredAt}", order.Number, delivered);
        return true;
    }

    private static Error? CheckStatus(string? status) =>
        status is null || Enum.TryParse<ShipmentStatus>(status, ignoreCase: false, out _)
            ? null
            : Error.Invalid("status", Texts.Pick("状态须为 Pending、Shipped、Delivered 或 Cancelled。", "The status must be Pending, Shipped, Delivered or Cancelled."));

    private static ShipmentQuery Bounded(ShipmentQuery query) =>
        query with { Page = Math.Max(1, query.Page), PageSize = Math.Clamp(query.PageSize, 1, ListQuery.MaxPageSize), Q = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim() };

    private static long? ParseId(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('S') || trimmed.StartsWith('s'))
        {
            trimmed = trimmed[1..];
        }
        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    private static bool IsTrackingNumber(string text) =>
        text.Length >= 4 && text.Length <= Shipment.MaxTrackingLength && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>A date or time as typed (Beijing time unless it carries an offset), or an Excel serial date.</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        var trimmed = text.Trim();
        if (DateTime.TryParseExact(trimmed, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, BusinessDate.Offset).ToUniversalTime();
        }
        if (trimmed.Contains('T') && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (trimmed.EndsWith('Z') || trimmed.LastIndexOfAny(['+', '-']) > 10))
        {
            return withOffset.ToUniversalTime();
        }
        return null;
    }
}
