using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Listings;

/// <summary>An image after checking and storing: its content hash and size in pixels.</summary>
public sealed record StoredImage(string Hash, int Width, int Height);

/// <summary>
/// Checks, resizes and keeps uploaded photos: JPEG, PNG or WebP by content (magic bytes and a real decode, never the
/// file name), stored once per content hash with a thumbnail and a detail size.
/// </summary>
public interface IImageStore
{
    public const long MaxBytes = 5 * 1024 * 1024;

    Task<Result<StoredImage>> SaveAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>The 413 answer for a photo over <see cref="MaxBytes"/>.</summary>
    public static Error TooLarge() =>
        new(ErrorKind.TooLarge, Texts.Pick("图片不能超过 5 MB。", "Images may be at most 5 MB."), new Dictionary<string, string[]>
        {
            ["file"] = [Texts.Pick("图片不能超过 5 MB。", "Images may be at most 5 MB.")],
        });

    /// <summary>A stored size (<see cref="ImageUrls.ThumbnailSize"/> or <see cref="ImageUrls.DetailSize"/>), or null.</summary>
    Stream? Open(string hash, int size);

    /// <summary>Hashes of the photos last stored before <paramref name="cutoff"/>. Storing a photo again counts as storing it.</summary>
    IReadOnlyList<string> StoredBefore(DateTimeOffset cutoff);

    /// <summary>Removes a photo with all its sizes if it was still last stored before <paramref name="cutoff"/>; answers whether it did.</summary>
    bool DeleteIfStoredBefore(string hash, DateTimeOffset cutoff);

    /// <summary>Removes writes that never finished (a crash mid-upload) from before <paramref name="cutoff"/>; answers how many.</summary>
    int DeleteUnfinishedBefore(DateTimeOffset cutoff);
}

/// <summary>Photos of a listing: add, remove, choose the cover.</summary>
public sealed class ListingImages(IListingStore store, IImageStore images, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock)
{
    public async Task<Result<ProductImage>> AddAsync(Guid productId, Stream content, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.Administer) is { } denied)
        {
            return denied;
        }
        var product = await store.FindAsync(productId, cancellationToken);
        if (product is null)
        {
            return Error.NotFound();
        }
        if (product.RoomForImage() is { } full)
        {
            return full;
        }
        var stored = await images.SaveAsync(content, cancellationToken);
        if (stored.Error is { } invalid)
        {
            return invalid;
        }
        var image = new ProductImage(stored.Value!.Hash, stored.Value.Width, stored.Value.Height, 0, clock.GetUtcNow());
        if (product.AddImage(image) is { } error)
        {
            return error;
        }
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : image;
    }

    public Task<Result<Product>> RemoveAsync(Guid productId, Guid imageId, CancellationToken cancellationToken) =>
        ChangeAsync(productId, product => product.RemoveImage(imageId), cancellationToken);

    public Task<Result<Product>> MakeCoverAsync(Guid productId, Guid imageId, CancellationToken cancellationToken) =>
        ChangeAsync(productId, product => product.MakeCover(imageId), cancellationToken);

    private async Task<Result<Product>> ChangeAsync(Guid productId, Func<Product, bool> change, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.Administer) is { } denied)
        {
            return denied;
        }
        var product = await store.FindAsync(productId, cancellationToken);
        if (product is null || !change(product))
        {
            return Error.NotFound();
        }
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : product;
    }
}
