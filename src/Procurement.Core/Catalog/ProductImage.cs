namespace Procurement.Core.Catalog;

/// <summary>
/// An uploaded product photo, stored once by the SHA-256 of its bytes (the same photo on two products is one file)
/// and served in two sizes. The product's first image is its cover in search and on the storefront.
/// </summary>
public sealed class ProductImage
{
    private ProductImage()
    {
        Hash = "";
    }

    public ProductImage(string hash, int width, int height, int position, DateTimeOffset uploadedAt)
    {
        Id = Guid.CreateVersion7();
        Hash = hash;
        Width = width;
        Height = height;
        Position = position;
        UploadedAt = uploadedAt;
    }

    public Guid Id { get; private set; }
    public Guid ProductId { get; private set; }
    public string Hash { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public int Position { get; internal set; }
    public DateTimeOffset UploadedAt { get; private set; }

    public string ThumbnailUrl => ImageUrls.Thumbnail(Hash);
    public string DetailUrl => ImageUrls.Detail(Hash);
}

/// <summary>Where the two sizes of a stored image are served; content-addressed, so cacheable forever.</summary>
public static class ImageUrls
{
    public const int ThumbnailSize = 400;
    public const int DetailSize = 1200;

    public static string Thumbnail(string hash) => $"/media/{hash}-{ThumbnailSize}.jpg";
    public static string Detail(string hash) => $"/media/{hash}-{DetailSize}.jpg";
}
