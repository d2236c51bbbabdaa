using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Payments;
using Procurement.Infrastructure.Persistence;
using Stripe;

namespace Procurement.Infrastructure.Payments;

/// <summary><c>Stripe:*</c>. Unset <c>SecretKey</c>: online payment is unavailable (bank transfer still works).</summary>
public sealed class StripeOptions
{
    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>Points the client elsewhere (the tests' fake Stripe).</summary>
    public string? ApiBase { get; set; }

    /// <summary>How old a signed webhook may be, in seconds.</summary>
    public long ToleranceSeconds { get; set; } = 300;
}

/// <summary>
/// Core's <see cref="IOnlinePayments"/> on Stripe: PaymentIntents and Checkout sessions through Stripe.net, in CNY and
/// 分, tagged with the order, one per idempotency key; refunds of an intent, with Stripe's refund states in Core's words.
/// </summary>
public sealed class StripePaymentProvider(StripeOptions options, ILogger<StripePaymentProvider> logger) : IOnlinePayments
{
    /// <summary>Stripe's refund <c>status</c> as Core's outcome; <c>pending</c>, <c>requires_action</c> and anything new change nothing.</summary>
    public static ProviderOutcome RefundOutcome(string? status) => status switch
    {
        "succeeded" => ProviderOutcome.Succeeded,
        "failed" => ProviderOutcome.Failed,
        "canceled" => ProviderOutcome.Canceled,
        _ => ProviderOutcome.Pending,
    };

    public bool Configured => !string.IsNullOrWhiteSpace(options.SecretKey);

    private StripeClient Client() =>
        new(new StripeClientOptions { ApiKey = options.SecretKey, ApiBase = string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase });

