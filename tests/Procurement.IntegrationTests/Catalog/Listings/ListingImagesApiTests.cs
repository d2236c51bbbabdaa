using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Listings;
using SkiaSharp;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>Photo uploads through the HTTP pipeline: checked by content, stored by hash, resized, served cacheable, cover in search.</summary>
public sealed class ListingImagesApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    /// <summary>A real photo-like image: a gradient, so every upload in a test differs when the seed does.</summary>
    public static byte[] Photo(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int seed = 0)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)((x + seed) % 256), (byte)(y % 256), (byte)((x * y + seed) % 256)));
            }
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid productId, byte[] content, string fileName, string mediaType = "image/png")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return client.PostAsync($"/api/v1/supplier/products/{productId}/images", new MultipartFormDataContent { { file, "file", fileName } });
    }

    private async Task<(SupplierScenario Supplier, Guid ProductId)> ArrangeAsync()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var product = await supplier.CreateAsync(SupplierScenario.Product("甘南牦牛肉干", SupplierScenario.Code()));
        return (supplier, product.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_photo_is_stored_resized_and_served_for_a_year()
    {
        var (supplier, productId) = await ArrangeAsync();

        var response = await UploadAsync(supplier.Client, productId, Photo(1600, 900, seed: 1), "牦牛.png");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var image = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1600, 900), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        var thumbnail = await app.CreateClient().GetAsync(image.GetProperty("thumbnailUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", thumbnail.Headers.CacheControl?.ToString());
        Assert.NotNull(thumbnail.Headers.ETag);
        using (var decoded = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((400, 225), (decoded.Width, decoded.Height));
        }
        using (var detail = SKBitmap.Decode(await app.CreateClient().GetByteArrayAsync(image.GetProperty("detailUrl").GetString())))
        {
            Assert.Equal(1200, detail.Width);
        }

        var product = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{productId}");
        Assert.Equal(image.GetProperty("thumbnailUrl").GetString(), product.GetProperty("imageUrl").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/media/../../procurement.db")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/media/{new string('a', 64)}-400.jpg")).StatusCode);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public async Task Jpeg_and_webp_are_accepted_too(SKEncodedImageFormat format, string mediaType)
    {
        var (supplier, productId) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(supplier.Client, productId, Photo(300, 300, format, seed: 2), "photo", mediaType)).StatusCode);
    }

    [Fact]
    public async Task A_non_image_renamed_jpg_is_refused_and_nothing_is_kept()
    {
        var (supplier, productId) = await ArrangeAsync();

        await (await UploadAsync(supplier.Client, productId, "%PDF-1.7 fake"u8.ToArray(), "牦牛.jpg", "image/jpeg")).IsValidationProblemAsync("file");
        // Starts like a JPEG, but is not one.
        await (await UploadAsync(supplier.Client, productId, [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[2000]], "broken.jpg", "image/jpeg")).IsValidationProblemAsync("file");

        var product = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{productId}");
        Assert.Equal(0, product.GetProperty("images").GetArrayLength());
    }

    [Fact]
    public async Task An_image_over_5_mb_answers_413()
    {
        var (supplier, productId) = await ArrangeAsync();
        var big = new byte[5 * 1024 * 1024 + 1];
        Photo(200, 200).CopyTo(big, 0);

        var problem = await (await UploadAsync(supplier.Client, productId, big, "huge.png")).IsProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task The_cover_can_change_and_photos_can_go()
    {
        var (supplier, productId) = await ArrangeAsync();
        var first = await (await UploadAsync(supplier.Client, productId, Photo(300, 300, seed: 3), "a.png")).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await UploadAsync(supplier.Client, productId, Photo(300, 300, seed: 4), "b.png")).Content.ReadFromJsonAsync<JsonElement>();
        await (await UploadAsync(supplier.Client, productId, Photo(300, 300, seed: 4), "b-again.png")).IsValidationProblemAsync("file");

        var covered = await supplier.PostAsync($"/api/v1/supplier/products/{productId}/images/{second.GetProperty("id").GetGuid()}/cover");
        Assert.Equal(second.GetProperty("thumbnailUrl").GetString(), covered.GetProperty("imageUrl").GetString());

        var removed = await supplier.Client.DeleteAsync($"/api/v1/supplier/products/{productId}/images/{second.GetProperty("id").GetGuid()}");
        var product = await removed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("thumbnailUrl").GetString(), product.GetProperty("imageUrl").GetString());
        Assert.Equal(1, product.GetProperty("images").GetArrayLength());
    }

    [Fact]
    public async Task Another_suppliers_product_answers_404()
    {
        var (_, productId) = await ArrangeAsync();
        var other = await SupplierScenario.CreateAsync(app, "康县黑木耳种植专业合作社");
        await (await UploadAsync(other.Client, productId, Photo(300, 300, seed: 5), "x.png")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_cover_shows_in_search_once_published()
    {
        var (supplier, productId) = await ArrangeAsync();
        var image = await (await UploadAsync(supplier.Client, productId, Photo(500, 500, seed: 6), "cover.png")).Content.ReadFromJsonAsync<JsonElement>();
        await supplier.PostAsync($"/api/v1/supplier/products/{productId}/submit");
        await (await app.AdminClientAsync()).PostAsync($"/api/v1/admin/products/{productId}/approve", null);

        for (var waited = 0; ; waited += 50)
        {
            var search = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/catalog/search?q=牦牛肉干");
            var hit = search.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("productId").GetGuid() == productId);
            if (hit.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(image.GetProperty("thumbnailUrl").GetString(), hit.GetProperty("imageUrl").GetString());
                break;
            }
            Assert.True(waited < 2000, "not searchable within 2 s");
            await Task.Delay(50);
        }
        var detail = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/catalog/products/{productId}");
        Assert.Equal(image.GetProperty("detailUrl").GetString(), detail.GetProperty("imageUrls")[0].GetString());
    }

    [Fact]
    public async Task Photos_nobody_uses_are_swept_after_a_day_and_used_ones_stay()
    {
        var (supplier, productId) = await ArrangeAsync();
        var kept = await (await UploadAsync(supplier.Client, productId, Photo(300, 300, seed: 7), "kept.png")).Content.ReadFromJsonAsync<JsonElement>();
        var removed = await (await UploadAsync(supplier.Client, productId, Photo(300, 300, seed: 8), "removed.png")).Content.ReadFromJsonAsync<JsonElement>();
        var taken = await (await UploadAsync(supplier.Client, productId, Photo(300, 300, seed: 9), "taken.png")).Content.ReadFromJsonAsync<JsonElement>();
        await supplier.Client.DeleteAsync($"/api/v1/supplier/products/{productId}/images/{removed.GetProperty("id").GetGuid()}");
        await supplier.Client.DeleteAsync($"/api/v1/supplier/products/{productId}/images/{taken.GetProperty("id").GetGuid()}");
        AgeStoredPhotos(TimeSpan.FromDays(2));
        // Uploaded again (to another product) after it aged: stored anew, so the sweep spares it.
        var (other, otherProductId) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(other.Client, otherProductId, Photo(300, 300, seed: 9), "taken-again.png")).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ImageSweep>().RunAsync(CancellationToken.None) >= 1);
        }

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(kept.GetProperty("thumbnailUrl").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(taken.GetProperty("detailUrl").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(removed.GetProperty("thumbnailUrl").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(removed.GetProperty("detailUrl").GetString())).StatusCode);
    }

    [Fact]
    public async Task A_tenth_photo_is_refused_before_it_is_stored()
    {
        var (supplier, productId) = await ArrangeAsync();
        for (var seed = 20; seed < 29; seed++)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(supplier.Client, productId, Photo(120, 120, seed: seed), $"{seed}.png")).StatusCode);
        }
        var before = StoredPhotoCount();

        await (await UploadAsync(supplier.Client, productId, Photo(120, 120, seed: 29), "10.png")).IsValidationProblemAsync("file");

        Assert.Equal(before, StoredPhotoCount());
    }

    private string[] StoredOriginals() => Directory.GetFiles(Path.Combine(app.DataDirectory, "images"), "*.original", SearchOption.AllDirectories);

    private int StoredPhotoCount() => StoredOriginals().Length;

    private void AgeStoredPhotos(TimeSpan age)
    {
        foreach (var original in StoredOriginals())
        {
            File.SetLastWriteTimeUtc(original, DateTime.UtcNow - age);
        }
    }

    /// <summary>One colour over a huge canvas: a few kilobytes of PNG or JPEG that decode to hundreds of megabytes.</summary>
    private static byte[] Flat(int width, int height, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(200, 200, 200));
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    [Fact]
    public async Task A_tiny_file_claiming_a_huge_canvas_is_refused_before_it_is_decoded()
    {
        var (supplier, productId) = await ArrangeAsync();
        var bomb = Flat(7000, 7000, SKEncodedImageFormat.Png);
        Assert.True(bomb.Length < 500_000, $"{bomb.Length} bytes");

        var problem = await (await UploadAsync(supplier.Client, productId, bomb, "bomb.png")).IsProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task A_48_megapixel_photo_is_accepted_and_rendered_from_a_scaled_decode()
    {
        var (supplier, productId) = await ArrangeAsync();
        // A 48 MP JPEG with the detail a camera records: noise stripes keep it photo-dense (about 20 pixels per byte).
        using var bitmap = new SKBitmap(new SKImageInfo(8000, 6000, SKColorType.Gray8, SKAlphaType.Opaque));
        var random = new Random(48);
        var row = new byte[8000];
        for (var y = 0; y < 6000; y++)
        {
            if (y % 8 == 0)
            {
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = (byte)((x / 40) + (y / 40) + random.Next(0, 12));
                }
            }
            System.Runtime.InteropServices.Marshal.Copy(row, 0, bitmap.GetPixels() + y * bitmap.RowBytes, row.Length);
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 60);
        var photo = encoded.ToArray();
        Assert.InRange(photo.Length, 48_000_000 / ImageStoreLimits.MaxPixelsPerByte, (int)IImageStore.MaxBytes);

        var response = await UploadAsync(supplier.Client, productId, photo, "IMG_0001.jpg", "image/jpeg");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var image = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((8000, 6000), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        using var detail = SKBitmap.Decode(await app.CreateClient().GetByteArrayAsync(image.GetProperty("detailUrl").GetString()));
        Assert.Equal((1200, 900), (detail.Width, detail.Height));
    }
}

internal static class ImageStoreLimits
{
    public const int MaxPixelsPerByte = Procurement.Infrastructure.Catalog.ImageStore.MaxPixelsPerByte;
}
