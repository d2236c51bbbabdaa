using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using SkiaSharp;

namespace Procurement.Infrastructure.Catalog;

/// <summary>
/// Photos as <c>ab/{sha256}-{size}.jpg</c> in the shared <see cref="IPhotoFiles"/>. The bytes must start like a JPEG, PNG or WebP and decode
/// as one; what a file is called does not matter. Two JPEG sizes are written (400 px thumbnails for search and
/// lists, 1200 px for the product page), upright per the camera's EXIF orientation, transparency on white, and the
/// original is kept beside them so sizes can be re-rendered later.
/// </summary>
public sealed class ImageStore(IPhotoFiles files, TimeProvider clock, ILogger<ImageStore> logger) : IImageStore
{
    /// <summary>Larger is either a mistake or a decompression bomb; phone photos are 12 to 48 megapixels.</summary>
    public const int MaxPixels = 50_000_000;
    public const int MinSide = 100;

    /// <summary>
    /// Past <see cref="DensityCheckAbove"/> pixels, a file may not hold more than this many pixels per byte. A 48 MP
    /// phone JPEG carries 10–30; a 47 KB PNG claiming 7000×7000 carries a thousand, and decodes to 200 MB.
    /// </summary>
    public const int MaxPixelsPerByte = 100;

    public const int DensityCheckAbove = 12_000_000;

    /// <summary>Decodes at once: each may briefly hold tens of megabytes, and two cores gain nothing from more.</summary>
    public const int ConcurrentDecodes = 2;

    private static readonly SemaphoreSlim Decodes = new(ConcurrentDecodes, ConcurrentDecodes);

