using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Payments;

/// <summary>The body of <c>POST /api/v1/orders/{id}/payments</c>.</summary>
public sealed class PaymentRequest
{
    /// <summary><c>stripe</c> or <c>bank_transfer</c>.</summary>
    public string? Method { get; set; }

    /// <summary>For Stripe: <c>card</c>, <c>alipay</c> or <c>wechat_pay</c>.</summary>
    public string? PaymentMethodType { get; set; }
}

/// <summary>The body of <c>POST /api/v1/finance/orders/{id}/bank-transfer-confirmations</c>: what the bank statement shows.</summary>
public sealed class BankTransferConfirmationRequest
{
    public decimal? Amount { get; set; }
    public string? Reference { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
}

public sealed record PaymentStarted(Guid PaymentId, string Method, decimal Amount, string? Reference, Payee? Payee, string? PaymentIntentId = null,
    string? ClientSecret = null);

public sealed record PaymentDetails(
    Guid Id, Guid OrderId, string OrderNumber, string? UnionName, string Method, string Status, string Flag, decimal Amount, decimal Received,
    decimal Missing, string Reference, DateTimeOffset CreatedAt, DateTimeOffset? SucceededAt, IReadOnlyList<TransferReceipt> Receipts,
    string? FailureReason = null, string? ResolutionNote = null, DateTimeOffset? ResolvedAt = null);

/// <summary>The body of <c>POST /api/v1/finance/payments/{id}/resolution</c>.</summary>
public sealed record ResolutionRequest(string? Note);

/// <summary>A payment with what the pages show beside it: its order's number and the union's name.</summary>
public sealed record PaymentRow(Payment Payment, string OrderNumber, string? UnionName);

/// <summary>Finance's payments list: by state, method, Beijing creation date range and order number or union.</summary>
public sealed record PaymentListQuery(PaymentStatus? Status = null, PaymentMethod? Method = null, DateOnly? From = null, DateOnly? To = null, string? Q = null,
    int Page = 1, int PageSize = 20);

/// <summary>Writes finance's payments export (XLSX or CSV).</summary>
public interface IPaymentSheets
{
    byte[] Write(IReadOnlyList<PaymentDetails> payments, Ordering.SheetFormat format);
}

public interface IPaymentStore
{
    /// <summary>Payments matching the query, newest first; <paramref name="max"/> bounds an export.</summary>
    Task<Paged<PaymentRow>> ListAsync(PaymentListQuery query, CancellationToken cancellationToken);

    void Add(Payment payment);

    /// <summary>The order's pending payment of this method, tracked for change; null when there is none.</summary>
    Task<Payment?> FindPendingAsync(Guid orderId, PaymentMethod method, CancellationToken cancellationToken);

    Task<IReadOnlyList<PaymentRow>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Flagged payments (wrong amount, overpaid), unresolved first, then newest.</summary>
    Task<Paged<PaymentRow>> FlaggedAsync(bool unresolvedOnly, int page, int pageSize, CancellationToken cancellationToken);

