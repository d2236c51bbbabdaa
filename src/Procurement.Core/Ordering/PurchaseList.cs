using FluentValidation;
using Procurement.Core.Catalog;
using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>
/// 采购清单: the SKUs a purchaser collected from search and product pages, with how many of each go into one package.
/// Kept on the server per user, so it follows them from the office PC to the phone and survives a closed tab.
/// </summary>
public sealed class PurchaseListItem
{
    public const int MaxItems = 100;

    private PurchaseListItem()
    {
    }

    public PurchaseListItem(Guid userId, Guid skuId, int perPackage, DateTimeOffset addedAt)
    {
        UserId = userId;
        SkuId = skuId;
        PerPackage = perPackage;
        AddedAt = addedAt;
    }

    public Guid UserId { get; private set; }
    public Guid SkuId { get; private set; }

    /// <summary>How many of this SKU each package (份) holds.</summary>
    public int PerPackage { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    public void SetPerPackage(int perPackage) => PerPackage = perPackage;
}

/// <summary>A purchase-list line as the package builder shows it: the SKU as published now.</summary>
public sealed record PurchaseListLine(Guid SkuId, string SkuCode, string Spec, Guid ProductId, string ProductName, int PerPackage, decimal BasePrice,
    IReadOnlyList<TierPrice> TierPrices, int MinOrderQuantity, int Available, bool Certified, bool Orderable)
{
    /// <summary>The tier price the whole order's quantity reaches (packages × per package): what the server will charge.</summary>
    public decimal UnitPriceFor(int packages) => UnitPriceAt(PerPackage * Math.Max(packages, 1));

    public decimal UnitPriceAt(int quantity) => Sku.PriceAt(TierPrices, BasePrice, quantity);

    public int QuantityFor(int packages) => PerPackage * Math.Max(packages, 1);

    public decimal AmountFor(int packages) => Money.Round(UnitPriceFor(packages) * QuantityFor(packages));
}

public interface IPurchaseListStore
{
    Task<IReadOnlyList<PurchaseListItem>> ItemsAsync(Guid userId, CancellationToken cancellationToken);

    Task<PurchaseListItem?> FindAsync(Guid userId, Guid skuId, CancellationToken cancellationToken);

    void Add(PurchaseListItem item);

    void Remove(PurchaseListItem item);

    /// <summary>The SKUs behind the items, whatever their state now (a product may have been unlisted since it was added).</summary>
    Task<IReadOnlyList<PurchaseListLine>> LinesAsync(IReadOnlyList<PurchaseListItem> items, CancellationToken cancellationToken);

    /// <summary>The published SKU a product tile adds: the cheapest one with stock, or null.</summary>
    Task<Guid?> DefaultSkuAsync(Guid productId, CancellationToken cancellationToken);

    /// <summary>The SKUs by id with their product, category, supplier and what is available now, in one query; absent ones are missing.</summary>
    Task<IReadOnlyDictionary<Guid, StockedSku>> StockAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken);

    /// <summary>
    /// Published SKUs in <paramref name="categories"/> priced from <paramref name="minPrice"/> to <paramref name="maxPrice"/>
    /// with at least <paramref name="minAvailable"/> available, other than <paramref name="except"/>: most available first, at most <paramref name="max"/>, in one query.
    /// </summary>
    Task<IReadOnlyList<StockedSku>> CandidatesAsync(IReadOnlyCollection<string> categories, decimal minPrice, decimal maxPrice, int minAvailable,
        IReadOnlyCollection<Guid> except, int max, CancellationToken cancellationToken);
}

/// <summary>What adding to the list did: added, or found it already there (unchanged, <see cref="PerPackage"/> as it was).</summary>
public sealed record ListAddition(Guid SkuId, bool AlreadyListed, int PerPackage);

/// <summary>The body of <c>POST /api/v1/purchase-list/items</c>.</summary>
/// <param name="PerPackage">How many of the SKU one package holds (1 when left out); sent as a number so that 1.5 is named as the mistake it is.</param>
public sealed record PurchaseListItemRequest(Guid SkuId, decimal? PerPackage);

/// <summary>The body of <c>PUT /api/v1/purchase-list/items/{skuId}</c>: how many each package holds, 0 to take the SKU off.</summary>
public sealed record PerPackageRequest(decimal? PerPackage);

/// <summary>A whole number per package from 1 to <see cref="OrderRequestValidator.MaxQuantity"/>. Whether the SKU can be ordered is the database's answer.</summary>
public sealed class PurchaseListItemRequestValidator : AbstractValidator<PurchaseListItemRequest>
{
    public PurchaseListItemRequestValidator() =>
        RuleFor(x => x.PerPackage).Must(p => IsWhole(p ?? 1)).WithMessage(_ => Message());

    public static bool IsWhole(decimal value) => value >= 1 && value <= OrderRequestValidator.MaxQuantity && value == decimal.Truncate(value);

    public static string Message() => Texts.Pick($"每份数量须为 1 到 {OrderRequestValidator.MaxQuantity} 之间的整数。",
        $"The quantity per package must be a whole number from 1 to {OrderRequestValidator.MaxQuantity:N0}.");
}

/// <summary>The same whole number, or 0 to take the SKU off the list.</summary>
public sealed class PerPackageRequestValidator : AbstractValidator<PerPackageRequest>
{
    public PerPackageRequestValidator() =>
        RuleFor(x => x.PerPackage).Must(p => p is { } value && (value == 0 || PurchaseListItemRequestValidator.IsWhole(value)))
            .WithMessage(_ => PurchaseListItemRequestValidator.Message());
}

