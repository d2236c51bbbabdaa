using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/finance/payments/{id}/resolution</c>.</summary>
public sealed record ResolutionRequest(string? Note);

/// <summary>
/// Finance's flagged payments: money that did not match its order (an overpaid transfer, a wrong online amount),
/// listed unresolved first, and settled one by one with a note; who and when are kept, and the flag stays as the record.
/// </summary>
public sealed class PaymentResolutions(
    IPaymentStore payments, IOrderStore orders, IUnitOfWork unitOfWork, ICurrentUser user, PaymentMethodNames methods, TimeProvider clock,
    ILogger<PaymentResolutions> logger)
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
    public async Task<Result<PaymentDetails>> ResolveAsync(Guid paymentId, string? note, CancellationToken cancellationToken)
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
        if (payment.Resolve(note, clerk, clock.GetUtcNow()) is { } refused)
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
