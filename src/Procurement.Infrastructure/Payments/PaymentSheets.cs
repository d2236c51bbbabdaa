using System.Globalization;
using Procurement.Core.Common;
using Procurement.Core.Payments;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Payments;

/// <summary>
/// Finance's payments export: one row per payment, amounts kept as numbers, text guarded against formulas; written as
/// the rows are read. When a flag was settled follows its note (issue #21). The API's file keeps the state and flag
/// codes (<c>Succeeded</c>, <c>WrongAmount</c>); the finance page's link writes them as words in the reader's language
/// (已到账, 金额不符).
/// </summary>
public sealed class PaymentSheets(PaymentMethodNames methods) : IPaymentSheets
{
    private static readonly string[] Header = ["订单号", "工会", "方式", "状态", "异常", "应付金额", "已到账", "尚缺", "流水/参考", "发起时间", "到账时间", "处理说明", "处理时间"];

    /// <summary>A payment's state as finance reads it.</summary>
    public static string StatusLabel(string status) => status switch
    {
        nameof(PaymentStatus.Pending) => Texts.Pick("待到账", "Pending"),
        nameof(PaymentStatus.Succeeded) => Texts.Pick("已到账", "Received"),
        nameof(PaymentStatus.Failed) => Texts.Pick("失败", "Failed"),
        nameof(PaymentStatus.Canceled) => Texts.Pick("已取消", "Cancelled"),
        _ => status,
    };

    /// <summary>A payment's flag as finance reads it (none is blank).</summary>
    public static string FlagLabel(string flag) => flag switch
    {
        nameof(PaymentFlag.None) => "",
        nameof(PaymentFlag.WrongAmount) => Texts.Pick("金额不符", "Wrong amount"),
        nameof(PaymentFlag.Overpaid) => Texts.Pick("多付，待退回", "Overpaid: to return"),
        nameof(PaymentFlag.Unapplied) => Texts.Pick("未匹配，待退回", "Unapplied: to return"),
        _ => flag,
    };

    public Task WriteAsync(IAsyncEnumerable<PaymentDetails> payments, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken)
    {
        var rows = Rows(payments, labels == SheetLabels.Reader, cancellationToken);
        return format == SheetFormat.Xlsx
            ? SheetStreams.XlsxAsync(output, Sheet(rows).OrEmptyRow(Header), "payments", cancellationToken)
            : SheetStreams.CsvAsync(output, Csv(rows), cancellationToken);
    }

    private async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<PaymentDetails> payments, bool words, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var p in payments.WithCancellation(cancellationToken))
        {
            yield return
            [
                p.OrderNumber, SheetCells.Safe(p.UnionName), p.Method == methods.BankTransfer ? "对公转账" : "在线支付", words ? StatusLabel(p.Status) : p.Status,
                words ? FlagLabel(p.Flag) : p.Flag == "None" ? "" : p.Flag,
                p.Amount, p.Received, p.Missing, SheetCells.Safe(p.Reference), Time(p.CreatedAt), p.SucceededAt is { } at ? Time(at) : "", SheetCells.Safe(p.ResolutionNote),
                p.ResolvedAt is { } resolved ? Time(resolved) : "",
            ];
        }
    }

    private static async IAsyncEnumerable<Dictionary<string, object?>> Sheet(IAsyncEnumerable<object?[]> rows)
    {
        await foreach (var r in rows)
        {
            yield return Header.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2);
        }
    }

    private static async IAsyncEnumerable<string> Csv(IAsyncEnumerable<object?[]> rows)
    {
        yield return string.Join(",", Header);
        await foreach (var row in rows)
        {
            yield return string.Join(",", row.Select(c => SheetCells.Csv(c switch
            {
                null => "",
                decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
                _ => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "",
            })));
        }
    }

    private static string Time(DateTimeOffset at) => at.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