    /// <summary>A refund of part or all of an intent's charge; Stripe answers pending, succeeded or failed (later ones arrive as events).</summary>
    public async Task<Result<ProviderRefund>> RefundAsync(string intentId, long amountFen, string idempotencyKey, Guid refundId, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            return new Error(ErrorKind.PaymentProviderUnavailable, Texts.Pick("未配置 Stripe，无法原路退款。", "Stripe is not configured; the refund cannot go back online."));
        }
        try
        {
            var refund = await new RefundService(Client()).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = intentId,
                Amount = amountFen,
                Reason = "requested_by_customer",
                Metadata = new Dictionary<string, string> { [RefundIdKey] = refundId.ToString() },
            }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return new ProviderRefund(refund.Id, RefundOutcome(refund.Status), refund.FailureReason, refundId);
        }
        catch (StripeException stripe) when (Definite(stripe))
        {
            // Stripe looked at it and said no (the charge is fully refunded, the amount is too big…): a definite failure.
            logger.LogWarning(stripe, "Stripe refused a refund of {Amount} fen for {IntentId}", amountFen, intentId);
            return new ProviderRefund("", ProviderOutcome.Failed, SheetLimits.Clip(stripe.StripeError?.Message ?? stripe.Message), refundId);
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError(exception, "Stripe did not answer a refund of {Amount} fen for {IntentId}", amountFen, intentId);
            return Unanswered();
        }
    }

    /// <summary>The metadata key carrying our refund's id on Stripe's refund.</summary>
    public const string RefundIdKey = "refund_id";

    /// <summary>A 4xx other than a conflict (an idempotent request still in flight) or a rate limit is Stripe's considered answer.</summary>
    private static bool Definite(StripeException exception) =>
        (int)exception.HttpStatusCode is >= 400 and < 500 and not 409 and not 429;

    private static Error Unanswered() => new(ErrorKind.PaymentProviderUnavailable, Texts.Pick("在线支付服务暂时不可用。", "The online payment service is unavailable."));

    public async Task<Result<OnlineAttempt?>> ResumeAttemptAsync(string providerPaymentId, CancellationToken cancellationToken)
    {
        try
        {
            var intent = await new PaymentIntentService(Client()).GetAsync(providerPaymentId, cancellationToken: cancellationToken);
            return intent.Status is "requires_payment_method" or "requires_confirmation" or "requires_action" ? new OnlineAttempt(intent.Id, intent.ClientSecret) : null;
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError(exception, "Stripe did not answer for PaymentIntent {IntentId}", providerPaymentId);
            return Unanswered();
        }
    }

    public async Task<Result<ProviderCheckout?>> ResumeCheckoutAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var session = await new Stripe.Checkout.SessionService(Client()).GetAsync(sessionId, cancellationToken: cancellationToken);
            return session.Status == "open" && session.Url is { } url ? new ProviderCheckout(session.Id, url) : null;
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError(exception, "Stripe did not answer for Checkout session {SessionId}", sessionId);
            return Unanswered();
        }
    }

    public async Task<Error?> CancelAsync(string? providerPaymentId, string? sessionId, CancellationToken cancellationToken)
    {
        try
        {
            if (sessionId is not null)
            {
                var session = await new Stripe.Checkout.SessionService(Client()).GetAsync(sessionId, cancellationToken: cancellationToken);
                if (session.Status == "complete")
                {
                    return AlreadyPaid();
                }
                if (session.Status == "open")
                {
                    await new Stripe.Checkout.SessionService(Client()).ExpireAsync(sessionId, cancellationToken: cancellationToken);
                }
                return null;
            }
            if (string.IsNullOrEmpty(providerPaymentId))
            {
                return null;
            }
            var intents = new PaymentIntentService(Client());
            var intent = await intents.GetAsync(providerPaymentId, cancellationToken: cancellationToken);
            if (intent.Status is "succeeded" or "processing")
            {
                return AlreadyPaid();
            }
            if (intent.Status != "canceled")
            {
                await intents.CancelAsync(providerPaymentId, cancellationToken: cancellationToken);
            }
            return null;
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError(exception, "Stripe did not cancel attempt {IntentId} / session {SessionId}", providerPaymentId, sessionId);
            return Unanswered();
        }
    }

    private static Error AlreadyPaid() => Error.InvalidState(Texts.Pick("上一笔在线支付已完成或正在处理，请稍候刷新订单状态。",
        "The open online payment has just been paid or is processing; reload the order shortly."));

    public async Task<Result<ProviderCheckout>> CreateCheckoutAsync(Guid orderId, string orderNumber, long amountFen, string paymentMethodType, Uri successUrl,
        Uri cancelUrl, string idempotencyKey, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString(), ["order_number"] = orderNumber };
        try
        {
            var session = await new Stripe.Checkout.SessionService(Client()).CreateAsync(new Stripe.Checkout.SessionCreateOptions
            {
                Mode = "payment",
                AllowedPaymentMethodTypes = [paymentMethodType],
                // WeChat Pay on a web page shows its QR code: Stripe asks which client the payer is on.
                PaymentMethodOptions = paymentMethodType == "wechat_pay"
                    ? new Stripe.Checkout.SessionPaymentMethodOptionsOptions { WechatPay = new Stripe.Checkout.SessionPaymentMethodOptionsWechatPayOptions { Client = "web" } }
                    : null,
                LineItems =
                [
                    new Stripe.Checkout.SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new Stripe.Checkout.SessionLineItemPriceDataOptions
                        {
                            Currency = "cny",
                            UnitAmount = amountFen,
                            ProductData = new Stripe.Checkout.SessionLineItemPriceDataProductDataOptions { Name = $"陇品汇订单 {orderNumber}" },
                        },
                    },
                ],
                ClientReferenceId = orderId.ToString(),
                Metadata = metadata,
                PaymentIntentData = new Stripe.Checkout.SessionPaymentIntentDataOptions { Metadata = metadata, Description = $"陇品汇订单 {orderNumber}" },
                SuccessUrl = successUrl.ToString(),
                CancelUrl = cancelUrl.ToString(),
            }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return new ProviderCheckout(session.Id, session.Url);
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError(exception, "Stripe refused or did not answer a Checkout session for order {OrderNumber}", orderNumber);
            return new Error(ErrorKind.PaymentProviderUnavailable,
                Texts.Pick("在线支付服务暂时不可用，请稍后重试或使用对公转账。", "The online payment service is unavailable; try again later or pay by bank transfer."));
        }
    }

    public async Task<Result<OnlineAttempt>> CreateAttemptAsync(Guid orderId, string orderNumber, long amountFen, string paymentMethodType, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        var client = Client();
        try
        {
            var intent = await new PaymentIntentService(client).CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = amountFen,
                Currency = "cny",
                AllowedPaymentMethodTypes = [paymentMethodType],
                Description = $"陇品汇订单 {orderNumber}",
                Metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString(), ["order_number"] = orderNumber },
            }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
            return new OnlineAttempt(intent.Id, intent.ClientSecret);
        }
        catch (Exception exception) when (exception is StripeException or HttpRequestException or TaskCanceledException)
        {
            logger.LogError(exception, "Stripe refused or did not answer a PaymentIntent for order {OrderNumber}", orderNumber);
            return new Error(ErrorKind.PaymentProviderUnavailable,
                Texts.Pick("在线支付服务暂时不可用，请稍后重试或使用对公转账。", "The online payment service is unavailable; try again later or pay by bank transfer."));
        }
    }
}

