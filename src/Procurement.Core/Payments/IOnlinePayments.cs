using Procurement.Core.Common;

namespace Procurement.Core.Payments;

/// <summary>
/// Online payment (card, Alipay, WeChat Pay) at the provider, named for what it does: attempts made once per
/// idempotency key, and the money sent back. Implemented by the provider's adapter in Infrastructure.
/// </summary>
public interface IOnlinePayments
{
    bool Configured { get; }

    /// <summary>An attempt for <paramref name="amountFen"/> in CNY, tagged with the order, created once per <paramref name="idempotencyKey"/>.</summary>
    Task<Result<OnlineAttempt>> CreateAttemptAsync(Guid orderId, string orderNumber, long amountFen, string paymentMethodType, string idempotencyKey,
        CancellationToken cancellationToken);

    /// <summary>
    /// A hosted checkout page (the provider's page takes the card or shows the Alipay / WeChat Pay QR code, so no card
    /// data touches our servers) for <paramref name="amountFen"/> in CNY, tagged with the order, made once per key.
    /// </summary>
    Task<Result<ProviderCheckout>> CreateCheckoutAsync(Guid orderId, string orderNumber, long amountFen, string paymentMethodType, Uri successUrl, Uri cancelUrl,
        string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>A refund of <paramref name="amountFen"/> of the attempt <paramref name="providerPaymentId"/>, made once per <paramref name="idempotencyKey"/>.</summary>
    /// <summary>
    /// Refunds part or all of an attempt. Our refund's id goes with it (the provider's metadata), so an event about a
    /// refund whose create answer was lost still finds ours. A definite refusal is a <see cref="ProviderOutcome.Failed"/>
    /// refund (its id may be empty); an error means the call went unanswered (down, timeout, 5xx): the provider may
    /// have made the refund, and asking again with the same key finds it.
    /// </summary>
    Task<Result<ProviderRefund>> RefundAsync(string providerPaymentId, long amountFen, string idempotencyKey, Guid refundId, CancellationToken cancellationToken);

    /// <summary>An open attempt's client secret again, or null when it can no longer take money (paid, canceled).</summary>
    Task<Result<OnlineAttempt?>> ResumeAttemptAsync(string providerPaymentId, CancellationToken cancellationToken);

    /// <summary>An open hosted checkout's page again, or null when it can no longer take money (completed, expired).</summary>
    Task<Result<ProviderCheckout?>> ResumeCheckoutAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels an open attempt (or expires an open checkout) so it can never take money; an invalid-state error when it
    /// already has (the payer just paid: its event will follow), unavailable when the provider did not answer.
    /// </summary>
    Task<Error?> CancelAsync(string? providerPaymentId, string? sessionId, CancellationToken cancellationToken);
}

/// <summary>The provider's attempt: its id (kept as the payment's reference) and the secret the client confirms it with.</summary>
public sealed record OnlineAttempt(string ProviderPaymentId, string ClientSecret);

/// <summary>A hosted checkout page for one payment attempt: where to send the purchaser, and the session's id.</summary>
public sealed record ProviderCheckout(string SessionId, string Url);

/// <summary>A refund as the provider reports it: its id and where it stands.</summary>
/// <param name="RefundId">Our refund's id, as the provider's metadata carries it back (events).</param>
public sealed record ProviderRefund(string Id, ProviderOutcome Status, string? FailureReason, Guid? RefundId = null);

/// <summary>Where a provider says an attempt or a refund stands, in Core's words (the adapter maps the provider's own).</summary>
public enum ProviderOutcome
{
    /// <summary>Not decided yet, or a state we do not act on.</summary>
    Pending,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>
/// What a payment and a refund share about a provider's word: a success is final, so a late or repeated report
/// changes nothing; a failure keeps the provider's reason, clipped to what a page and a sheet cell hold.
/// </summary>
public static class ProviderOutcomes
{
    /// <summary>Whether a report may still move a record that is (or is not) succeeded.</summary>
    public static bool Moves(bool succeeded, ProviderOutcome reported) => !succeeded && reported != ProviderOutcome.Pending;

    public static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : SheetLimits.Clip(reason.Trim());

    /// <summary>The outcome as the API shows a failure without a reason: <c>failed</c> or <c>canceled</c>.</summary>
    public static string Name(ProviderOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