    Task<Payment?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Bank transfers still waiting for (all of) their money, oldest first.</summary>
    Task<Paged<PaymentRow>> AwaitingTransfersAsync(string? q, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>
/// Paying for approved orders. A purchaser starts a bank transfer and gets the payee and the reference to quote;
/// finance confirms what arrived; when the receipts reach the order's total the order is paid, and in the same unit
/// of work its reservations become sales (stock and reserved both drop) and the supplier's sales ledger counts them.
/// Stripe (card, Alipay, WeChat Pay) creates a PaymentIntent per attempt; its webhook events pay the order
/// (<see cref="PaymentEvents"/>). Without <c>Stripe:SecretKey</c> it answers 503 <c>payment-provider-unavailable</c>.
/// </summary>
public sealed class PaymentDesk(
    IPaymentStore payments, IOrderStore orders, IOrderCommitments commitments, IShipmentStore shipments, IUnitOfWork unitOfWork, ICurrentUser user,
    BankTransferOptions bank, IPaymentProvider provider, TimeProvider clock, ILogger<PaymentDesk> logger)
{
    public const string Stripe = "stripe";
    public const string BankTransfer = "bank_transfer";
    private static readonly string[] StripeTypes = ["card", "alipay", "wechat_pay"];

    /// <summary>Receipts dated later than this past the server's clock are refused as typing mistakes.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<Result<PaymentStarted>> StartAsync(Guid orderId, PaymentRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (request.Method is not (Stripe or BankTransfer))
        {
            return Error.Invalid("method", Texts.Pick("付款方式须为 stripe 或 bank_transfer。", "The method must be stripe or bank_transfer."));
        }
        if (request.Method == Stripe && !StripeTypes.Contains(request.PaymentMethodType))
        {
            return Error.Invalid("paymentMethodType", Texts.Pick("在线支付方式须为 card、alipay 或 wechat_pay。", "The payment method type must be card, alipay or wechat_pay."));
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Status != OrderStatus.Approved)
        {
            return Error.InvalidState(Texts.Pick("只有已审批、未付款的订单可以付款。", "Only an approved, unpaid order can be paid."));
        }
        if (request.Method == Stripe)
        {
            return await StartStripeAsync(order, request.PaymentMethodType!, cancellationToken);
        }
        if (!bank.Configured)
        {
            return Unavailable(Texts.Pick("平台收款账户尚未配置，暂不能对公转账。", "The platform's receiving account is not configured; bank transfer is unavailable."));
        }
        // One transfer per order: asking again shows the same details, never a second reference.
        var payment = await payments.FindPendingAsync(order.Id, PaymentMethod.BankTransfer, cancellationToken);
        if (payment is null)
        {
            payment = new Payment(order.Id, order.UnionId, PaymentMethod.BankTransfer, order.Total, order.Number, user.UserId, clock.GetUtcNow());
            payments.Add(payment);
            if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
            {
                return conflict;
            }
            logger.LogInformation("Bank transfer {PaymentId} started for order {OrderNumber}: {Amount} CNY", payment.Id, order.Number, payment.Amount);
        }
        return new PaymentStarted(payment.Id, BankTransfer, payment.Amount, payment.Reference, new Payee(bank.AccountName!, bank.BankName!, bank.AccountNumber!));
    }

    /// <summary>Whether online payment (Stripe) can be offered: the pay page offers bank transfer only, saying why, when not.</summary>
    public bool OnlineAvailable => provider.Configured;

    /// <summary>
    /// The pay page's way: a hosted Stripe Checkout session for the order, in CNY and 分, whose page takes the card or
    /// shows the Alipay / WeChat Pay code. The purchaser comes back to <paramref name="returnPage"/> with
    /// <c>result=success</c> or <c>result=cancel</c>; that page shows the order's state from our database, which only
    /// the signed webhook changes.
    /// </summary>
    public async Task<Result<ProviderCheckout>> StartCheckoutAsync(Guid orderId, string? paymentMethodType, Uri returnPage, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (!StripeTypes.Contains(paymentMethodType))
        {
            return Error.Invalid("paymentMethodType", Texts.Pick("在线支付方式须为 card、alipay 或 wechat_pay。", "The payment method type must be card, alipay or wechat_pay."));
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Status != OrderStatus.Approved)
        {
            return Error.InvalidState(Texts.Pick("只有已审批、未付款的订单可以付款。", "Only an approved, unpaid order can be paid."));
        }
        if (!provider.Configured)
        {
            return Unavailable(Texts.Pick("在线支付（银行卡、支付宝、微信支付）尚未开通，请使用对公转账。", "Online payment (card, Alipay, WeChat Pay) is not available; pay by bank transfer."));
        }
        var payment = new Payment(order.Id, order.UnionId, PaymentMethod.Stripe, order.Total, "", user.UserId, clock.GetUtcNow());
        var back = returnPage.GetLeftPart(UriPartial.Path);
        var checkout = await provider.CreateCheckoutAsync(order.Id, order.Number, Money.ToFen(order.Total), paymentMethodType!,
            new Uri($"{back}?result=success"), new Uri($"{back}?result=cancel"), $"checkout-{payment.Id:N}", cancellationToken);
        if (checkout.Error is { } failed)
        {
            return failed;
        }
        payment.AttachCheckout(checkout.Value!.SessionId);
        payments.Add(payment);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Stripe Checkout {SessionId} ({Type}) started for order {OrderNumber}: {Amount} CNY", checkout.Value.SessionId, paymentMethodType,
            order.Number, payment.Amount);
        return checkout.Value;
    }