/// <summary>
/// Verifies a webhook's <c>Stripe-Signature</c> over the raw body (tolerance from <see cref="StripeOptions"/>, the app's
/// clock) and reads what we use from it. Events of another API version of the same release train as Stripe.net's
/// (<c>2026-10-28.endive</c> → <c>.endive</c>) are accepted and their version logged; another train is refused, so
/// Stripe keeps retrying until the endpoint's version is fixed rather than shapes being guessed. Stripe's event names
/// become Core's <see cref="PaymentEventKind"/> here (<see cref="KindOf"/>), so Core never sees them.
/// </summary>
public sealed class StripeWebhookReader(StripeOptions options, TimeProvider clock, ILogger<StripeWebhookReader> logger)
{
    public const string IntentSucceeded = "payment_intent.succeeded";
    public const string CheckoutCompleted = "checkout.session.completed";
    public const string IntentFailed = "payment_intent.payment_failed";
    public const string IntentCanceled = "payment_intent.canceled";
    public const string ChargeRefunded = "charge.refunded";
    public const string RefundUpdated = "refund.updated";
    public const string RefundFailed = "refund.failed";

    /// <summary>What a Stripe event means to Core; any other type is <see cref="PaymentEventKind.Other"/> (recorded, ignored).</summary>
    public static PaymentEventKind KindOf(string? type) => type switch
    {
        IntentSucceeded or CheckoutCompleted => PaymentEventKind.Succeeded,
        IntentFailed => PaymentEventKind.Failed,
        IntentCanceled => PaymentEventKind.Canceled,
        ChargeRefunded or RefundUpdated or RefundFailed => PaymentEventKind.Refunded,
        _ => PaymentEventKind.Other,
    };

    public static string ReleaseTrain(string? apiVersion) => apiVersion?[(apiVersion.IndexOf('.') + 1)..] ?? "";

