using System.Text.Json;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;

namespace Procurement.Core.Catalog;

/// <summary>A supplier's listing: what it is, where it comes from, and its SKUs.</summary>
public sealed class Product
{
    private readonly List<Sku> _skus = [];
    private readonly List<ProductImage> _images = [];

    public const int MaxImages = 9;

    private Product()
    {
        Name = "";
        CategoryCode = "";
        CountyCode = "";
        Description = "";
    }

    public Product(Guid supplierId, string name, string categoryCode, string countyCode, string description,
        Certificate? certificate, IEnumerable<Sku> skus, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        SupplierId = supplierId;
        Name = name;
        CategoryCode = categoryCode;
        CountyCode = countyCode;
        Description = description;
        Certificate = certificate;
        CreatedAt = createdAt;
        foreach (var sku in skus)
        {
            AddSku(sku);
        }
    }

    public Guid Id { get; private set; }
    public Guid SupplierId { get; private set; }
    public string Name { get; private set; }
    public string CategoryCode { get; private set; }

    /// <summary>The Gansu county-level division it originates in (62xxxx); the city follows from it.</summary>
    public string CountyCode { get; private set; }

    /// <summary>Sanitized simple HTML.</summary>
    public string Description { get; private set; }

    public Certificate? Certificate { get; private set; }
    public ProductStatus Status { get; private set; }
    public string? RejectionReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Units sold, for the "best-selling" sort.</summary>
    public int SalesCount { get; private set; }

    /// <summary>Where the cover and gallery images are served from, first is the cover.</summary>
    public string? ImageUrl { get; private set; }

    public IReadOnlyList<Sku> Skus => _skus;

    /// <summary>Photos in display order; the first is the cover.</summary>
    public IReadOnlyList<ProductImage> Images => _images.OrderBy(i => i.Position).ToList();

