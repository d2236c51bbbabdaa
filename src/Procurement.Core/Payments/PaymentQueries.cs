using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>
/// Reading payments: an order's payments and refunds for whoever may open the order, and finance's payments list,
/// filtered and paged or as a file. Nothing here writes.
/// </summary>
public sealed class PaymentQueries(
    IPaymentStore payments, IRefundStore refunds, IOrderStore orders, IPaymentSheets sheets, ICurrentUser user, PaymentMethodNames methods,
    TimeProvider clock, ILogger<PaymentQueries> logger)
{
    public const int MaxExportRows = 50_000;

    public async Task<Result<IReadOnlyList<PaymentDetails>>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } denied)
        {
            return denied;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return (await payments.ForOrderAsync(orderId, cancellationToken)).Select(r => PaymentDetails.Of(r, methods)).ToList();
    }

    /// <summary>An order's refunds: a whole order cancelled after payment, and after-sales refunds, with where the money is.</summary>
    public async Task<Result<IReadOnlyList<RefundDetails>>> RefundsForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } denied)
        {
            return denied;
        }
        if (!await orders.ExistsAsync(orderId, cancellationToken))
        {
            return Error.NotFound();
        }
        return (await refunds.ForOrderAsync(orderId, cancellationToken)).Select(r => RefundDetails.Of(r, methods)).ToList();
    }

    /// <summary>Finance's payments, filtered (status, method, Beijing dates, order number or union) and paged.</summary>
    public async Task<Result<Paged<PaymentDetails>>> ListAsync(string? status, string? method, DateOnly? from, DateOnly? to, string? q, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var query = ListQueryOf(status, method, from, to, q);
        if (query.Error is { } invalid)
        {
            return invalid;
        }
        var bounds = PageBounds.Require(page, pageSize);
        return PaymentDetails.Page(await payments.ListAsync(query.Value! with { Page = bounds.Page, PageSize = bounds.PageSize }, cancellationToken), methods);
    }

    /// <summary>
    /// The same list as a file (at most <see cref="MaxExportRows"/> rows), newest first: the filters are checked here,
    /// the rows are read and written as the file streams out.
    /// </summary>
    public Result<SheetDownload> Export(string? status, string? method, DateOnly? from, DateOnly? to, string? q, SheetFormat format, SheetLabels labels = SheetLabels.Contract)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var query = ListQueryOf(status, method, from, to, q);
        if (query.Error is { } invalid)
        {
            return invalid;
        }
        return new SheetDownload($"payments-{BusinessDate.Today(clock):yyyyMMdd}.{format.Extension()}", format,
            (output, cancellationToken) => WriteExportAsync(query.Value!, format, labels, output, cancellationToken));
    }

    private async Task WriteExportAsync(PaymentListQuery query, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken)
    {
        var rows = 0;
        await sheets.WriteAsync(Rows(), format, labels, output, cancellationToken);
        logger.LogInformation("Payments export of {Rows} rows ({Format}) by {UserId}", rows, format, user.UserId);

        async IAsyncEnumerable<PaymentDetails> Rows()
        {
            await foreach (var row in payments.ExportAsync(query, MaxExportRows, cancellationToken))
            {
                rows++;
                yield return PaymentDetails.Of(row, methods);
            }
        }
    }

    private Result<PaymentListQuery> ListQueryOf(string? status, string? method, DateOnly? from, DateOnly? to, string? q)
    {
        var fields = new Dictionary<string, string[]>();
        PaymentStatus? wantedStatus = null;
        if (status is not null)
        {
            if (Enum.TryParse<PaymentStatus>(status, ignoreCase: false, out var parsed))
            {
                wantedStatus = parsed;
            }
            else
            {
                fields["status"] = [Texts.Pick("状态须为 Pending、Succeeded、Failed 或 Canceled。", "The status must be Pending, Succeeded, Failed or Canceled.")];
            }
        }
        var wantedMethod = methods.Parse(method);
        if (method is not null && wantedMethod is null)
        {
            fields["method"] = [methods.Unknown()];
        }
        if (from is { } start && to is { } end && end < start)
        {
            fields["to"] = [Texts.Pick("结束日期不能早于开始日期。", "The end date cannot be before the start.")];
        }
        return fields.Count > 0 ? Error.Invalid(fields) : new PaymentListQuery(wantedStatus, wantedMethod, from, to, string.IsNullOrWhiteSpace(q) ? null : q.Trim());
    }
}