    public Result<PaymentEvent> Read(string body, string? signature)
    {
        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            return new Error(ErrorKind.PaymentProviderUnavailable, Texts.Pick("未配置 Stripe:WebhookSecret。", "Stripe:WebhookSecret is not configured."));
        }
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signature ?? "", options.WebhookSecret, options.ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (Exception exception) when (exception is StripeException or JsonException or ArgumentException or FormatException)
        {
            logger.LogWarning("Stripe webhook refused: {Reason}", exception.Message);
            return Error.Invalid("Stripe-Signature", Texts.Pick("签名无效、已过期，或内容不是 Stripe 事件。", "The signature is invalid or stale, or the body is not a Stripe event."));
        }
        if (ReleaseTrain(stripeEvent.ApiVersion) != ReleaseTrain(StripeConfiguration.ApiVersion))
        {
            logger.LogError("Stripe event {EventId} has API version {ApiVersion}, another release train than {Expected}: refused", stripeEvent.Id,
                stripeEvent.ApiVersion, StripeConfiguration.ApiVersion);
            return Error.Invalid("api_version", Texts.Pick($"不支持的 Stripe API 版本 {stripeEvent.ApiVersion}。", $"Stripe API version {stripeEvent.ApiVersion} is not supported."));
        }
        if (stripeEvent.ApiVersion != StripeConfiguration.ApiVersion)
        {
            logger.LogInformation("Stripe event {EventId} has API version {ApiVersion} (the client's is {Expected}); accepted, same release train",
                stripeEvent.Id, stripeEvent.ApiVersion, StripeConfiguration.ApiVersion);
        }
        // What we use, read from the verified JSON itself: independent of Stripe.net's object model for other versions.
        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.GetProperty("data").GetProperty("object");
        var isSession = stripeEvent.Type == CheckoutCompleted;
        string? intentId = isSession ? Text(data, "payment_intent") : Text(data, "id");
        long? amount = Number(data, isSession ? "amount_total" : "amount_received") ?? Number(data, "amount");
        Guid? orderId = data.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                        && Guid.TryParse(Text(metadata, "order_id"), out var id) ? id : null;
        var failure = data.TryGetProperty("last_payment_error", out var error) && error.ValueKind == JsonValueKind.Object ? Text(error, "message") : Text(data, "cancellation_reason");
        var refunds = Refunds(stripeEvent.Type, data);
        if (refunds is not null)
        {
            intentId = Text(data, "payment_intent");
        }
        return new PaymentEvent(stripeEvent.Id, KindOf(stripeEvent.Type), stripeEvent.Type, stripeEvent.ApiVersion ?? "", intentId, orderId, amount, Text(data, "currency"), failure, refunds,
            isSession ? Text(data, "id") : null);
    }

    /// <summary>A charge's refunds (<c>charge.refunded</c>: <c>refunds.data</c>), or the refund an event is about (<c>refund.*</c>).</summary>
    private static List<ProviderRefund>? Refunds(string type, JsonElement data)
    {
        if (type is RefundUpdated or RefundFailed)
        {
            return Text(data, "id") is { } id ? [new ProviderRefund(id, StripePaymentProvider.RefundOutcome(Text(data, "status")), Text(data, "failure_reason"), OurRefund(data))] : [];
        }
        if (type != ChargeRefunded)
        {
            return null;
        }
        var found = new List<ProviderRefund>();
        if (data.TryGetProperty("refunds", out var list) && list.ValueKind == JsonValueKind.Object && list.TryGetProperty("data", out var items)
            && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (Text(item, "id") is { } id)
                {
                    found.Add(new ProviderRefund(id, StripePaymentProvider.RefundOutcome(Text(item, "status")), Text(item, "failure_reason"), OurRefund(item)));
                }
            }
        }
        return found;
    }

    /// <summary>Our refund's id from a Stripe refund's metadata, if it carries one.</summary>
    private static Guid? OurRefund(JsonElement refund) =>
        refund.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && Guid.TryParse(Text(metadata, StripePaymentProvider.RefundIdKey), out var id) ? id : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}

/// <summary>A provider event already handled: its id is the key, so a replay or a concurrent second delivery finds it.</summary>
public sealed class ProcessedPaymentEvent
{
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public string ApiVersion { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}

public sealed class ProcessedPaymentEventConfiguration : IEntityTypeConfiguration<ProcessedPaymentEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedPaymentEvent> builder)
    {
        builder.ToTable("ProcessedPaymentEvents");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(100).IsUnicode(false);
        builder.Property(e => e.Type).HasMaxLength(100).IsUnicode(false);
        builder.Property(e => e.ApiVersion).HasMaxLength(40).IsUnicode(false);
    }
}

public sealed class PaymentEventLog(ProcurementDbContext db) : IPaymentEventLog
{
    public Task<bool> SeenAsync(string eventId, CancellationToken cancellationToken) =>
        db.Set<ProcessedPaymentEvent>().AnyAsync(e => e.EventId == eventId, cancellationToken);

    public void Record(string eventId, string type, string apiVersion, DateTimeOffset at) =>
        db.Set<ProcessedPaymentEvent>().Add(new ProcessedPaymentEvent { EventId = eventId, Type = type, ApiVersion = apiVersion, ReceivedAt = at });

    public Task<Payment?> FindByProviderIdAsync(string providerPaymentId, CancellationToken cancellationToken) =>
        db.Payments.FirstOrDefaultAsync(p => p.Method == Core.Payments.PaymentMethod.Online && p.Reference == providerPaymentId, cancellationToken);

    public Task<Payment?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken) =>
        db.Payments.FirstOrDefaultAsync(p => p.Method == Core.Payments.PaymentMethod.Online && p.CheckoutSessionId == sessionId, cancellationToken);
}