/// <summary>The purchase list and the package builder's numbers (Purchaser).</summary>
public sealed class PurchaseLists(
    IPurchaseListStore store, IOrderStore orders, IUnitOfWork unitOfWork, ICurrentUser user, IValidator<PurchaseListItemRequest> itemValidator,
    IValidator<PerPackageRequest> perPackageValidator, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<PurchaseListLine>>> LinesAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var items = await store.ItemsAsync(user.UserId!.Value, cancellationToken);
        return (await store.LinesAsync(items, cancellationToken)).ToList();
    }

    /// <summary>
    /// Adds a SKU (one per package, or <c>perPackage</c>). A SKU already on the list is left as it is when no
    /// <c>perPackage</c> is given (adding twice used to double every member's quantity silently), and raised by it when one is.
    /// </summary>
    public async Task<Error?> AddAsync(PurchaseListItemRequest request, CancellationToken cancellationToken)
    {
        var added = await PutAsync(request, cancellationToken);
        return added.Error;
    }

    /// <summary>The same, saying whether the SKU was already listed and how many each package holds now, so a page can offer to change it.</summary>
    public async Task<Result<ListAddition>> PutAsync(PurchaseListItemRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedRequest = await itemValidator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var skuId = request.SkuId;
        var skus = await orders.OrderableSkusAsync([skuId], cancellationToken);
        if (!skus.ContainsKey(skuId))
        {
            return Error.Invalid("skuId", Purchasing.NotOrderable);
        }
        var userId = user.UserId!.Value;
        int perPackage;
        if (await store.FindAsync(userId, skuId, cancellationToken) is { } existing)
        {
            if (request.PerPackage is not { } more)
            {
                return new ListAddition(skuId, AlreadyListed: true, existing.PerPackage);
            }
            perPackage = Math.Min(existing.PerPackage + (int)more, OrderRequestValidator.MaxQuantity);
            existing.SetPerPackage(perPackage);
        }
        else
        {
            if ((await store.ItemsAsync(userId, cancellationToken)).Count >= PurchaseListItem.MaxItems)
            {
                return Error.Invalid("skuId", Texts.Pick($"采购清单最多 {PurchaseListItem.MaxItems} 种规格。", $"A purchase list holds at most {PurchaseListItem.MaxItems} SKUs."));
            }
            perPackage = (int)(request.PerPackage ?? 1);
            store.Add(new PurchaseListItem(userId, skuId, perPackage, clock.GetUtcNow()));
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } failed)
        {
            return failed;
        }
        return new ListAddition(skuId, AlreadyListed: false, perPackage);
    }

    /// <summary>From a product tile: its cheapest SKU in stock, one per package (left as it is when already listed).</summary>
    public async Task<Result<ListAddition>> AddProductAsync(Guid productId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        return await store.DefaultSkuAsync(productId, cancellationToken) is { } skuId
            ? await PutAsync(new PurchaseListItemRequest(skuId, null), cancellationToken)
            : Error.InvalidState(Texts.Pick("该商品暂无可售规格。", "This product has nothing available to order."));
    }

    /// <summary>How many SKUs the caller's list holds (the navigation's badge).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken) =>
        user.Refuse(Capability.Purchase) is null ? (await store.ItemsAsync(user.UserId!.Value, cancellationToken)).Count : 0;

    /// <summary>
    /// Swaps a listed SKU for another (a stock check's alternative) in one commit, keeping how many each package holds
    /// and the line's place in the list.
    /// </summary>
    public async Task<Error?> ReplaceAsync(Guid skuId, Guid withSkuId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var userId = user.UserId!.Value;
        if (await store.FindAsync(userId, skuId, cancellationToken) is not { } item)
        {
            return Error.NotFound();
        }
        if (!(await orders.OrderableSkusAsync([withSkuId], cancellationToken)).ContainsKey(withSkuId))
        {
            return Error.Invalid("withSkuId", Purchasing.NotOrderable);
        }
        if (await store.FindAsync(userId, withSkuId, cancellationToken) is not null)
        {
            return Error.Invalid("withSkuId", AlreadyListedMessage);
        }
        store.Remove(item);
        store.Add(new PurchaseListItem(userId, withSkuId, item.PerPackage, item.AddedAt));
        return await unitOfWork.CommitAsync(cancellationToken);
    }

    public static string AlreadyListedMessage => Texts.Pick("已在采购清单中。", "Already in the purchase list.");

    public async Task<Error?> SetPerPackageAsync(Guid skuId, PerPackageRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedRequest = await perPackageValidator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var perPackage = (int)request.PerPackage!.Value;
        if (await store.FindAsync(user.UserId!.Value, skuId, cancellationToken) is not { } item)
        {
            return Error.NotFound();
        }
        if (perPackage < 1)
        {
            store.Remove(item);
        }
        else
        {
            item.SetPerPackage(perPackage);
        }
        return await unitOfWork.CommitAsync(cancellationToken);
    }

    public async Task<Error?> RemoveAsync(Guid skuId, CancellationToken cancellationToken) => await SetPerPackageAsync(skuId, new PerPackageRequest(0), cancellationToken);

    /// <summary>Empties the list once its order is drafted.</summary>
    public async Task<Error?> ClearAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        foreach (var item in await store.ItemsAsync(user.UserId!.Value, cancellationToken))
        {
            store.Remove(item);
        }
        return await unitOfWork.CommitAsync(cancellationToken);
    }
}
