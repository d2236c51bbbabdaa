using System.Globalization;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Fulfilment;

/// <summary>
/// Tracking sheets (<c>shipment_id,carrier,tracking_no[,delivered_at]</c>) through the stock import's readers and bounds.
/// Headers match loosely (发货单号, 快递公司, 运单号, 签收时间 …), so the packing list's own columns import as they are.
/// </summary>
public sealed class TrackingSheetReader : ITrackingSheetReader
{
    private static readonly (string Column, string[] Names, bool Required)[] Columns =
    [
        (TrackingRowValidator.IdColumn, ["shipment_id", "shipmentid", "发货单号", "发货单"], true),
        (TrackingRowValidator.CarrierColumn, ["carrier", "快递公司", "快递", "物流公司"], true),
        (TrackingRowValidator.TrackingColumn, ["tracking_no", "trackingno", "运单号", "快递单号", "物流单号"], true),
        (TrackingRowValidator.DeliveredColumn, ["delivered_at", "deliveredat", "签收时间", "签收日期"], false),
    ];

    public Result<IReadOnlyList<TrackingSheetRow>> Read(Stream content, CancellationToken cancellationToken) =>
        SheetFile.ReadTable(content, Columns,
            (row, missing, header) => Error.Invalid("file", Texts.Pick(
                $"第 {row} 行的表头应为 shipment_id,carrier,tracking_no[,delivered_at]，缺少：{string.Join("、", missing)}（实际为：{header}）。",
                $"The header in row {row} should be shipment_id,carrier,tracking_no[,delivered_at]; missing: {string.Join(", ", missing)} (found: {header}).")),
            Error.Invalid("file", Texts.Pick("文件只有表头，没有运单。", "The file has a header but no rows.")),
            TrackingImport.MaxRows, (row, cell) => new TrackingSheetRow(row, cell(0), cell(1), cell(2), cell(3)), cancellationToken);
}

/// <summary>
/// A supplier's packing list: one row per parcel with its number, recipient, address and contents, and empty
/// carrier, tracking and delivery columns, so the same file, filled in, is the tracking import. The API's file keeps
/// the contract's header (<c>shipment_id,carrier,tracking_no,delivered_at</c>, then the details) and state codes; the
/// portal's link names its columns and states in the reader's language (发货单号, 快递公司, 运单号, 签收时间 … 待发货),
/// names the import reads back as well.
/// </summary>
public sealed class PackingListSheets : IPackingListSheets
{
    private static readonly string[] ContractHeader =
        ["shipment_id", "carrier", "tracking_no", "delivered_at", "订单号", "收件人", "手机号", "地区", "详细地址", "份数", "包裹内容", "状态"];

    private static readonly string[] ChineseHeader =
        ["发货单号", "快递公司", "运单号", "签收时间", "订单号", "收件人", "手机号", "地区", "详细地址", "份数", "包裹内容", "状态"];

    private static readonly string[] EnglishHeader =
        ["shipment_id", "carrier", "tracking_no", "delivered_at", "Order", "Recipient", "Mobile", "Region", "Address", "Packages", "Contents", "Status"];

    /// <summary>A parcel's state as a person reads it.</summary>
    public static string StatusLabel(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Pending => Texts.Pick("待发货", "To send"),
        ShipmentStatus.Shipped => Texts.Pick("已发货", "Sent"),
        ShipmentStatus.Delivered => Texts.Pick("已签收", "Delivered"),
        ShipmentStatus.Cancelled => Texts.Pick("已取消", "Cancelled"),
        _ => status.ToString(),
    };

    public Task WriteAsync(IReadOnlyList<PackingRow> rows, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken)
    {
        var header = labels == SheetLabels.Contract ? ContractHeader : Texts.IsEnglish ? EnglishHeader : ChineseHeader;
        if (format == SheetFormat.Xlsx)
        {
            IEnumerable<Dictionary<string, object?>> sheet = rows.Count == 0
                ? [header.ToDictionary(h => h, _ => (object?)null)]
                : rows.Select(r =>
                {
                    var cells = Cells(r, labels);
                    var row = new Dictionary<string, object?>();
                    for (var i = 0; i < header.Length; i++)
                    {
                        row[header[i]] = cells[i];
                    }
                    return row;
                });
            return SheetStreams.XlsxAsync(output, sheet, "packing", cancellationToken);
        }
        return SheetStreams.CsvAsync(output, rows.Select(row => string.Join(",", Cells(row, labels).Select(c => SheetCells.Csv(c switch
        {
            string text => text,
            int n => n.ToString(CultureInfo.InvariantCulture),
            long n => n.ToString(CultureInfo.InvariantCulture),
            null => "",
            _ => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "",
        })))).Prepend(string.Join(",", header)), cancellationToken);
    }

    private static object?[] Cells(PackingRow row, SheetLabels labels)
    {
        var s = row.Shipment;
        return
        [
            s.Id, SheetCells.Safe(s.Carrier), SheetCells.Safe(s.TrackingNo),
            s.DeliveredAt is { } d ? d.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
            s.OrderNumber, SheetCells.Safe(s.RecipientName), SheetCells.Safe(s.Mobile), s.Region, SheetCells.Safe(s.Address), s.Packages,
            SheetCells.Safe(row.Contents), labels == SheetLabels.Contract || !Enum.TryParse<ShipmentStatus>(s.Status, out var status) ? s.Status : StatusLabel(status),
        ];
    }
}
