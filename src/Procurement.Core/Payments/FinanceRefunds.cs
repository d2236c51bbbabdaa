using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/finance/refunds/{id}/completion</c>: the bank transfer that sent a refund back.</summary>
public sealed record RefundSentRequest(string? Reference, DateTimeOffset? SentAt);

/// <summary>The refund's bank reference and a time not in the future (the refund itself refuses the same).</summary>
public sealed class RefundSentRequestValidator : AbstractValidator<RefundSentRequest>
{
    public RefundSentRequestValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Reference).Must(r => (r?.Trim() ?? "").Length is > 0 and <= Payment.MaxReferenceLength).WithMessage(_ => Refund.ReferenceMessage());
        RuleFor(x => x.SentAt).NotNull().WithMessage(_ => Refund.SentAtMissingMessage())
            .Must(at => at <= clock.GetUtcNow() + BusinessDate.ClockSkew).WithMessage(_ => Refund.SentAtFutureMessage());
    }
}

/// <summary>
/// Finance's refunds: the list of bank refunds to send, failed online refunds to retry and the history; recording the
/// bank transfer that sent one back; and asking the provider again for a failed online refund.
/// </summary>
public sealed class FinanceRefunds(
    IRefundStore refunds, IPaymentStore payments, RefundBooks books, RefundSender sender, IUnitOfWork unitOfWork, ICurrentUser user, PaymentMethodNames methods,
    IValidator<RefundSentRequest> validator, TimeProvider clock,
    ILogger<FinanceRefunds> logger)
{
    /// <summary>Finance's refunds: bank refunds to send, failed online refunds to retry, and the history.</summary>
    public async Task<Result<Paged<RefundDetails>>> ListAsync(string? status, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        RefundStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RefundStatus>(status, ignoreCase: false, out var parsed))
            {
                return Error.Invalid("status", Texts.Pick("状态须为 Pending、Succeeded 或 Failed。", "The status must be Pending, Succeeded or Failed."));
            }
            wanted = parsed;
        }
        var bounds = PageBounds.Require(page, pageSize);
        var found = await refunds.ListAsync(wanted, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), bounds.Page, bounds.PageSize, cancellationToken);
        return new Paged<RefundDetails>(found.Total, found.Page, found.PageSize, found.Items.Select(r => RefundDetails.Of(r, methods)).ToList());
    }

    /// <summary>Finance records the bank transfer that returned a bank refund (or a failed online one, returned by transfer instead).</summary>
    public async Task<Result<RefundDetails>> SentAsync(Guid refundId, RefundSentRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        if (await refunds.FindAsync(refundId, cancellationToken) is not { } refund)
        {
            return Error.NotFound();
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var now = clock.GetUtcNow();
        if (refund.Sent(request.Reference, request.SentAt, clerk, now) is { } refused)
        {
            return refused;
        }
        // Sent by transfer from the platform's bank account (a bank refund, or an online one that failed and went back this way).
        books.Confirmed(refund, online: false, now, clerk);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Bank refund {RefundId} of {Amount} CNY recorded sent by {Clerk} ({Reference})", refund.Id, refund.Amount, clerk, refund.Reference);
        return await DetailsAsync(refund, cancellationToken);
    }

    /// <summary>Finance asks the provider again for an online refund that failed.</summary>
    public async Task<Result<RefundDetails>> RetryAsync(Guid refundId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        if (await refunds.FindAsync(refundId, cancellationToken) is not { } refund)
        {
            return Error.NotFound();
        }
        if (refund.Retry() is { } refused)
        {
            return refused;
        }
        if (await payments.FindAsync(refund.PaymentId, cancellationToken) is not { } payment)
        {
            return Error.InvalidState(Texts.Pick("找不到该退款对应的付款。", "The refund's payment was not found."));
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        await sender.SendAsync(refund, payment, cancellationToken);
        return await DetailsAsync(refund, cancellationToken);
    }

    private async Task<RefundDetails> DetailsAsync(Refund refund, CancellationToken cancellationToken)
    {
        var rows = await refunds.ForOrderAsync(refund.OrderId, cancellationToken);
        return RefundDetails.Of(rows.FirstOrDefault(r => r.Refund.Id == refund.Id) ?? new RefundRow(refund, "", null), methods);
    }
}
