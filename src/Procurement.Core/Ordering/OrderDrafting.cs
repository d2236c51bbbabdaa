using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Users;

namespace Procurement.Core.Ordering;

/// <summary>A created order, and whether it was made by an earlier call with the same key (200 rather than 201).</summary>
public sealed record DraftOutcome(OrderDetails Order, bool Replayed);

/// <summary>
/// Creating draft orders (Purchaser). Lines are priced on the server from the SKUs as published now. Creation is
/// idempotent per user and <c>Idempotency-Key</c>: the key is kept with a hash of the request, so a retry with the
/// same body finds the same order and the same key with another body is refused (422 idempotency-key-reused).
/// </summary>
public sealed class OrderDrafting(
    IOrderStore store, IRecipientStore recipients, IUnitOfWork unitOfWork, IValidator<OrderRequest> validator, ICurrentUser user, OrderQueries queries,
    TimeProvider clock, ILogger<OrderDrafting> logger)
{
    public async Task<Result<DraftOutcome>> CreateAsync(OrderRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var key = idempotencyKey?.Trim() ?? "";
        if (key.Length is 0 or > OrderIdempotencyKey.MaxKeyLength)
        {
            return Error.Invalid("Idempotency-Key", Texts.Pick($"请求头 Idempotency-Key 必填，最多 {OrderIdempotencyKey.MaxKeyLength} 个字符。",
                $"The Idempotency-Key header is required, at most {OrderIdempotencyKey.MaxKeyLength} characters."));
        }
        var userId = user.UserId!.Value;
        var hash = HashOf(request);
        if (await ReplayAsync(userId, key, hash, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return Error.Invalid(validation.ToFieldErrors());
        }
        Occasions.TryParse(request.Occasion, out var occasion);
        var now = clock.GetUtcNow();
        Order order;
        if (request.IsChoice)
        {
            var options = await PriceOptionsAsync(request, now, cancellationToken);
            if (options.Error is { } unpriced)
            {
                return unpriced;
            }
            var choiceNumber = await store.NextNumberAsync(BusinessDate.Of(now), cancellationToken);
            order = Order.ForChoice(user.UnionId!.Value, userId, choiceNumber, occasion, request.Note, options.Value!, request.DefaultOption!.Value,
                request.ChoiceDeadline!.Value.ToUniversalTime(), now, request.Reference);
        }
        else
        {
            var priced = await PriceAsync(request.Lines!, cancellationToken);
            if (priced.Error is { } unpriced)
            {
                return unpriced;
            }
            var number = await store.NextNumberAsync(BusinessDate.Of(now), cancellationToken);
            order = new Order(user.UnionId!.Value, userId, number, occasion, request.Note, priced.Value!, now, request.Reference);
        }
        store.Add(order);
        store.AddKey(new OrderIdempotencyKey(userId, key, hash, order.Id, now));
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            // Two calls with one key at once: the other one's order won the key; answer as its replay would.
            return await ReplayAsync(userId, key, hash, cancellationToken) is { } winner ? winner : conflict;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) drafted by {UserId} for union {UnionId}: {Lines} lines, {Total} CNY",
            order.Number, order.Id, userId, order.UnionId, order.Lines.Count, order.Total);
        return new DraftOutcome(await queries.DetailsAsync(order, cancellationToken), Replayed: false);
    }

    /// <summary>
    /// Changes a draft's (or a rejected order's) lines and note: the lines are priced again as published now, as when
    /// the order was made, and the order decides whether its recipients still fit (<see cref="Order.Revise"/>). Their
    /// rows go only when the request says to drop them, in the same unit of work.
    /// </summary>
    public async Task<Result<OrderDetails>> ReviseAsync(Guid id, OrderRevisionRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(id, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        // The create's rules for note and lines; the occasion is the order's own.
        var validation = await validator.ValidateAsync(new OrderRequest { Occasion = order.Occasion.ToString(), Note = request.Note, Reference = request.Reference, Lines = request.Lines },
            cancellationToken);
        if (!validation.IsValid)
        {
            return Error.Invalid(validation.ToFieldErrors());
        }
        var priced = await PriceAsync(request.Lines!, cancellationToken);
        if (priced.Error is { } unpriced)
        {
            return unpriced;
        }
        var revised = order.Revise(priced.Value!, request.Note, request.DropRecipients, request.Reference);
        if (revised.Error is { } wrong)
        {
            return wrong;
        }
        if (revised.Value!.RecipientsDropped > 0)
        {
            recipients.Replace(order.Id, []);
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) revised by {UserId}: {Lines} lines, {Total} CNY, {Dropped} recipients dropped",
            order.Number, order.Id, user.UserId, order.Lines.Count, order.Total, revised.Value.RecipientsDropped);
        return await queries.DetailsAsync(order, cancellationToken);
    }

    /// <summary>
    /// A new draft with an earlier order's SKUs and quantities, priced again as they are published now, and its
    /// recipients too when <paramref name="request"/> asks (the same quantities divide into the same packages). The
    /// draft is made first, then the recipients are copied into it by one set-based statement.
    /// </summary>
    public async Task<Result<OrderDetails>> ReorderAsync(Guid orderId, ReorderRequest? request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await store.FindAsync(orderId, cancellationToken) is not { } earlier)
        {
            return Error.NotFound();
        }
        var copy = new OrderRequest
        {
            Occasion = earlier.Occasion.ToString(),
            Note = earlier.Note,
            Reference = earlier.Reference,
            Lines = earlier.Lines.Select(l => new OrderLineRequest { SkuId = l.SkuId, Quantity = l.Quantity }).ToList(),
        };
        var outcome = await CreateAsync(copy, $"reorder-{Guid.NewGuid():N}", cancellationToken);
        if (outcome.Error is { } notMade)
        {
            return notMade;
        }
        if (request?.Recipients != true || earlier.PackageCount == 0 || await store.FindAsync(outcome.Value!.Order.Id, cancellationToken) is not { } draft)
        {
            return outcome.Value!.Order;
        }
        if (draft.PackInto(earlier.PackageCount, earlier.RecipientCount).Error is { } unpacked)
        {
            return unpacked;
        }
        // The plan above is the earlier order's as read; the copy checks the rows still add up to it (a new list uploaded meanwhile would not).
        recipients.Copy(earlier.Id, draft.Id, earlier.RecipientCount, earlier.PackageCount);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) took the {Recipients} recipients of {Earlier}", draft.Number, draft.Id, draft.RecipientCount, earlier.Number);
        return await queries.DetailsAsync(draft, cancellationToken);
    }

    private async Task<Result<DraftOutcome>?> ReplayAsync(Guid userId, string key, string hash, CancellationToken cancellationToken)
    {
        if (await store.FindKeyAsync(userId, key, cancellationToken) is not { } stored)
        {
            return null;
        }
        if (stored.BodyHash != hash)
        {
            return new Error(ErrorKind.IdempotencyKeyReused, Texts.Pick("该 Idempotency-Key 已用于另一份不同的订单请求。",
                "This Idempotency-Key was already used with a different request body."));
        }
        return await store.FindAsync(stored.OrderId, cancellationToken) is { } order
            ? new DraftOutcome(await queries.DetailsAsync(order, cancellationToken), Replayed: true)
            : Error.NotFound();
    }

    /// <summary>
    /// A choice order's options priced as published now, each line per package at the SKU's price for that quantity
    /// (how many members take each option is not known until they choose); every bad line named as
    /// <c>options[i].lines[j].skuId</c>, and a deadline in the past as <c>choiceDeadline</c>.
    /// </summary>
    private async Task<Result<IReadOnlyList<OrderOption>>> PriceOptionsAsync(OrderRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requested = request.Options!;
        var skus = await store.OrderableSkusAsync(requested.SelectMany(o => o.Lines!).Select(l => l.SkuId).Distinct().ToList(), cancellationToken);
        var fields = new Dictionary<string, string[]>();
        if (request.ChoiceDeadline!.Value <= now)
        {
            fields["choiceDeadline"] = [Texts.Pick("自选截止时间须晚于现在。", "The choice deadline must be in the future.")];
        }
        var options = new List<OrderOption>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            var lines = new List<OrderLine>();
            for (var j = 0; j < requested[i].Lines!.Count; j++)
            {
                var line = requested[i].Lines![j];
                if (!skus.TryGetValue(line.SkuId, out var orderable))
                {
                    fields[$"options[{i}].lines[{j}].skuId"] = [Purchasing.NotOrderable];
                    continue;
                }
                var perPackage = (int)line.Quantity;
                lines.Add(new OrderLine(orderable.Sku.Id, orderable.Sku.Code, orderable.Sku.ProductId, orderable.ProductName, orderable.Sku.SupplierId, perPackage,
                    orderable.Sku.UnitPriceAt(perPackage), orderable.OriginCityCode, orderable.Certified));
            }
            options.Add(new OrderOption(i, requested[i].Name!, lines));
        }
        return fields.Count > 0 ? Error.Invalid(fields) : options;
    }

    private async Task<Result<IReadOnlyList<OrderLine>>> PriceAsync(IReadOnlyList<OrderLineRequest> lines, CancellationToken cancellationToken)
    {
        var skus = await store.OrderableSkusAsync(lines.Select(l => l.SkuId).ToList(), cancellationToken);
        var priced = new List<OrderLine>(lines.Count);
        var fields = new Dictionary<string, string[]>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!skus.TryGetValue(lines[i].SkuId, out var orderable))
            {
                fields[$"lines[{i}].skuId"] = [Purchasing.NotOrderable];
                continue;
            }
            var line = OrderLine.Price(orderable.Sku, orderable.ProductName, (int)lines[i].Quantity, $"lines[{i}].quantity",
                orderable.OriginCityCode, orderable.Certified, orderable.OriginCountyCode);
            if (line.Error is { Fields: { } refused })
            {
                foreach (var (field, messages) in refused)
                {
                    fields[field] = messages;
                }
                continue;
            }
            priced.Add(line.Value!);
        }
        return fields.Count > 0 ? Error.Invalid(fields) : priced;
    }

    /// <summary>The request as it means: occasion, note and lines in order, hashed, so JSON spacing or key order never counts as "different".</summary>
    internal static string HashOf(OrderRequest request)
    {
        var text = new StringBuilder();
        text.Append(request.Occasion).Append('\n').Append(request.Note?.Trim()).Append('\n');
        if (Order.NormalizeReference(request.Reference) is { } reference)
        {
            // Only when given, so keys hashed before references existed still replay.
            text.Append("reference:").Append(reference).Append('\n');
        }
        foreach (var line in request.Lines ?? [])
        {
            text.Append(line.SkuId.ToString("N")).Append(':').Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        if (request.IsChoice)
        {
            // Only for choice orders, so standard orders' keys hash as before.
            text.Append("choice:").Append(request.DefaultOption).Append(':').Append(request.ChoiceDeadline?.UtcTicks).Append('\n');
            foreach (var option in request.Options ?? [])
            {
                text.Append("option:").Append(option.Name?.Trim()).Append('\n');
                foreach (var line in option.Lines ?? [])
                {
                    text.Append(line.SkuId.ToString("N")).Append(':').Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>What purchasing tells a buyer. Who may purchase is <see cref="Access"/>'s.</summary>
public static class Purchasing
{
    /// <summary>What a buyer is told about a SKU that is absent or not on sale.</summary>
    public static string NotOrderable => Texts.Pick("该规格不存在或商品未上架。", "This SKU does not exist or its product is not published.");
}
