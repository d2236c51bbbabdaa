using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/finance/orders/{id}/bank-transfer-confirmations</c>: what the bank statement shows.</summary>
public sealed class BankTransferConfirmationRequest
{
    public decimal? Amount { get; set; }
    public string? Reference { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
}

/// <summary>What finance sent: an amount in yuan and fen, the statement's reference, and a time not in the future.</summary>
public sealed class BankTransferConfirmationRequestValidator : AbstractValidator<BankTransferConfirmationRequest>
{
    public const decimal MaxAmount = 100_000_000_000m;

    public BankTransferConfirmationRequestValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Amount).Must(a => a is { } amount && amount > 0 && amount <= MaxAmount && Money.HasAtMostTwoDecimals(amount))
            .WithMessage(_ => Texts.Pick("到账金额须大于 0，最多两位小数。", "The amount must be above 0 with at most 2 decimals."));
        RuleFor(x => x.Reference).Must(r => (r?.Trim() ?? "").Length is > 0 and <= Payment.MaxReferenceLength)
            .WithMessage(_ => Texts.Pick($"请填写银行流水上的附言或流水号（最多 {Payment.MaxReferenceLength} 字）。",
                $"Give the reference on the bank statement (at most {Payment.MaxReferenceLength} characters)."));
        RuleFor(x => x.ReceivedAt).NotNull().WithMessage(_ => Texts.Pick("请填写到账时间。", "Give when the money arrived."))
            .Must(at => at <= clock.GetUtcNow() + BusinessDate.ClockSkew)
            .WithMessage(_ => Texts.Pick("到账时间不能晚于现在。", "The money cannot have arrived in the future."));
    }
}

/// <summary>
/// A typed receipt against what a transfer still misses: <see cref="Difference"/> is below 0 when short (the order
/// stays unpaid), 0 when exact, above 0 when over (paid, and the excess flagged for finance to return).
/// </summary>
public sealed record ReceiptCheck(decimal Received, decimal Missing, decimal Difference)
{
    public bool Short => Difference < 0m;
    public bool Over => Difference > 0m;
}

/// <summary>
/// Finance's bank transfers: the queue of transfers still waiting for their money, and the receipts finance records
/// from the bank statement. When the receipts reach the order's total the order is paid, and in the same unit of work
/// its reservations become sales (stock and reserved both drop), the supplier's sales ledger counts them and its
/// parcels are made.
/// </summary>
public sealed class TransferConfirmations(
    IPaymentStore payments, IOrderStore orders, IOrderCommitments commitments, IPaidOrderParcels parcels, IPaidOrderInvoices invoices, Ledger.ILedger ledger, Notifications.INotifications notifications, IUnitOfWork unitOfWork,
    ICurrentUser user, PaymentMethodNames methods, IValidator<BankTransferConfirmationRequest> validator, TimeProvider clock, ILogger<TransferConfirmations> logger,
    Reporting.IReportingBook reporting)
{
    /// <summary>Finance's queue: bank transfers still waiting for (part of) their money, oldest first.</summary>
    public async Task<Result<Paged<PaymentDetails>>> AwaitingAsync(string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var bounds = PageBounds.Require(page, pageSize);
        return PaymentDetails.Page(await payments.AwaitingTransfersAsync(q, bounds.Page, bounds.PageSize, cancellationToken), methods);
    }

    /// <summary>What a receipt of <paramref name="received"/> would leave of the transfer, before it is booked; null when no valid amount is typed.</summary>
    public static ReceiptCheck? Check(PaymentDetails transfer, decimal? received) =>
        received is { } amount && amount > 0m && Money.HasAtMostTwoDecimals(amount) ? new ReceiptCheck(amount, transfer.Missing, amount - transfer.Missing) : null;

    /// <summary>
    /// Finance records what the bank statement shows for an order's transfer. Short: recorded, the order stays unpaid
    /// and the queue shows what is missing. Enough: the order is paid. More: paid and flagged for finance.
    /// </summary>
    public async Task<Result<PaymentDetails>> ConfirmAsync(Guid orderId, BankTransferConfirmationRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var now = clock.GetUtcNow();
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var payment = await payments.FindPendingAsync(order.Id, PaymentMethod.BankTransfer, cancellationToken);
        if (order.Status != OrderStatus.Approved)
        {
            return Error.InvalidState(Texts.Pick($"订单当前状态（{order.Status}）不能登记到账；款项须按退款处理。",
                $"An order that is {order.Status} takes no receipts; return the money instead."));
        }
        if (payment is null)
        {
            // Unions often transfer quoting the order number before anyone clicks "bank transfer": the receipt starts it.
            payment = new Payment(order.Id, order.UnionId, PaymentMethod.BankTransfer, order.Total, order.Number, null, now);
            payments.Add(payment);
        }
        var received = payment.Receive(request.Amount!.Value, request.Reference!.Trim(), request.ReceivedAt!.Value, clerk, now);
        if (received.Error is { } refused)
        {
            return refused;
        }
        // Each receipt is cash in, waiting in suspense; the receipt that completes the transfer applies the order's total to it.
        ledger.Post(Ledger.Postings.TransferReceipt(payment.Id, payment.Receipts.Count, order.Id, request.Reference!.Trim(), request.Amount!.Value, now, clerk));
        if (received.Value)
        {
            order.Pay(clerk, now, Texts.Pick($"对公转账已到账 {payment.Received:0.00} 元。", $"Bank transfer of {payment.Received:0.00} yuan received."));
            commitments.Sell(order);
            parcels.MakeFor(order);
            invoices.OweFor(order);
            reporting.Paid(order);
            ledger.Post(Ledger.Postings.Applied(payment.Id, order.Id, order.Number, payment.Amount, now, clerk));
            notifications.Add(Notifications.Notification.ForUnion(order.UnionId, Notifications.NotificationKind.PaymentConfirmed, order.Id, order.Number,
                payment.Received.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), now));
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Bank transfer for order {OrderNumber}: {Amount} CNY received by {Clerk}, {Received} of {Total}; order {Status}, flag {Flag}",
            order.Number, request.Amount, clerk, payment.Received, payment.Amount, order.Status, payment.Flag);
        return PaymentDetails.Of(new PaymentRow(payment, order.Number, null), methods);
    }
}