    /// <summary>
    /// A new attempt: the payment row's id is the idempotency key, so the client's own retries of the create never
    /// make a second intent; the intent is saved with the attempt only once Stripe has made it.
    /// </summary>
    private async Task<Result<PaymentStarted>> StartStripeAsync(Order order, string paymentMethodType, CancellationToken cancellationToken)
    {
        if (!provider.Configured)
        {
            return Unavailable(Texts.Pick("在线支付（银行卡、支付宝、微信支付）尚未开通，请使用对公转账。", "Online payment (card, Alipay, WeChat Pay) is not available; pay by bank transfer."));
        }
        var payment = new Payment(order.Id, order.UnionId, PaymentMethod.Stripe, order.Total, "", user.UserId, clock.GetUtcNow());
        var intent = await provider.CreateIntentAsync(order.Id, order.Number, Money.ToFen(order.Total), paymentMethodType, $"payment-{payment.Id:N}", cancellationToken);
        if (intent.Error is { } failed)
        {
            return failed;
        }
        payment.AttachIntent(intent.Value!.IntentId);
        payments.Add(payment);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Stripe payment {PaymentId} ({IntentId}, {Type}) started for order {OrderNumber}: {Amount} CNY", payment.Id, intent.Value.IntentId,
            paymentMethodType, order.Number, payment.Amount);
        return new PaymentStarted(payment.Id, Stripe, payment.Amount, null, null, intent.Value.IntentId, intent.Value.ClientSecret);
    }

