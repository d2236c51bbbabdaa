using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Suppliers;

namespace Procurement.Core.Partners;

/// <summary>The body of <c>POST /api/v1/partners/{code}/orders</c>, as the contract spells it.</summary>
public sealed class PartnerOrderPush
{
    public string? PartnerOrderNo { get; set; }
    public DateTimeOffset? PlacedAt { get; set; }
    public string? BuyerName { get; set; }
    public List<PartnerPushLine>? Lines { get; set; }
    public PartnerPushRecipient? Recipient { get; set; }
    public decimal? PaidAmount { get; set; }
    public string? Status { get; set; }

    /// <summary>The buying union's 统一社会信用代码 (optional, v1.1): the order then counts for that union in the partner's channel.</summary>
    public string? BuyerUscc { get; set; }
}

public sealed class PartnerPushLine
{
    public string? SkuCode { get; set; }
    public int? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
}

public sealed class PartnerPushRecipient
{
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Province { get; set; }
    public string? City { get; set; }
    public string? District { get; set; }
    public string? Address { get; set; }
}

/// <summary>
/// What a partner pushed, field by field, named as the contract spells them (<c>recipient.phone</c>,
/// <c>lines[0].quantity</c>). Which SKU each line's code names is the database's answer, given by
/// <see cref="PartnerOrderDesk"/> once the fields hold (422 <c>unknown-sku</c>).
/// </summary>
public sealed class PartnerOrderPushValidator : AbstractValidator<PartnerOrderPush>
{
    /// <summary>Units one line may take: far above any real order of gift boxes, far below a stock's range.</summary>
    public const int MaxQuantity = 10_000;

    public PartnerOrderPushValidator(TimeProvider clock)
    {
        RuleFor(x => x.PartnerOrderNo).Must(n => PartnerCodes.OrderKey(n).Length is > 0 and <= PartnerOrder.MaxNumberLength)
            .WithMessage(_ => Texts.Pick($"请填写合作平台订单号（最多 {PartnerOrder.MaxNumberLength} 字）。",
                $"Give the partner order number (at most {PartnerOrder.MaxNumberLength} characters)."));
        // A partner's clock may run a little ahead of ours.
        RuleFor(x => x.PlacedAt).Must(at => at is { } placed && placed <= clock.GetUtcNow().AddMinutes(5))
            .WithMessage(_ => Texts.Pick("请填写下单时间，且不能晚于现在。", "Give when it was placed, not in the future."));
        RuleFor(x => x.BuyerName).Must(b => !string.IsNullOrWhiteSpace(b) && b.Trim().Length <= 100)
            .WithMessage(_ => Texts.Pick("请填写采购单位（最多 100 字）。", "Give the buyer (at most 100 characters)."));
        RuleFor(x => x.PaidAmount).Must(p => p is { } paid && paid >= 0 && Money.HasAtMostTwoDecimals(paid))
            .WithMessage(_ => Texts.Pick("实付金额须不小于 0，最多两位小数。", "The paid amount must be 0 or more with at most 2 decimals."));
        RuleFor(x => x.BuyerUscc).Must(u => string.IsNullOrWhiteSpace(u) || Uscc.IsValid(u.Trim().ToUpperInvariant()))
            .WithMessage(_ => Texts.Pick("采购单位统一社会信用代码无效。", "The buyer's unified social credit code is not valid."));
        RuleFor(x => x.Status).Must(s => StatusOf(s) is not null)
            .WithMessage(_ => Texts.Pick("状态须为 Completed、Refunded、PartiallyRefunded 或 Cancelled。",
                "The status must be Completed, Refunded, PartiallyRefunded or Cancelled."));
        RuleFor(x => x.Recipient).Custom((r, context) =>
        {
            foreach (var (name, value, max) in new[] { ("name", r?.Name, 50), ("phone", r?.Phone, 20), ("province", r?.Province, 20), ("address", r?.Address, 200) })
            {
                if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
                {
                    context.AddFailure($"recipient.{name}", Texts.Pick($"请填写收件人信息（最多 {max} 字）。", $"Give the recipient's {name} (at most {max} characters)."));
                }
            }
        });
        RuleFor(x => x.Lines).Custom((pushed, context) =>
        {
            pushed ??= [];
            if (pushed.Count is 0 or > PartnerOrderDesk.MaxLines)
            {
                context.AddFailure("lines", Texts.Pick($"订单须有 1–{PartnerOrderDesk.MaxLines} 行商品。", $"An order needs 1–{PartnerOrderDesk.MaxLines} lines."));
            }
            for (var i = 0; i < Math.Min(pushed.Count, PartnerOrderDesk.MaxLines); i++)
            {
                if (pushed[i].Quantity is not (> 0 and <= MaxQuantity))
                {
                    context.AddFailure($"lines[{i}].quantity", Texts.Pick($"数量须为 1–{MaxQuantity} 的整数。", $"The quantity must be a whole number from 1 to {MaxQuantity}."));
                }
                if (pushed[i].UnitPrice is not { } price || price < 0 || !Money.HasAtMostTwoDecimals(price))
                {
                    context.AddFailure($"lines[{i}].unitPrice", Texts.Pick("单价须不小于 0，最多两位小数。", "The unit price must be 0 or more with at most 2 decimals."));
                }
            }
        });
    }

