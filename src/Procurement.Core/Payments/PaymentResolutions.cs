using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/finance/payments/{id}/resolution</c>.</summary>
public sealed record ResolutionRequest(string? Note);

/// <summary>How the flag was settled: a note of 1–500 characters (the payment refuses less as well).</summary>
public sealed class ResolutionRequestValidator : AbstractValidator<ResolutionRequest>
{
    public ResolutionRequestValidator() =>
        RuleFor(x => x.Note).Must(n => (n?.Trim() ?? "").Length is > 0 and <= Payment.MaxNoteLength).WithMessage(_ => Payment.NoteMessage());
}

/// <summary>The body of <c>POST /api/v1/finance/payments/{paymentId}/refunds</c>: returning money that paid nothing.</summary>
public sealed class PaymentRefundRequest
{
    public decimal? Amount { get; set; }
    public string? Reason { get; set; }
}

public sealed class PaymentRefundRequestValidator : AbstractValidator<PaymentRefundRequest>
{
    public PaymentRefundRequestValidator()
    {
        RuleFor(x => x.Amount).Must(a => a is > 0m && Money.HasAtMostTwoDecimals(a.Value) && a <= BankTransferConfirmationRequestValidator.MaxAmount)
            .WithMessage(_ => Texts.Pick("退款金额须大于 0，最多两位小数。", "The amount must be above 0 with at most two decimals."));
        RuleFor(x => x.Reason).Must(r => (r?.Trim() ?? "").Length is > 0 and <= Refund.MaxReasonLength)
            .WithMessage(_ => Texts.Pick($"请填写退款原因（1–{Refund.MaxReasonLength} 字）。", $"Give the refund's reason (1–{Refund.MaxReasonLength} characters)."));
    }
}

/// <summary>
/// Finance's flagged payments: money that did not match its order (an overpaid transfer, a wrong online amount),
/// listed unresolved first, and settled one by one with a note; who and when are kept, and the flag stays as the record.
/// </summary>
public sealed class PaymentResolutions(
    IPaymentStore payments, IOrderStore orders, RefundBooks books, RefundSender sender, IRefundStore refunds, IUnitOfWork unitOfWork, ICurrentUser user,
    PaymentMethodNames methods, IValidator<ResolutionRequest> validator, IValidator<PaymentRefundRequest> refundValidator, TimeProvider clock,
    ILogger<PaymentResolutions> logger)
{
    /// <summary>
    /// Finance returns money that paid nothing (a late or second payment, a wrong amount, an overpayment, the parts of
    /// a transfer whose order expired): at most what waits in suspense for this payment, back the way it came — online
    /// through the provider, or as a bank refund finance then records sent.
    /// </summary>
    public async Task<Result<RefundDetails>> ReturnAsync(Guid paymentId, PaymentRefundRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        if (await payments.FindAsync(paymentId, cancellationToken) is not { } payment)
        {
            return Error.NotFound();
        }
        var checkedRequest = await refundValidator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var order = await orders.FindAsync(payment.OrderId, cancellationToken);
        var now = clock.GetUtcNow();
        var decided = books.Decide(payment, order?.Number ?? "", request.Amount!.Value, Ledger.LedgerAccount.Unapplied, request.Reason!.Trim(), null, clerk, now);
        if (decided.Error is { } refused)
        {
            return refused;
        }
        var refund = decided.Value!;
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Unapplied money of payment {PaymentId} ({Flag}) returned by {Clerk}: {Amount} CNY by {Method}, refund {RefundId}", payment.Id, payment.Flag,
            clerk, refund.Amount, refund.Method, refund.Id);
        await sender.SendAsync(refund, payment, cancellationToken);
        var rows = await refunds.ForOrderAsync(refund.OrderId, cancellationToken);
        return RefundDetails.Of(rows.FirstOrDefault(r => r.Refund.Id == refund.Id) ?? new RefundRow(refund, order?.Number ?? "", null), methods);
    }

    /// <summary>Finance's list of payments whose money did not match the order (wrong amount, overpaid).</summary>
    public async Task<Result<Paged<PaymentDetails>>> FlaggedAsync(bool unresolvedOnly, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var bounds = PageBounds.Require(page, pageSize);
        return PaymentDetails.Page(await payments.FlaggedAsync(unresolvedOnly, bounds.Page, bounds.PageSize, cancellationToken), methods);
    }

    /// <summary>Finance settles a flagged payment with a note (who and when are kept).</summary>
    public async Task<Result<PaymentDetails>> ResolveAsync(Guid paymentId, ResolutionRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        if (await payments.FindAsync(paymentId, cancellationToken) is not { } payment)
        {
            return Error.NotFound();
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        if (payment.Resolve(request.Note, clerk, clock.GetUtcNow()) is { } refused)
        {
            return refused;
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Flagged payment {PaymentId} ({Flag}) settled by {Clerk}", payment.Id, payment.Flag, clerk);
        var order = await orders.FindAsync(payment.OrderId, cancellationToken);
        return PaymentDetails.Of(new PaymentRow(payment, order?.Number ?? "", null), methods);
    }
}
