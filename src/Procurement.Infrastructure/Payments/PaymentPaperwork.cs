using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Payments;
using Procurement.Infrastructure.Catalog;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Payments;

/// <summary>The payment notice as an XLSX of two columns (项目, 内容), through the same sheet writer as every export.</summary>
public sealed class PaymentNoticeSheet : IPaymentNoticeSheet
{
    public const string ItemColumn = "项目";
    public const string ValueColumn = "内容";

    public Task WriteAsync(PaymentNotice notice, Stream output, CancellationToken cancellationToken)
    {
        (string Item, object Value)[] rows =
        [
            ("付款通知书", $"订单 {notice.OrderNumber}"),
            ("收款单位", notice.Payee.AccountName),
            ("开户银行", notice.Payee.BankName),
            ("银行账号", notice.Payee.AccountNumber),
            ("付款单位", SheetCells.Safe(notice.UnionName)),
            ("订单号", notice.OrderNumber),
            ("审批单号/经费科目", SheetCells.Safe(notice.OrderReference ?? "")),
            ("金额（小写）", notice.Amount),
            ("金额（大写）", notice.AmountInCapitals),
            ("转账附言（必填）", notice.Reference),
            ("付款截止", notice.DueText),
            ("开具时间", notice.IssuedAt.ToOffset(Core.Common.BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
        ];
        var sheet = rows.Select(r => new Dictionary<string, object?> { [ItemColumn] = r.Item, [ValueColumn] = r.Value }).ToList();
        return SheetStreams.XlsxAsync(output, sheet, "付款通知书", cancellationToken);
    }
}

/// <summary>
/// Paperwork files — transfer receipts and issued invoices — in the shared file store (<c>Storage:FilesDirectory</c>,
/// default <c>{data}/files</c>): the same atomic writes as photos, under names the use cases make.
/// </summary>
public sealed class PaperworkFiles(IPhotoFiles store) : IReceiptFiles, Core.Paperwork.IInvoiceFiles
{
    public Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken) => store.WriteAsync(name, content, cancellationToken);

    public Stream? Open(string name) => store.Open(name);

    public void Delete(string name)
    {
        try
        {
            store.Delete(name);
        }
        catch (IOException)
        {
            // A file left behind is harmless: no row names it.
        }
    }
}

public static class PaymentPaperworkSetup
{
    /// <summary>The payment notice's sheet and the receipts' folder, which every web instance mounts like the photos'.</summary>
    public static IServiceCollection AddPaymentPaperwork(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var files = configuration["Storage:FilesDirectory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(dataDirectory, "files");
        var store = new PaperworkFiles(new LocalPhotoFiles(files));
        services.AddSingleton<IReceiptFiles>(store);
        services.AddSingleton<Core.Paperwork.IInvoiceFiles>(store);
        services.AddSingleton<Core.Paperwork.IInvoiceSheets, Paperwork.InvoiceSheets>();
        services.AddSingleton<IPaymentNoticeSheet, PaymentNoticeSheet>();
        return services;
    }
}
