using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MiniExcelLibs;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Ordering;

/// <summary>The recipients template, and an order's export for shipping (recipients with what each package holds).</summary>
public sealed class OrderSheets : IOrderSheets
{
    /// <summary>
    /// The column headers only: sample people had to be found and deleted before a real list was pasted in, and any
    /// left behind would be sent a package. What each column takes is said on the upload page.
    /// </summary>
    public byte[] Template(SheetFormat format)
    {
        if (format == SheetFormat.Xlsx)
        {
            // One row holding the headers themselves: MiniExcel writes no header for an empty list.
            var headers = new[] { RecipientRules.Columns.ToDictionary(c => c, c => (object)c) };
            using var buffer = new MemoryStream();
            buffer.SaveAs(headers, printHeader: false, sheetName: "recipients", excelType: ExcelType.XLSX);
            return buffer.ToArray();
        }
        var csv = new StringBuilder(string.Join(",", RecipientRules.Columns)).Append("\r\n");
        // UTF-8 with a BOM, so Excel opens the Chinese correctly on double-click.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public Task WriteShippingAsync(OrderDetails order, IAsyncEnumerable<Recipient> recipients, Stream output, CancellationToken cancellationToken)
    {
        var contents = string.Join("；", order.Lines.Select(l => $"{l.ProductName} {l.SkuCode} × {l.PerPackage}"));
        var package = order.Lines.Select(l => new Dictionary<string, object>
        {
            ["规格编码"] = l.SkuCode,
            ["商品"] = l.ProductName,
            ["每份数量"] = l.PerPackage,
            ["总数量"] = l.Quantity,
            ["单价"] = l.UnitPrice,
            ["金额"] = l.Amount,
        }).ToList();
        // The order's own particulars on a sheet of their own (项目, 内容), so the two sheets' columns stay as they were:
        // the union's reference (审批单号/经费科目) travels with every export of the order (docs/ordering.md).
        var particulars = new List<Dictionary<string, object>>
        {
            Particular("订单号", order.Number),
            Particular("审批单号/经费科目", SheetCells.Safe(order.Reference ?? "")),
            Particular("节日", Occasions.Label(Enum.Parse<Occasion>(order.Occasion))),
            Particular("备注", SheetCells.Safe(order.Note ?? "")),
            Particular("份数", order.PackageCount),
            Particular("金额", order.Total),
        };
        // The recipients are read as the sheet is written: 20,000 of them never sit in memory.
        var sheets = new Dictionary<string, object>
        {
            ["收件人"] = ShippingRows(recipients, contents, cancellationToken), ["每份内容"] = package, ["订单"] = particulars,
        };
        return SheetStreams.XlsxAsync(output, sheets, "收件人", cancellationToken);
    }

    private static Dictionary<string, object> Particular(string item, object value) => new() { ["项目"] = item, ["内容"] = value };

    private static async IAsyncEnumerable<Dictionary<string, object>> ShippingRows(IAsyncEnumerable<Recipient> recipients, string contents,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in recipients.WithCancellation(cancellationToken))
        {
            var row = Row(r.Name, r.Mobile, Regions.NameOf(r.ProvinceCode), Regions.NameOf(r.CityCode), Regions.NameOf(r.DistrictCode), r.Address, r.Packages);
            row["每份内容"] = contents;
            yield return row;
        }
    }

    private static Dictionary<string, object> Row(string name, string mobile, string province, string city, string district, string address, int packages) =>
        new()
        {
            [RecipientRules.NameColumn] = name,
            [RecipientRules.MobileColumn] = mobile,
            [Addresses.Province] = province,
            [Addresses.City] = city,
            [Addresses.District] = district,
            [RecipientRules.AddressColumn] = address,
            [RecipientRules.PackagesColumn] = packages,
        };
}
