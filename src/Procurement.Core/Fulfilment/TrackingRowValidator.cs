using System.Globalization;
using Procurement.Core.Common;

namespace Procurement.Core.Fulfilment;

/// <summary>A tracking row that names a parcel: the number as read, and the carrier, tracking number and delivery it brings.</summary>
public sealed record TrackingRow(TrackingSheetRow Sheet, long ShipmentId, DateTimeOffset? DeliveredAt);

/// <summary>
/// Checks the rows of one tracking sheet, one at a time, on their own: the parcel number (digits, an <c>S</c> prefix
/// allowed, not repeating an earlier row), the carrier, the tracking number (4–40 ASCII letters, digits or dashes),
/// and, if given, <c>delivered_at</c> (a Beijing date or time, not in the future). Each bad cell is reported as
/// <c>row N: column</c>, like the recipients import. Spaces typed or pasted into a tracking number (full-width ones and
/// those inside it too) are not part of it and are dropped before it is checked. Whether the parcel is the caller's and may still change is the
/// import's question, asked of the database once for every row.
/// </summary>
public sealed class TrackingRowValidator(DateTimeOffset now)
{
    public const string IdColumn = "shipment_id";
    public const string CarrierColumn = "carrier";
    public const string TrackingColumn = "tracking_no";
    public const string DeliveredColumn = "delivered_at";

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy-MM-dd HH:mm", "yyyy-M-d H:mm", "yyyy/M/d H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-M-d H:mm:ss",
        "yyyy/M/d H:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss",
    ];

    private readonly Dictionary<long, int> _seen = [];

    /// <summary>
    /// Adds the row's bad cells to <paramref name="errors"/>. Null when the row names no readable parcel; otherwise the
    /// row, even with other bad cells, so the import still judges its parcel and every problem of a row shows at once.
    /// </summary>
    public TrackingRow? Check(TrackingSheetRow row, RowErrors errors)
    {
        row = row with { TrackingNo = WithoutSpaces(row.TrackingNo) };
        var id = ParseId(row.ShipmentId);
        if (id is null)
        {
            errors.Add(row.Row, IdColumn, Texts.Pick("请填写发货单号（数字）。", "Give the shipment number (digits)."));
        }
        else if (_seen.TryGetValue(id.Value, out var first))
        {
            errors.Add(row.Row, IdColumn, Texts.Pick($"发货单 {id} 与第 {first} 行重复。", $"Shipment {id} repeats row {first}."));
        }
        else
        {
            _seen[id.Value] = row.Row;
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
            else if (delivered > now + BusinessDate.ClockSkew)
            {
                errors.Add(row.Row, DeliveredColumn, Texts.Pick("签收时间不能晚于现在。", "A delivery cannot be in the future."));
            }
        }
        return id is { } named ? new TrackingRow(row, named, delivered) : null;
    }

    /// <summary>
    /// A row the supplier has not filled in yet: no tracking number (spaces aside) and no delivery. The packing list
    /// comes back with only the parcels sent so far filled in; the rest are "not yet", skipped, never an error.
    /// </summary>
    public static bool NotYet(TrackingSheetRow row) => WithoutSpaces(row.TrackingNo).Length == 0 && string.IsNullOrWhiteSpace(row.DeliveredAt);

    /// <summary>The text without any space: ASCII, full-width (U+3000), no-break, tabs, wherever they are.</summary>
    public static string WithoutSpaces(string text) =>
        text.Any(char.IsWhiteSpace) ? string.Concat(text.Where(c => !char.IsWhiteSpace(c))) : text;

    /// <summary>A date or time as typed (Beijing time unless it carries an offset).</summary>
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
}
