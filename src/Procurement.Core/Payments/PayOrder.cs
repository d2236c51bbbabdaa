using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/orders/{id}/payments</c>.</summary>
public sealed class PaymentRequest
{
    /// <summary>The method's name in the API (<see cref="PaymentMethodNames"/>): online or bank transfer.</summary>
    public string? Method { get; set; }

    /// <summary>For online payment: <c>card</c>, <c>alipay</c> or <c>wechat_pay</c>.</summary>
    public string? PaymentMethodType { get; set; }
}

/// <summary>A method the API names, and for online payment one of the types the provider takes.</summary>
public sealed class PaymentRequestValidator : AbstractValidator<PaymentRequest>
{
    public static readonly IReadOnlyList<string> OnlineTypes = ["card", "alipay", "wechat_pay"];

    public PaymentRequestValidator(PaymentMethodNames methods)
    {
        RuleFor(x => x.Method).Must(m => methods.Parse(m) is not null).WithMessage(_ => methods.Unknown());
        RuleFor(x => x.PaymentMethodType).Must(t => t is not null && OnlineTypes.Contains(t)).WithMessage(_ => BadTypeMessage())
            .When(x => methods.Parse(x.Method) == PaymentMethod.Online);
    }

    public static string BadTypeMessage() => Texts.Pick("在线支付方式须为 card、alipay 或 wechat_pay。", "The payment method type must be card, alipay or wechat_pay.");
}