    /// <summary>The status a name stands for, case as written; null for anything else, numbers included.</summary>
    public static PartnerOrderStatus? StatusOf(string? name) =>
        Enum.TryParse<PartnerOrderStatus>(name, ignoreCase: false, out var status) && Enum.IsDefined(status) ? status : null;
}

/// <summary>
/// The body of <c>POST /api/v1/partners/{code}/orders/{partnerOrderNo}/refunds</c>. The signature covers the body
/// only, so the body names its order too, and it must be the path's.
/// </summary>
public sealed class PartnerRefundPush
{
    public string? PartnerOrderNo { get; set; }
    public decimal? Amount { get; set; }
    public DateTimeOffset? RefundedAt { get; set; }
}

public sealed class PartnerRefundPushValidator : AbstractValidator<PartnerRefundPush>
{
    public PartnerRefundPushValidator()
    {
        RuleFor(x => x.PartnerOrderNo).Must(n => PartnerCodes.OrderKey(n).Length is > 0 and <= PartnerOrder.MaxNumberLength)
            .WithMessage(_ => Texts.Pick($"请填写合作平台订单号（最多 {PartnerOrder.MaxNumberLength} 字）。",
                $"Give the partner order number (at most {PartnerOrder.MaxNumberLength} characters)."));
        RuleFor(x => x.Amount).Must(a => a is { } amount && amount > 0 && Money.HasAtMostTwoDecimals(amount))
            .WithMessage(_ => Texts.Pick("退款金额须大于 0，最多两位小数。", "The amount must be above 0 with at most 2 decimals."));
        RuleFor(x => x.RefundedAt).NotNull().WithMessage(_ => Texts.Pick("请填写退款时间。", "Give when it was refunded."));
    }
}

/// <summary>What a push answers: our order and number; <see cref="Created"/> says 201 or 200.</summary>
public sealed record PartnerPushed(Guid OrderId, string Number, bool Created = false);

/// <summary>A partner order as finance reads it.</summary>
public sealed record PartnerOrderView(
    Guid Id, string Partner, string PartnerOrderNo, string Number, DateTimeOffset PlacedAt, string BuyerName, string Status, decimal PaidAmount,
    decimal RefundedAmount, int Oversold, int Revisions, IReadOnlyList<PartnerOrderLine> Lines, PartnerRecipient Recipient);

/// <summary>One of our SKUs as a partner line names it by code.</summary>
public sealed record PartnerSku(Guid SkuId, string Code, Guid ProductId, Guid SupplierId, string ProductName);

public interface IPartnerOrderStore
{
    void Add(PartnerOrder order);

    /// <summary>The partner's order by its key, tracked.</summary>
    Task<PartnerOrder?> FindAsync(string partner, string partnerOrderNo, CancellationToken cancellationToken);

