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

/// <summary>
/// Finance's flagged payments: money that did not match its order (an overpaid transfer, a wrong online amount),
/// listed unresolved first, and settled one by one with a note; who and when are kept, and the flag stays as the record.
/// </summary>
public sealed class PaymentResolutions(
    IPaymentStore payments, IOrderStore orders, IUnitOfWork unitOfWork, ICurrentUser user, PaymentMethodNames methods,
    IValidator<ResolutionRequest> validator, TimeProvider clock, ILogger<PaymentResolutions> logger)
{
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