/// <summary>
/// The purchaser pays an approved order. A bank transfer answers the payee and the reference to quote (finance
/// confirms what arrives: <see cref="TransferConfirmations"/>). Online payment (card, Alipay, WeChat Pay) makes one
/// attempt at the provider per call, or a hosted checkout page; only the provider's signed events pay the order
/// (<see cref="PaymentEvents"/>). Without a configured provider or payee it answers 503 <c>payment-provider-unavailable</c>.
/// </summary>
public sealed class PayOrder(
    IPaymentStore payments, IOrderStore orders, IUnitOfWork unitOfWork, ICurrentUser user, BankTransferOptions bank, IOnlinePayments online,
    PaymentMethodNames methods, IValidator<PaymentRequest> validator, TimeProvider clock, ILogger<PayOrder> logger)
{
    /// <summary>Whether online payment can be offered: the pay page offers bank transfer only, saying why, when not.</summary>
    public bool OnlineAvailable => online.Configured;

    public async Task<Result<PaymentStarted>> StartAsync(Guid orderId, PaymentRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var method = methods.Parse(request.Method)!.Value;
        if (await PayableAsync(orderId, cancellationToken) is not { } payable)
        {
            return Error.NotFound();
        }
        if (payable.Error is { } notPayable)
        {
            return notPayable;
        }
        var order = payable.Value!;
        if (method == PaymentMethod.Online)
        {
            return await StartOnlineAsync(order, request.PaymentMethodType!, cancellationToken);
        }
        if (!bank.Configured)
        {
            return Unavailable(Texts.Pick("平台收款账户尚未配置，暂不能对公转账。", "The platform's receiving account is not configured; bank transfer is unavailable."));
        }
        // One transfer per order: asking again shows the same details, never a second reference.
        var payment = await payments.FindPendingAsync(order.Id, PaymentMethod.BankTransfer, cancellationToken);
        if (payment is null)
        {
            // Paying another way: an open online attempt is cancelled at the provider first, so it can never also take money.
            if (await CloseOpenAttemptAsync(order, cancellationToken) is { } cannot)
            {
                return cannot;
            }
            payment = new Payment(order.Id, order.UnionId, PaymentMethod.BankTransfer, order.Total, order.Number, user.UserId, clock.GetUtcNow());
            payments.Add(payment);
            if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
            {
                return conflict;
            }
            logger.LogInformation("Bank transfer {PaymentId} started for order {OrderNumber}: {Amount} CNY", payment.Id, order.Number, payment.Amount);
        }
        return new PaymentStarted(payment.Id, methods.BankTransfer, payment.Amount, payment.Reference, new Payee(bank.AccountName!, bank.BankName!, bank.AccountNumber!));
    }

    /// <summary>
    /// The pay page's way: a hosted checkout page for the order, in CNY and 分, which takes the card or shows the
    /// Alipay / WeChat Pay code. The purchaser comes back to <paramref name="returnPage"/> with <c>result=success</c> or
    /// <c>result=cancel</c>; that page shows the order's state from our database, which only the signed webhook changes.
    /// </summary>
    public async Task<Result<ProviderCheckout>> StartCheckoutAsync(Guid orderId, string? paymentMethodType, Uri returnPage, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (paymentMethodType is null || !PaymentRequestValidator.OnlineTypes.Contains(paymentMethodType))
        {
            return BadType();
        }
        if (await PayableAsync(orderId, cancellationToken) is not { } payable)
        {
            return Error.NotFound();
        }
        if (payable.Error is { } notPayable)
        {
            return notPayable;
        }
        if (!online.Configured)
        {
            return OnlineUnavailable();
        }
        var order = payable.Value!;
        // The same page asked again (a second tab, a double click) is the same open checkout.
        var open = await payments.FindPendingAsync(order.Id, PaymentMethod.Online, cancellationToken);
        if (open is { CheckoutSessionId: { } session } && open.OnlineType == paymentMethodType)
        {
            var resumed = await online.ResumeCheckoutAsync(session, cancellationToken);
            if (resumed.Error is { } unanswered)
            {
                return unanswered;
            }
            if (resumed.Value is { } page)
            {
                return page;
            }
        }
        var claimed = await ClaimAsync(order, open, paymentMethodType, cancellationToken);
        if (claimed.Error is { } notClaimed)
        {
            return notClaimed;
        }
        var payment = claimed.Value!;
        var back = returnPage.GetLeftPart(UriPartial.Path);
        var checkout = await online.CreateCheckoutAsync(order.Id, order.Number, Money.ToFen(order.Total), paymentMethodType,
            new Uri($"{back}?result=success"), new Uri($"{back}?result=cancel"), $"checkout-{payment.Id:N}", cancellationToken);
        if (checkout.Error is { } failed)
        {
            return await AbandonAsync(payment, failed, cancellationToken);
        }
        payment.AttachCheckout(checkout.Value!.SessionId);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Checkout {SessionId} ({Type}) started for order {OrderNumber}: {Amount} CNY", checkout.Value.SessionId, paymentMethodType,
            order.Number, payment.Amount);
        return checkout.Value;
    }

    /// <summary>
    /// The order's one open online attempt. Asked again for the same type, it is the same attempt (its client secret
    /// read back from the provider, answered with <see cref="PaymentStarted.Reused"/>); for another type, or once it
    /// can no longer take money, it is cancelled at the provider before a new one is made. The attempt's row is saved
    /// before the provider is asked (a unique index allows one open attempt an order, so a double click makes one),
    /// and its id is the provider's idempotency key.
    /// </summary>
    private async Task<Result<PaymentStarted>> StartOnlineAsync(Order order, string paymentMethodType, CancellationToken cancellationToken)
    {
        if (!online.Configured)
        {
            return OnlineUnavailable();
        }
        var open = await payments.FindPendingAsync(order.Id, PaymentMethod.Online, cancellationToken);
        if (open is { CheckoutSessionId: null, Reference.Length: > 0 } && open.OnlineType == paymentMethodType)
        {
            var resumed = await online.ResumeAttemptAsync(open.Reference, cancellationToken);
            if (resumed.Error is { } unanswered)
            {
                return unanswered;
            }
            if (resumed.Value is { } same)
            {
                return new PaymentStarted(open.Id, methods.Online, open.Amount, null, null, same.ProviderPaymentId, same.ClientSecret) { Reused = true };
            }
        }
        var claimed = await ClaimAsync(order, open, paymentMethodType, cancellationToken);
        if (claimed.Error is { } notClaimed)
        {
            return notClaimed;
        }
        var payment = claimed.Value!;
        var attempt = await online.CreateAttemptAsync(order.Id, order.Number, Money.ToFen(order.Total), paymentMethodType, $"payment-{payment.Id:N}", cancellationToken);
        if (attempt.Error is { } failed)
        {
            return await AbandonAsync(payment, failed, cancellationToken);
        }
        payment.AttachIntent(attempt.Value!.ProviderPaymentId);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Online payment {PaymentId} ({ProviderPaymentId}, {Type}) started for order {OrderNumber}: {Amount} CNY", payment.Id,
            attempt.Value.ProviderPaymentId, paymentMethodType, order.Number, payment.Amount);
        return new PaymentStarted(payment.Id, methods.Online, payment.Amount, null, null, attempt.Value.ProviderPaymentId, attempt.Value.ClientSecret);
    }

    /// <summary>Cancels the open attempt (if any) at the provider, then saves a new pending attempt: the order's one open attempt.</summary>
    private async Task<Result<Payment>> ClaimAsync(Order order, Payment? open, string paymentMethodType, CancellationToken cancellationToken)
    {
        if (open is { Reference.Length: 0, CheckoutSessionId: null })
        {
            // Being started by another request this very moment (saved, not yet made at the provider): that one is the attempt.
            return Starting();
        }
        if (open is not null && await CancelAtProviderAsync(open, cancellationToken) is { } cannot)
        {
            return cannot;
        }
        var payment = new Payment(order.Id, order.UnionId, PaymentMethod.Online, order.Total, "", user.UserId, clock.GetUtcNow());
        payment.AskedAs(paymentMethodType);
        payments.Add(payment);
        if (await unitOfWork.CommitAsync(cancellationToken) is not null)
        {
            // Another request opened one at the same moment: that one is the order's attempt.
            return Starting();
        }
        return payment;
    }

    private static Error Starting() =>
        Error.InvalidState(Texts.Pick("该订单正在发起在线支付，请稍候重试。", "An online payment of this order is being started; try again in a moment."));

    /// <summary>The provider did not make the attempt: the claimed row fails, freeing the order for another try.</summary>
    private async Task<Error> AbandonAsync(Payment payment, Error failed, CancellationToken cancellationToken)
    {
        payment.ProviderFailed(ProviderOutcome.Failed, failed.Detail);
        await unitOfWork.CommitAsync(cancellationToken);
        return failed;
    }

    /// <summary>Before paying another way: the order's open online attempt is cancelled at the provider, and here.</summary>
    private async Task<Error?> CloseOpenAttemptAsync(Order order, CancellationToken cancellationToken) =>
        await payments.FindPendingAsync(order.Id, PaymentMethod.Online, cancellationToken) is { } open ? await CancelAtProviderAsync(open, cancellationToken) : null;

    private async Task<Error?> CancelAtProviderAsync(Payment open, CancellationToken cancellationToken)
    {
        if (await online.CancelAsync(open.Reference.Length > 0 ? open.Reference : null, open.CheckoutSessionId, cancellationToken) is { } refused)
        {
            return refused;
        }
        open.CanceledHere(Texts.Pick("已改用其他付款方式，本次在线支付已取消。", "Cancelled: the order is being paid another way."));
        logger.LogInformation("Open online attempt {PaymentId} of order {OrderId} cancelled at the provider before another", open.Id, open.OrderId);
        return null;
    }

    /// <summary>The order if it may be paid now (approved, unpaid); null when it is not there.</summary>
    private async Task<Result<Order>?> PayableAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return null;
        }
        if (order.Status != OrderStatus.Approved)
        {
            return Error.InvalidState(Texts.Pick("只有已审批、未付款的订单可以付款。", "Only an approved, unpaid order can be paid."));
        }
        return order;
    }

    private static Error BadType() =>
        Error.Invalid("paymentMethodType", PaymentRequestValidator.BadTypeMessage());

    private static Error OnlineUnavailable() => Unavailable(
        Texts.Pick("在线支付（银行卡、支付宝、微信支付）尚未开通，请使用对公转账。", "Online payment (card, Alipay, WeChat Pay) is not available; pay by bank transfer."));

    private static Error Unavailable(string detail) => new(ErrorKind.PaymentProviderUnavailable, detail);
}