    /// <summary>
    /// The SKUs of published products with these (normalised) codes, whoever's they are (a partner sells the catalog):
    /// codes are unique per supplier only, so one code may come back more than once, or not at all.
    /// </summary>
    Task<IReadOnlyList<PartnerSku>> PublishedSkusAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken);

    /// <summary>
    /// Stages taking each line's quantity from stock in the unit of work: a guarded decrement, and when fewer are
    /// available, what is there, the rest told to <paramref name="oversold"/> (SKU, units short) before anything is saved.
    /// </summary>
    void TakeStock(PartnerOrder order, Action<PartnerOrderLine, int> oversold);

    Task<Paged<PartnerOrder>> ListAsync(string? partner, string? q, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>
/// Orders that partner platforms push (832平台, 江苏工会APP, 甘肃消费扶贫APP). Each push is signed
/// (<see cref="PartnerSignature"/>) with <c>Partners:{Code}:Secret</c> and handled as the system identity once the
/// signature holds. A push is idempotent per partner order number: the same body again answers the same order; a
/// changed body is kept as a revision of it. A new order takes our stock like any sale — the sale already happened
/// on the partner's side, so a SKU short of stock is taken to what is there and its supplier is told it is oversold.
/// </summary>
public sealed class PartnerOrderDesk(
    IPartnerOrderStore store, IOrderStore orders, ISupplierNotices notices, IUnitOfWork unitOfWork,
    IReadOnlyDictionary<string, PartnerOptions> partners, IValidator<PartnerOrderPush> pushValidator, IValidator<PartnerRefundPush> refundValidator,
    TimeProvider clock, ILogger<PartnerOrderDesk> logger, Reporting.IReportingBook reporting)
{
    public const int MaxLines = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<PartnerPushed>> PushAsync(string code, byte[] body, string? timestamp, string? signature, CancellationToken cancellationToken)
    {
        if (Authenticate(code, body, timestamp, signature) is { Error: { } refused })
        {
            return refused;
        }
        var partner = PartnerCodes.Normalize(code)!;
        if (Parse<PartnerOrderPush>(body) is not { } push)
        {
            return NotJson();
        }
        var checkedPush = await pushValidator.ValidateAsync(push, cancellationToken);
        if (!checkedPush.IsValid)
        {
            return Error.Invalid(checkedPush.ToFieldErrors());
        }
        var key = PartnerCodes.OrderKey(push.PartnerOrderNo);
        var status = PartnerOrderPushValidator.StatusOf(push.Status)!.Value;
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var now = clock.GetUtcNow();
        if (await store.FindAsync(partner, key, cancellationToken) is { } known)
        {
            if (known.BodyHash != hash && !known.Revisions.Any(r => r.BodyHash == hash))
            {
                known.Revise(status, push.PaidAmount!.Value, hash, now);
                reporting.Revised(known);
                if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
                {
                    return conflict;
                }
                logger.LogInformation("Partner {Partner} order {PartnerOrderNo} ({Number}) revised: {Status}, paid {Paid} CNY", partner, key, known.Number, status,
                    known.PaidAmount);
            }
            return new PartnerPushed(known.Id, known.Number);
        }
        // A known order's lines were taken when it came; only a new one resolves its SKUs (it may have been unlisted since).
        var resolved = await ResolveLinesAsync(push.Lines!, cancellationToken);
        if (resolved.Error is { } unknown)
        {
            return unknown;
        }
        var lines = resolved.Value!;
        var number = await orders.NextNumberAsync(BusinessDate.Of(push.PlacedAt!.Value), cancellationToken);
        var recipient = push.Recipient!;
        var order = new PartnerOrder(partner, key, number, push.PlacedAt!.Value, push.BuyerName!.Trim(), lines,
            new PartnerRecipient(recipient.Name!.Trim(), recipient.Phone!.Trim(), recipient.Province!.Trim(), recipient.City?.Trim() ?? "", recipient.District?.Trim() ?? "",
                recipient.Address!.Trim()),
            push.PaidAmount!.Value, status, hash, now);
        store.Add(order);
        reporting.Received(order, push.BuyerUscc);
        store.TakeStock(order, (line, shortBy) =>
        {
            order.MarkOversold(line.SkuId, shortBy);
            notices.Add(new SupplierNotice(line.SupplierId, NoticeKind.PartnerOversold, line.ProductId, line.SkuCode,
                $"{partner} {key}: {shortBy}", now));
            logger.LogWarning("Partner {Partner} order {PartnerOrderNo} oversold {Short} of SKU {SkuCode}", partner, key, shortBy, line.SkuCode);
        });
        if (await unitOfWork.CommitAsync(cancellationToken) is { } failed)
        {
            // Two pushes of one new order at once: the second's insert loses on the unique key and answers the first's order.
            if (failed.Kind == ErrorKind.Conflict && await store.FindAsync(partner, key, cancellationToken) is { } first)
            {
                return new PartnerPushed(first.Id, first.Number);
            }
            return failed;
        }
        logger.LogInformation("Partner {Partner} order {PartnerOrderNo} received as {Number}: {Lines} lines, paid {Paid} CNY", partner, key, number, lines.Count,
            order.PaidAmount);
        return new PartnerPushed(order.Id, order.Number, Created: true);
    }

    public async Task<Result<PartnerPushed>> RefundAsync(string code, string partnerOrderNo, byte[] body, string? timestamp, string? signature,
        CancellationToken cancellationToken)
    {
        if (Authenticate(code, body, timestamp, signature) is { Error: { } refused })
        {
            return refused;
        }
        var partner = PartnerCodes.Normalize(code)!;
        if (Parse<PartnerRefundPush>(body) is not { } push)
        {
            return NotJson();
        }
        var checkedPush = await refundValidator.ValidateAsync(push, cancellationToken);
        if (!checkedPush.IsValid)
        {
            return Error.Invalid(checkedPush.ToFieldErrors());
        }
        var key = PartnerCodes.OrderKey(partnerOrderNo);
        if (PartnerCodes.OrderKey(push.PartnerOrderNo) != key)
        {
            // A signed refund of one order replayed on another's path.
            logger.LogWarning("Partner {Partner} refund refused: the body names {BodyOrderNo}, the path {PathOrderNo}", partner, PartnerCodes.OrderKey(push.PartnerOrderNo), key);
            return Error.Invalid("partnerOrderNo", Texts.Pick("请求体中的 partnerOrderNo 与路径中的订单号不一致。", "The body's partnerOrderNo is not the order in the path."));
        }
        if (await store.FindAsync(partner, key, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var recorded = order.Refund(push.Amount!.Value, push.RefundedAt!.Value, clock.GetUtcNow());
        if (recorded.Error is { } tooMuch)
        {
            return tooMuch;
        }
        if (recorded.Value)
        {
            reporting.Refunded(order, push.Amount!.Value);
        }
        if (recorded.Value && await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Partner {Partner} order {PartnerOrderNo} refund of {Amount} CNY {Outcome}; now {Status}", partner, order.PartnerOrderNo, push.Amount,
            recorded.Value ? "recorded" : "already recorded", order.Status);
        return new PartnerPushed(order.Id, order.Number);
    }

    /// <summary>An unknown (or not enabled) partner is 404; a bad, missing, stale or future signature, or another partner's, is 401.</summary>
    private Result<bool> Authenticate(string code, byte[] body, string? timestamp, string? signature)
    {
        if (PartnerCodes.Normalize(code) is not { } partner || !partners.TryGetValue(partner, out var options) || string.IsNullOrEmpty(options.Secret))
        {
            return Error.NotFound();
        }
        if (!PartnerSignature.Verify(options.Secret, timestamp, signature, body, clock.GetUtcNow()))
        {
            logger.LogWarning("Partner {Partner} push refused: bad or stale signature (timestamp {Timestamp})", partner, timestamp);
            return new Error(ErrorKind.Unauthorized, Texts.Pick("签名无效或已过期。", "The signature is invalid or stale."));
        }
        return true;
    }

    /// <summary>
    /// Each line's code must name exactly one SKU of a published product — none, or several suppliers' at once, is 422
    /// <c>unknown-sku</c> naming the line. An unpublished SKU is never taken. The fields were checked before.
    /// </summary>
    private async Task<Result<List<PartnerOrderLine>>> ResolveLinesAsync(List<PartnerPushLine> pushed, CancellationToken cancellationToken)
    {
        var codes = pushed.Select(l => SkuCode.Normalize(l.SkuCode)).ToList();
        var skus = (await store.PublishedSkusAsync(codes.Where(c => c.Length > 0).Distinct().ToList(), cancellationToken)).ToLookup(s => s.Code);
        var unresolved = new Dictionary<string, string[]>();
        var lines = new List<PartnerOrderLine>();
        for (var i = 0; i < pushed.Count; i++)
        {
            switch (skus[codes[i]].ToList())
            {
                case [var sku]:
                    lines.Add(new PartnerOrderLine(sku.SkuId, sku.Code, sku.ProductId, sku.SupplierId, pushed[i].Quantity!.Value, pushed[i].UnitPrice!.Value, 0));
                    break;
                case []:
                    unresolved[$"lines[{i}].skuCode"] = [Texts.Pick("没有在售商品使用这个规格编码。", "No published SKU has this code.")];
                    break;
                default:
                    unresolved[$"lines[{i}].skuCode"] = [Texts.Pick("多个供应商的在售商品使用这个规格编码，无法确定是哪一个。",
                        "Published SKUs of more than one supplier have this code; it names none of them for sure.")];
                    break;
            }
        }
        return unresolved.Count > 0
            ? new Error(ErrorKind.UnknownSku, Texts.Pick("有商品行的规格编码不对应唯一的在售规格。", "A line's SKU code names no single published SKU."), unresolved)
            : lines;
    }

    private static T? Parse<T>(byte[] body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Error NotJson() => Error.Invalid("body", Texts.Pick("请求体不是有效的 JSON。", "The body is not valid JSON."));
}