    /// <summary>The content as last approved (JSON of <see cref="ListingContent"/>); null until first approved.</summary>
    public string? ApprovedContentJson { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>
    /// Bumped by every edit and review step, and checked when saving (a concurrency token): of two people editing or
    /// approving the same listing, the later gets a conflict instead of overwriting what they never saw.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>A conflict when the caller read <paramref name="expected"/> and the listing has changed since.</summary>
    public Error? CheckVersion(long? expected) => expected is { } seen && seen != Version ? Conflicts.Changed() : null;

    public ListingContent Content => new(Name, CategoryCode, CountyCode, Description, Certificate);

    public ListingContent? ApprovedContent =>
        ApprovedContentJson is null ? null : JsonSerializer.Deserialize<ListingContent>(ApprovedContentJson);

    public bool IsCertifiedOn(DateOnly day) => Certificate?.IsValidOn(day) == true;

    /// <summary>The lowest unit price anyone can get of any SKU, tiers included: what search shows as <c>minPrice</c>.</summary>
    public decimal MinPrice => LowestOf(_skus.Select(s => s.Price), _skus.SelectMany(s => s.TierPrices).Select(t => t.Price));

    public decimal MaxPrice => HighestOf(_skus.Select(s => s.Price));

    /// <summary><see cref="MinPrice"/> from a product's SKU unit prices and tier prices (0 without SKUs), for readers that skip the entity.</summary>
    public static decimal LowestOf(IEnumerable<decimal> unitPrices, IEnumerable<decimal> tierPrices) =>
        unitPrices.Concat(tierPrices).DefaultIfEmpty(0m).Min();

    /// <summary><see cref="MaxPrice"/> from a product's SKU unit prices (0 without SKUs).</summary>
    public static decimal HighestOf(IEnumerable<decimal> unitPrices) => unitPrices.DefaultIfEmpty(0m).Max();

    /// <summary>
    /// Changes what the listing says. A published product whose reviewed content changes goes back to review and
    /// leaves the storefront until approved again; a rejected one becomes a draft to fix and resubmit.
    /// </summary>
    /// <returns>True when the edit sent a published product back to review.</returns>
    public bool Edit(ListingContent content, DateTimeOffset at)
    {
        if (content == Content)
        {
            return false;
        }
        (Name, CategoryCode, CountyCode, Description, Certificate) = (content.Name, content.CategoryCode, content.CountyCode, content.Description, content.Certificate);
        Version++;
        switch (Status)
        {
            case ProductStatus.Published:
                Status = ProductStatus.PendingReview;
                SubmittedAt = at;
                return true;
            case ProductStatus.Rejected:
                Status = ProductStatus.Draft;
                RejectionReason = null;
                break;
        }
        return false;
    }

    /// <summary>
    /// Brings the SKUs in line with <paramref name="requested"/>: known ids are updated, new ones added, missing ones
    /// removed. A SKU that buyers hold reservations on can neither be removed nor cut below what is reserved. Every
    /// check runs before anything changes, so a refused request leaves the product as it was.
    /// </summary>
    public Error? ApplySkus(IReadOnlyList<SkuRequest> requested)
    {
        if (CheckSkus(requested) is { } refused)
        {
            return refused;
        }
        var requestedIds = requested.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToHashSet();
        _skus.RemoveAll(s => !requestedIds.Contains(s.Id));
        foreach (var r in requested)
        {
            var tiers = r.TierPrices.Select(t => new TierPrice(t.MinQuantity, t.Price));
            if (r.Id is { } id)
            {
                _skus.Single(s => s.Id == id).Update(SkuCode.Normalize(r.Code), r.Spec.Trim(), r.Price, r.Stock, r.MinOrderQuantity, tiers);
            }
            else
            {
                AddSku(new Sku(SkuCode.Normalize(r.Code), r.Spec.Trim(), r.Price, r.Stock, r.MinOrderQuantity, tiers));
            }
        }
        Version++;
        return null;
    }

    private Error? CheckSkus(IReadOnlyList<SkuRequest> requested)
    {
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i].Id is { } id && _skus.All(s => s.Id != id))
            {
                return Error.Invalid($"skus[{i}].id", Texts.Pick("该规格不属于此商品。", "This SKU is not part of the product."));
            }
        }
        var requestedIds = requested.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToHashSet();
        if (_skus.FirstOrDefault(s => !requestedIds.Contains(s.Id) && s.Reserved > 0) is { } reserved)
        {
            return Error.InvalidState(Texts.Pick($"规格 {reserved.Code} 有 {reserved.Reserved} 件被订单占用，不能删除。",
                $"SKU {reserved.Code} has {reserved.Reserved} units reserved by orders and cannot be removed."));
        }
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i].Id is { } id && _skus.Single(s => s.Id == id).CheckStock(requested[i].Stock) is { } below)
            {
                return Error.Invalid($"skus[{i}].stock", below);
            }
        }
        return null;
    }

    /// <summary>Whether <see cref="Submit"/> fits now: the page shows its button by this, the entity refuses by it.</summary>
    public bool CanSubmit => Status is ProductStatus.Draft or ProductStatus.Rejected or ProductStatus.Unlisted;

    /// <summary>Whether <see cref="Unlist"/> fits now.</summary>
    public bool CanUnlist => Status == ProductStatus.Published;

    /// <summary>Draft, rejected or unlisted → waiting for an admin's review.</summary>
    public Error? Submit(DateTimeOffset at)
    {
        if (!CanSubmit)
        {
            return Error.InvalidState(Texts.Pick($"当前状态（{StatusNames.Of(Status)}）不能提交审核。", $"A product that is {StatusNames.Of(Status)} cannot be submitted."));
        }
        Status = ProductStatus.PendingReview;
        SubmittedAt = at;
        RejectionReason = null;
        Version++;
        return null;
    }

    /// <summary>An admin approves: the product goes on sale and this content becomes the approved version.</summary>
    public Error? Approve(DateTimeOffset at)
    {
        if (Status != ProductStatus.PendingReview)
        {
            return Error.InvalidState(Texts.Pick($"只有待审核的商品可以通过审核（当前：{StatusNames.Of(Status)}）。", $"Only products pending review can be approved (this one is {StatusNames.Of(Status)})."));
        }
        Status = ProductStatus.Published;
        PublishedAt ??= at;
        ApprovedContentJson = JsonSerializer.Serialize(Content);
        RejectionReason = null;
        Version++;
        return null;
    }

    public Error? Reject(string reason)
    {
        if (Status != ProductStatus.PendingReview)
        {
            return Error.InvalidState(Texts.Pick($"只有待审核的商品可以驳回（当前：{StatusNames.Of(Status)}）。", $"Only products pending review can be rejected (this one is {StatusNames.Of(Status)})."));
        }
        Status = ProductStatus.Rejected;
        RejectionReason = reason;
        Version++;
        return null;
    }

    /// <summary>Takes a published product off the storefront; it disappears from search within seconds.</summary>
    public Error? Unlist()
    {
        if (!CanUnlist)
        {
            return Error.InvalidState(Texts.Pick($"只有已上架的商品可以下架（当前：{StatusNames.Of(Status)}）。", $"Only published products can be unlisted (this one is {StatusNames.Of(Status)})."));
        }
        Status = ProductStatus.Unlisted;
        Version++;
        return null;
    }

    /// <summary>Adds a photo at the end (the cover when it is the first). Photos apply at once, like prices.</summary>
    public Error? AddImage(ProductImage image)
    {
        if (RoomForImage() is { } full)
        {
            return full;
        }
        if (_images.Any(i => i.Hash == image.Hash))
        {
            return Error.Invalid("file", Texts.Pick("这张图片已经上传过了。", "This photo is already on the product."));
        }
        image.Position = _images.Count == 0 ? 0 : _images.Max(i => i.Position) + 1;
        _images.Add(image);
        RefreshCover();
        return null;
    }

    /// <summary>Null while another photo fits; asked before an upload is decoded and stored, so a full product costs no work.</summary>
    public Error? RoomForImage() => _images.Count >= MaxImages
        ? Error.Invalid("file", Texts.Pick($"每个商品最多 {MaxImages} 张图片。", $"At most {MaxImages} photos per product."))
        : null;

    public bool RemoveImage(Guid imageId)
    {
        var image = _images.FirstOrDefault(i => i.Id == imageId);
        if (image is null)
        {
            return false;
        }
        _images.Remove(image);
        Renumber(Images);
        return true;
    }

    /// <summary>Moves a photo to the front: it becomes the cover shown in search.</summary>
    public bool MakeCover(Guid imageId)
    {
        var image = _images.FirstOrDefault(i => i.Id == imageId);
        if (image is null)
        {
            return false;
        }
        Renumber([image, .. Images.Where(i => i.Id != imageId)]);
        return true;
    }

    private void Renumber(IReadOnlyList<ProductImage> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i;
        }
        RefreshCover();
    }

    private void RefreshCover() => ImageUrl = Images.FirstOrDefault()?.ThumbnailUrl;

    private void AddSku(Sku sku)
    {
        sku.BelongTo(SupplierId);
        _skus.Add(sku);
    }

    /// <summary>Demo and imported catalogs arrive already reviewed.</summary>
    public void PublishReviewed(DateTimeOffset at, int salesCount, string? imageUrl)
    {
        Status = ProductStatus.Published;
        PublishedAt = at;
        SalesCount = salesCount;
        ImageUrl = imageUrl;
        ApprovedContentJson = JsonSerializer.Serialize(Content);
    }
}