    public async Task<Result<StoredImage>> SaveAsync(Stream content, CancellationToken cancellationToken)
    {
        if (await BoundedRead.ReadAsync(content, IImageStore.MaxBytes, cancellationToken) is not { } bytes)
        {
            return IImageStore.TooLarge();
        }
        if (!LooksLikeImage(bytes))
        {
            return Error.Invalid("file", Texts.Pick("只支持 JPEG、PNG 或 WebP 图片。", "Only JPEG, PNG or WebP images are accepted."));
        }
        // Everything below is read from the header, before a single pixel is decoded.
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width < MinSide || codec.Info.Height < MinSide || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return Unreadable(codec is null);
        }
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        if (pixels > DensityCheckAbove && pixels / bytes.Length > MaxPixelsPerByte)
        {
            logger.LogWarning("Refused an image of {Width}×{Height} in {Bytes} bytes: no camera makes that", codec.Info.Width, codec.Info.Height, bytes.Length);
            return Error.Invalid("file", Texts.Pick("图片的像素数与文件大小不符，请上传相机或手机拍摄的原图。",
                "The image claims far more pixels than its file could hold; upload a photo as the camera saved it."));
        }
        var sideways = codec.EncodedOrigin is SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom;
        var (width, height) = sideways ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var original = OriginalOf(hash);
        // Stored already: marked as stored now, so the sweep spares it.
        if (files.Touch(original, clock.GetUtcNow()))
        {
            return new StoredImage(hash, width, height);
        }
        await Decodes.WaitAsync(cancellationToken);
        try
        {
            using var decoded = DecodeForRenditions(codec);
            if (decoded is null)
            {
                return Unreadable(true);
            }
            using var upright = Upright(decoded, codec.EncodedOrigin);
            // Renditions first, the original last: its presence means the set is complete.
            foreach (var size in new[] { ImageUrls.ThumbnailSize, ImageUrls.DetailSize })
            {
                using var resized = Resize(upright, size);
                using var encoded = resized.Encode(SKEncodedImageFormat.Jpeg, 85);
                await files.WriteAsync(RenditionOf(hash, size), encoded.ToArray(), cancellationToken);
            }
        }
        finally
        {
            Decodes.Release();
        }
        await files.WriteAsync(original, bytes, cancellationToken);
        logger.LogInformation("Stored image {Hash} ({Width}×{Height}, {Bytes} bytes)", hash, width, height, bytes.Length);
        return new StoredImage(hash, width, height);
    }

    /// <summary>
    /// Decodes no larger than the biggest rendition needs: JPEG decoders scale by 1/2, 1/4 or 1/8 while decoding, so a
    /// 48 MP photo costs 12 or 3 MP of memory instead of 192 MB. Formats that cannot scale decode whole.
    /// </summary>
    private static SKBitmap? DecodeForRenditions(SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var size = codec.Info.Size;
        foreach (var scale in new[] { 0.125f, 0.25f, 0.5f })
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (Math.Max(scaled.Width, scaled.Height) >= Math.Min(longest, ImageUrls.DetailSize) && scaled.Width * scaled.Height < size.Width * size.Height)
            {
                size = scaled;
                break;
            }
        }
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }
        bitmap.Dispose();
        return null;
    }

    public Stream? Open(string hash, int size) =>
        IsHash(hash) && size is ImageUrls.ThumbnailSize or ImageUrls.DetailSize ? files.Open(RenditionOf(hash, size)) : null;

    public IReadOnlyList<string> StoredBefore(DateTimeOffset cutoff) =>
        files.List(".original").Where(f => f.StoredAt < cutoff)
            .Select(f => Path.GetFileNameWithoutExtension(f.Name)).Where(IsHash).ToList();

    public bool DeleteIfStoredBefore(string hash, DateTimeOffset cutoff)
    {
        if (!IsHash(hash) || files.StoredAt(OriginalOf(hash)) is not { } storedAt || storedAt >= cutoff)
        {
            return false;
        }
        // The original goes first: without it the set counts as incomplete and is written again on the next upload.
        files.Delete(OriginalOf(hash));
        foreach (var size in new[] { ImageUrls.ThumbnailSize, ImageUrls.DetailSize })
        {
            files.Delete(RenditionOf(hash, size));
        }
        logger.LogInformation("Deleted unused image {Hash}", hash);
        return true;
    }

    public int DeleteUnfinishedBefore(DateTimeOffset cutoff) => files.DeleteUnfinished(cutoff);

    private static string OriginalOf(string hash) => $"{hash[..2]}/{hash}.original";

    private static string RenditionOf(string hash, int size) => $"{hash[..2]}/{hash}-{size}.jpg";

    private static bool IsHash(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower);

    private static Error Unreadable(bool broken) => Error.Invalid("file", broken
        ? Texts.Pick("图片已损坏或不是真正的图片。", "The image is damaged or not really an image.")
        : Texts.Pick($"图片尺寸须在 {MinSide}×{MinSide} 像素到 5000 万像素之间。", $"Images must be at least {MinSide}×{MinSide} pixels and at most 50 megapixels."));

    /// <summary>JPEG FF D8 FF; PNG's eight-byte signature; WebP is a RIFF file of type WEBP.</summary>
    internal static bool LooksLikeImage(ReadOnlySpan<byte> bytes) =>
        bytes is [0xFF, 0xD8, 0xFF, ..]
        || bytes is [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..]
        || (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8));

    /// <summary>Phones store photos sideways and say so in EXIF; browsers showing our JPEGs never see that tag.</summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        var (degrees, swap) = origin switch
        {
            SKEncodedOrigin.BottomRight => (180, false),
            SKEncodedOrigin.RightTop => (90, true),
            SKEncodedOrigin.LeftBottom => (270, true),
            _ => (0, false),
        };
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.White);
        canvas.Translate(result.Width / 2f, result.Height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-source.Width / 2f, -source.Height / 2f);
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }

    private static SKBitmap Resize(SKBitmap image, int box)
    {
        var scale = Math.Min(1f, Math.Min((float)box / image.Width, (float)box / image.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        return image.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidOperationException("Resizing failed.");
    }
}
