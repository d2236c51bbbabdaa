using System.Runtime.CompilerServices;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;
using Procurement.Core.Unions;

namespace Procurement.Core.Paperwork;

/// <summary>What one parcel adds to the sign-off sheet: who sent it, how, and when it arrived.</summary>
public sealed record SignOffParcel(int RecipientRow, Guid SupplierId, string? Carrier, string? TrackingNo, DateTimeOffset? DeliveredAt);

/// <summary>The title row: the union, the occasion, the order number (and its reference, once orders have one).</summary>
public sealed record SignOffTitle(string Union, string Occasion, string OrderNumber, string? Reference = null)
{
    /// <summary>The union's own reference (审批单号/经费科目) follows the order number when the order has one.</summary>
    public string Text => $"实名发放签领表　{Union}　{Occasion}　订单号 {OrderNumber}" + (Reference is { Length: > 0 } r ? $"　审批单号/经费科目 {r}" : "");
}

/// <summary>One recipient's row, as the contract names the columns.</summary>
public sealed record SignOffRow(int Number, string Name, string Mobile, string Address, int Packages, string Goods, string Carrier, string TrackingNo, string DeliveredAt);

/// <summary>Writes the 实名发放签领表 as XLSX (A4 landscape, header repeated, fit to width) or CSV, reading the rows as it writes.</summary>
public interface ISignOffSheetWriter
{
    Task WriteAsync(SignOffTitle title, IAsyncEnumerable<SignOffRow> rows, SheetFormat format, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// 实名发放签领表 (#22 Paperwork): one row per recipient of an order, mobiles masked, the goods of a package as the
/// order names them, and per recipient the carrier, tracking number and delivery time of each of its parcels (one per
/// supplier, in the order's supplier order, joined with "；"). Read like the order itself: ReadOrder, and the
/// tenant filter makes another union's order a 404.
/// </summary>
public sealed class SignOffSheets(OrderQueries orders, IRecipientStore recipients, IShipmentStore shipments, IUnionStore unions, ISignOffSheetWriter writer)
{
    public static readonly IReadOnlyList<string> Columns = ["序号", "姓名", "手机号", "收货地址", "份数", "商品", "承运商", "运单号", "签收时间", "签收人签字"];

    public async Task<Result<SheetDownload>> DownloadAsync(Guid orderId, SheetFormat format, CancellationToken cancellationToken)
    {
        var found = await orders.GetAsync(orderId, cancellationToken);
        if (found.Error is { } refused)
        {
            return refused;
        }
        var order = found.Value!;
        var union = await unions.FindAsync(order.UnionId, cancellationToken);
        var occasion = Occasions.TryParse(order.Occasion, out var known) ? Occasions.Label(known) : order.Occasion;
        var title = new SignOffTitle(union?.Name ?? "", occasion, order.Number, order.Reference);
        return new SheetDownload($"签领表-{order.Number}.{format.Extension()}", format,
            (output, token) => writer.WriteAsync(title, RowsAsync(order, token), format, output, token));
    }

    private async IAsyncEnumerable<SignOffRow> RowsAsync(OrderDetails order, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var goods = string.Join("；", order.Lines.Select(l => $"{l.ProductName} {l.SkuCode} × {l.PerPackage}"));
        var supplierOrder = order.Lines.Select(l => l.SupplierId).Distinct().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        // The parcels' few fields are read first (a small record per parcel); the recipients then stream past them.
        var parcels = (await shipments.SignOffParcelsAsync(order.Id, cancellationToken))
            .GroupBy(p => p.RecipientRow)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => supplierOrder.GetValueOrDefault(p.SupplierId, int.MaxValue)).ToList());
        var number = 0;
        await foreach (var r in recipients.AllAsync(order.Id, cancellationToken).WithCancellation(cancellationToken))
        {
            var sent = parcels.GetValueOrDefault(r.Row) ?? [];
            yield return new SignOffRow(++number, r.Name, UnionDashboard.Mask(r.Mobile), $"{r.RegionLabel} {r.Address}", r.Packages, goods,
                Join(sent, p => p.Carrier), Join(sent, p => p.TrackingNo),
                Join(sent, p => p.DeliveredAt is { } at ? BusinessDate.Minutes(at) : null));
        }
    }

    /// <summary>Each parcel's value in supplier order; empty while none is shipped.</summary>
    private static string Join(List<SignOffParcel> parcels, Func<SignOffParcel, string?> value) =>
        parcels.Any(p => !string.IsNullOrEmpty(value(p))) ? string.Join("；", parcels.Select(p => value(p) ?? "")) : "";
}
