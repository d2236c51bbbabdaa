using System.Globalization;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Payments;

/// <summary>
/// A payment notice (付款通知书): everything the purchaser's finance office needs to make the transfer — the payee,
/// the amount in figures and in capitals, the reference to write, the order and union, and the day the reservation
/// ends unpaid.
/// </summary>
public sealed record PaymentNotice(
    string OrderNumber, string UnionName, Payee Payee, decimal Amount, string AmountInCapitals, string Reference, DateTimeOffset DueBy, DateTimeOffset IssuedAt,
    string? OrderReference = null)
{
    /// <summary>The due day and time in Beijing, as the notice prints it.</summary>
    public string DueText => DueBy.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A stored receipt handed out: its bytes, what they are, and a file name we made.</summary>
public sealed record ReceiptDownload(Stream Content, string ContentType, string FileName);

/// <summary>The shared file store's side of receipts: names are ours (<c>receipts/{paymentId}-{n}.pdf</c>), never the upload's.</summary>
public interface IReceiptFiles
{
    /// <summary>Writes the whole file or nothing.</summary>
    Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken);

    Stream? Open(string name);

    void Delete(string name);
}

/// <summary>The XLSX payment notice, written by the same sheet writer as every other download.</summary>
public interface IPaymentNoticeSheet
{
    Task WriteAsync(PaymentNotice notice, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// The purchaser's bank-transfer paperwork: the payment notice for an approved order (HTML for print and XLSX), and
/// "paid, here is the receipt" (已付款，上传回单) — a PDF, JPG or PNG of at most 5 MB, judged by its first bytes,
/// stored under a name we make, and told to finance in the same unit of work. The receipt is served to the order's
/// union, finance and admins (whoever may open the order); another union's answers 404.
/// </summary>
public sealed class TransferPaperwork(
    IOrderStore orders, IPaymentStore payments, Unions.IUnionStore unions, IReceiptFiles files, IPaymentNoticeSheet sheet, Notifications.INotifications notifications,
    IUnitOfWork unitOfWork, ICurrentUser user, BankTransferOptions bank, OrderingOptions ordering, PaymentMethodNames methods, TimeProvider clock, ILogger<TransferPaperwork> logger)
{
    public const int MaxReceiptBytes = 5 * 1024 * 1024;

    public async Task<Result<PaymentNotice>> NoticeAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order || await unions.FindAsync(order.UnionId, cancellationToken) is not { } union)
        {
            return Error.NotFound();
        }
        if (order.Status != OrderStatus.Approved)
        {
            return Error.InvalidState(Texts.Pick("只有已审批、待付款的订单有付款通知书。", "Only an approved order waiting for payment has a payment notice."));
        }
        if (!bank.Configured)
        {
            return new Error(ErrorKind.PaymentProviderUnavailable, Texts.Pick("平台收款账户尚未配置，暂不能对公转账。", "The platform's receiving account is not configured; bank transfer is unavailable."));
        }
        var transfer = await payments.FindPendingAsync(order.Id, PaymentMethod.BankTransfer, cancellationToken);
        var amount = transfer?.Amount ?? order.Total;
        return new PaymentNotice(order.Number, union.Name, new Payee(bank.AccountName!, bank.BankName!, bank.AccountNumber!), amount, ChineseAmount.Capitals(amount),
            transfer?.Reference ?? order.Number, order.ReservationEndsAt(ordering.Reservation) ?? clock.GetUtcNow(), clock.GetUtcNow(), order.Reference);
    }