    /// <summary>
    /// Finance records what the bank statement shows for an order's transfer. Short: recorded, the order stays unpaid
    /// and the queue shows what is missing. Enough: the order is paid. More: paid and flagged for finance.
    /// </summary>
    public async Task<Result<PaymentDetails>> ConfirmTransferAsync(Guid orderId, BankTransferConfirmationRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        var now = clock.GetUtcNow();
        if (CheckReceipt(request, now) is { } invalid)
        {
            return invalid;
        }
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
        if (received.Value)
        {
            order.Pay(clerk, now, Texts.Pick($"对公转账已到账 {payment.Received:0.00} 元。", $"Bank transfer of {payment.Received:0.00} yuan received."));
            commitments.Sell(order);
            shipments.CreateFor(order);
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Bank transfer for order {OrderNumber}: {Amount} CNY received by {Clerk}, {Received} of {Total}; order {Status}, flag {Flag}",
            order.Number, request.Amount, clerk, payment.Received, payment.Amount, order.Status, payment.Flag);
        return Details(new PaymentRow(payment, order.Number, null));
    }

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
        return (await payments.ForOrderAsync(orderId, cancellationToken)).Select(Details).ToList();
    }

    public const int MaxExportRows = 50_000;

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
        var found = await payments.ListAsync(query.Value! with { Page = Math.Max(1, page), PageSize = Math.Clamp(pageSize, 1, ListQuery.MaxPageSize) }, cancellationToken);
        return new Paged<PaymentDetails>(found.Total, found.Page, found.PageSize, found.Items.Select(Details).ToList());
    }

    /// <summary>The same list as a file (at most <see cref="MaxExportRows"/> rows).</summary>
    public async Task<Result<byte[]>> ExportAsync(string? status, string? method, DateOnly? from, DateOnly? to, string? q, Ordering.SheetFormat format, IPaymentSheets sheets,
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
        var found = await payments.ListAsync(query.Value! with { Page = 1, PageSize = MaxExportRows }, cancellationToken);
        logger.LogInformation("Payments export of {Rows} rows ({Format}) by {UserId}", found.Items.Count, format, user.UserId);
        return sheets.Write(found.Items.Select(Details).ToList(), format);
    }

    private static Result<PaymentListQuery> ListQueryOf(string? status, string? method, DateOnly? from, DateOnly? to, string? q)
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
        PaymentMethod? wantedMethod = method switch
        {
            null => null,
            Stripe => PaymentMethod.Stripe,
            BankTransfer => PaymentMethod.BankTransfer,
            _ => (PaymentMethod)(-1),
        };
        if ((int?)wantedMethod == -1)
        {
            fields["method"] = [Texts.Pick("付款方式须为 stripe 或 bank_transfer。", "The method must be stripe or bank_transfer.")];
        }
        if (from is { } start && to is { } end && end < start)
        {
            fields["to"] = [Texts.Pick("结束日期不能早于开始日期。", "The end date cannot be before the start.")];
        }
        return fields.Count > 0 ? Error.Invalid(fields) : new PaymentListQuery(wantedStatus, wantedMethod, from, to, string.IsNullOrWhiteSpace(q) ? null : q.Trim());
    }

    /// <summary>Finance's queue: bank transfers still waiting for (part of) their money.</summary>
    public Task<Result<Paged<PaymentDetails>>> AwaitingTransfersAsync(string? q, int page, int pageSize, CancellationToken cancellationToken) =>
        FinanceListAsync(page, pageSize,
            (p, size) => payments.AwaitingTransfersAsync(q, p, size, cancellationToken));

    /// <summary>Finance's list of payments whose money did not match the order (wrong amount, overpaid).</summary>
    public Task<Result<Paged<PaymentDetails>>> FlaggedAsync(bool unresolvedOnly, int page, int pageSize, CancellationToken cancellationToken) =>
        FinanceListAsync(page, pageSize,
            (p, size) => payments.FlaggedAsync(unresolvedOnly, p, size, cancellationToken));

    /// <summary>A list for finance (admins too): refused to anyone else, page bounds kept, rows shown as details.</summary>
    private async Task<Result<Paged<PaymentDetails>>> FinanceListAsync(int page, int pageSize, Func<int, int, Task<Paged<PaymentRow>>> read)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var found = await read(Math.Max(1, page), Math.Clamp(pageSize, 1, ListQuery.MaxPageSize));
        return new Paged<PaymentDetails>(found.Total, found.Page, found.PageSize, found.Items.Select(Details).ToList());
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
        return Details(new PaymentRow(payment, order?.Number ?? "", null));
    }

    private static PaymentDetails Details(PaymentRow row)
    {
        var p = row.Payment;
        return new PaymentDetails(p.Id, p.OrderId, row.OrderNumber, row.UnionName, p.Method == PaymentMethod.BankTransfer ? BankTransfer : Stripe,
            p.Status.ToString(), p.Flag.ToString(), p.Amount, p.Received, p.Missing, p.Reference, p.CreatedAt, p.SucceededAt, p.Receipts,
            p.FailureReason, p.ResolutionNote, p.ResolvedAt);
    }

    private static Error? CheckReceipt(BankTransferConfirmationRequest request, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string[]>();
        if (request.Amount is not { } amount || amount <= 0 || amount > 100_000_000_000m || !Money.HasAtMostTwoDecimals(amount))
        {
            fields["amount"] = [Texts.Pick("到账金额须大于 0，最多两位小数。", "The amount must be above 0 with at most 2 decimals.")];
        }
        var reference = request.Reference?.Trim() ?? "";
        if (reference.Length is 0 or > Payment.MaxReferenceLength)
        {
            fields["reference"] = [Texts.Pick($"请填写银行流水上的附言或流水号（最多 {Payment.MaxReferenceLength} 字）。", $"Give the reference on the bank statement (at most {Payment.MaxReferenceLength} characters).")];
        }
        if (request.ReceivedAt is not { } at)
        {
            fields["receivedAt"] = [Texts.Pick("请填写到账时间。", "Give when the money arrived.")];
        }
        else if (at > now + ClockSkew)
        {
            fields["receivedAt"] = [Texts.Pick("到账时间不能晚于现在。", "The money cannot have arrived in the future.")];
        }
        return fields.Count > 0 ? Error.Invalid(fields) : null;
    }

    private static Error Unavailable(string detail) => new(ErrorKind.PaymentProviderUnavailable, detail);
}
