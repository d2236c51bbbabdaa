using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Listings;

/// <summary>A supplier's listing work: create, edit, submit for review, unlist, and stock. API and portal both call this.</summary>
public sealed class ListingEditor(
    IListingStore store, IUnitOfWork unitOfWork, IValidator<ProductRequest> validator, IDescriptionSanitizer sanitizer, ICurrentUser user, TimeProvider clock)
{
    public async Task<Result<Product>> CreateAsync(ProductRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } denied)
        {
            return denied;
        }
        var supplierId = user.SupplierId!.Value;
        if (await ValidateAsync(request, supplierId, null, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        var content = ContentOf(request);
        var product = new Product(supplierId, content.Name, content.CategoryCode, content.CountyCode, content.Description, content.Certificate,
            request.Skus.Select(s => new Sku(SkuCode.Normalize(s.Code), s.Spec.Trim(), s.Price, s.Stock, s.MinOrderQuantity,
                s.TierPrices.Select(t => new TierPrice(t.MinQuantity, t.Price)))),
            clock.GetUtcNow());
        store.Add(product);
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : product;
    }

    /// <summary>
    /// Edits a listing; the answer says whether a published product went back to review. With
    /// <see cref="ProductRequest.Version"/> set, an edit made by someone else since that version is a conflict.
    /// </summary>
    public async Task<Result<(Product Product, bool BackToReview)>> UpdateAsync(Guid id, ProductRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.Administer) is { } denied)
        {
            return denied;
        }
        var product = await store.FindAsync(id, cancellationToken);
        if (product is null)
        {
            return Error.NotFound();
        }
        if (product.CheckVersion(request.Version) is { } stale)
        {
            return stale;
        }
        if (await ValidateAsync(request, product.SupplierId, id, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        // The SKUs check everything before they change, so a refusal leaves the product untouched.
        if (product.ApplySkus(request.Skus) is { } skuError)
        {
            return skuError;
        }
        var backToReview = product.Edit(ContentOf(request), clock.GetUtcNow());
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : (product, backToReview);
    }

    public Task<Result<Product>> SubmitAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, product => product.Submit(clock.GetUtcNow()), cancellationToken);

    public Task<Result<Product>> UnlistAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, product => product.Unlist(), cancellationToken);

    /// <summary>Stock changes apply at once, published or not, and reach search within seconds.</summary>
    public async Task<Result<Sku>> SetStockAsync(Guid skuId, int stock, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.Administer) is { } denied)
        {
            return denied;
        }
        var sku = await store.FindSkuAsync(skuId, cancellationToken);
        if (sku is null)
        {
            return Error.NotFound();
        }
        if (sku.SetStock(stock) is { } error)
        {
            return error;
        }
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : sku;
    }

    private async Task<Result<Product>> ChangeAsync(Guid id, Func<Product, Error?> change, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.Administer) is { } denied)
        {
            return denied;
        }
        var product = await store.FindAsync(id, cancellationToken);
        if (product is null)
        {
            return Error.NotFound();
        }
        if (change(product) is { } error)
        {
            return error;
        }
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : product;
    }

    private ListingContent ContentOf(ProductRequest request) => new(
        request.Name.Trim(),
        request.CategoryCode,
        request.CountyCode,
        sanitizer.Sanitize(DescriptionText.ToHtml(request.Description)),
        request.Certificate is { } c ? new Certificate(c.Number.Trim(), c.Issuer.Trim(), c.ValidFrom, c.ValidTo) : null);

    private async Task<Error?> ValidateAsync(ProductRequest request, Guid supplierId, Guid? productId, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(request, cancellationToken);
        if (!result.IsValid)
        {
            return Error.Invalid(result.ToFieldErrors());
        }
        var codes = request.Skus.Select(s => SkuCode.Normalize(s.Code)).ToList();
        var taken = await store.SkuCodesTakenAsync(supplierId, codes, productId, cancellationToken);
        if (taken.Count == 0)
        {
            return null;
        }
        return Error.Invalid(codes
            .Select((code, index) => (code, index))
            .Where(x => taken.Contains(x.code))
            .ToDictionary(
                x => $"skus[{x.index}].code",
                x => new[] { Texts.Pick($"规格编码 {x.code} 已用于本供应商的其他商品。", $"SKU code {x.code} is already used by another of your products.") }));
    }
}