    public async Task<Result<SheetDownload>> NoticeSheetAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var notice = await NoticeAsync(orderId, cancellationToken);
        if (notice.Error is { } refused)
        {
            return refused;
        }
        var ready = notice.Value!;
        return new SheetDownload($"付款通知书-{ready.OrderNumber}.xlsx", SheetFormat.Xlsx, (output, token) => sheet.WriteAsync(ready, output, token));
    }

    /// <summary>
    /// The purchaser says the transfer was made and attaches its receipt. The file is refused (400 naming <c>file</c>,
    /// nothing stored) when empty, over 5 MB, or not a PDF, JPEG or PNG by its first bytes, whatever its name says.
    /// </summary>
    public async Task<Result<PaymentDetails>> MarkPaidAsync(Guid orderId, Stream content, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var bytes = await BoundedRead.ReadAsync(content, MaxReceiptBytes, cancellationToken);
        if (bytes is null)
        {
            return Error.Invalid("file", Texts.Pick("回单文件不能超过 5 MB。", "The receipt may be at most 5 MB."));
        }
        if (ReceiptKind.Of(bytes) is not { } kind)
        {
            return Error.Invalid("file", bytes.Length == 0
                ? Texts.Pick("请上传回单文件（表单字段 file）。", "Upload the receipt (form field `file`).")
                : Texts.Pick("回单须为 PDF、JPG 或 PNG 文件。", "The receipt must be a PDF, JPG or PNG file."));
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Status != OrderStatus.Approved || await payments.FindPendingAsync(order.Id, PaymentMethod.BankTransfer, cancellationToken) is not { } payment)
        {
            return Error.InvalidState(Texts.Pick("请先选择对公转账付款，再上传回单。", "Choose bank transfer for this approved order before attaching a receipt."));
        }
        var now = clock.GetUtcNow();
        var name = $"receipts/{payment.Id:N}-{Guid.CreateVersion7():N}{kind.Extension}";
        var earlier = payment.ReceiptFile;
        if (payment.MarkPaid(name, kind.ContentType, user.UserId!.Value, now) is { } wrong)
        {
            return wrong;
        }
        notifications.Add(Notifications.Notification.ForFinance(Notifications.NotificationKind.TransferMarkedPaid, order.Id, order.Number,
            payment.Amount.ToString("0.00", CultureInfo.InvariantCulture), now));
        await files.WriteAsync(name, bytes, cancellationToken);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            files.Delete(name);
            return conflict;
        }
        if (earlier is not null)
        {
            files.Delete(earlier);
        }
        logger.LogInformation("Order {OrderNumber}: transfer {PaymentId} marked paid with a {Type} receipt of {Bytes} bytes", order.Number, payment.Id, kind.ContentType, bytes.Length);
        return PaymentDetails.Of(new PaymentRow(payment, order.Number, null), methods);
    }

    /// <summary>The receipt of the order's bank transfer, for whoever may open the order (its union, finance, admins).</summary>
    public async Task<Result<ReceiptDownload>> ReceiptAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var payment = (await payments.ForOrderAsync(order.Id, cancellationToken)).Select(r => r.Payment).Where(p => p.ReceiptFile is not null).MaxBy(p => p.MarkedPaidAt);
        if (payment?.ReceiptFile is not { } name || files.Open(name) is not { } stream)
        {
            return Error.NotFound();
        }
        return new ReceiptDownload(stream, payment.ReceiptType!, $"回单-{order.Number}{Path.GetExtension(name)}");
    }
}

/// <summary>What a receipt's first bytes say it is. Nothing else about the upload (name, declared type) is believed.</summary>
public sealed record ReceiptKind(string ContentType, string Extension)
{
    /// <summary>A PNG's or JPEG's declared size is capped too, so the image finance opens cannot ask the browser for gigabytes.</summary>
    public const long MaxPixels = 50_000_000;

    public static ReceiptKind? Of(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return new ReceiptKind("application/pdf", ".pdf");
        }
        if (bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            // The same pixel cap as a PNG's, read from the frame header (SOF), which every JPEG has before its image data.
            return JpegPixels(bytes) is { } pixels && pixels > 0 && pixels <= MaxPixels ? new ReceiptKind("image/jpeg", ".jpg") : null;
        }
        if (bytes.Length >= 24 && bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && bytes[12..16].SequenceEqual("IHDR"u8))
        {
            long width = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[16..20]);
            long height = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[20..24]);
            return width > 0 && height > 0 && width * height <= MaxPixels ? new ReceiptKind("image/png", ".png") : null;
        }
        return null;
    }

    /// <summary>
    /// Width × height from a JPEG's first frame header (SOF0–SOF15 but DHT, JPG and DAC), walking the segments after
    /// SOI; null when the image data (SOS) or the end comes first, or a segment runs past the bytes.
    /// </summary>
    private static long? JpegPixels(ReadOnlySpan<byte> bytes)
    {
        var at = 2;
        while (at + 4 <= bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }
            var marker = bytes[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // standalone markers carry no length
                continue;
            }
            if (marker is 0xD9 or 0xDA)
            {
                return null;
            }
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (length < 2 || at + 2 + length > bytes.Length)
            {
                return null;
            }
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (length < 7)
                {
                    return null;
                }
                long height = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 5)..]);
                long width = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 7)..]);
                return width * height;
            }
            at += 2 + length;
        }
        return null;
    }
}
