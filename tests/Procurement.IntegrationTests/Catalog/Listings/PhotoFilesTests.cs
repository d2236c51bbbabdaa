using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Listings;
using Procurement.Infrastructure.Catalog;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>Two instances over one images folder (<c>Storage:ImagesDirectory</c>), as the compose file mounts it.</summary>
public sealed class SharedImagesApp : ProcurementApp
{
    public static readonly string Shared = Path.Combine(Path.GetTempPath(), "procurement-shared-images", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storage:ImagesDirectory", Shared);
    }
}

public sealed class PhotoFilesTests(SharedImagesApp app) : IClassFixture<SharedImagesApp>
{
    [Fact]
    public async Task A_photo_uploaded_to_one_instance_is_served_by_another_sharing_the_folder()
    {
        var supplier = await SupplierScenario.CreateAsync(app, "临夏牛肉合作社");
        var product = await supplier.CreateAsync(SupplierScenario.Product("临夏牛肉", SupplierScenario.Code()));
        var file = new ByteArrayContent(ListingImagesApiTests.Photo(640, 480, seed: 77));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var uploaded = await supplier.Client.PostAsync($"/api/v1/supplier/products/{product.GetProperty("id").GetGuid()}/images",
            new MultipartFormDataContent { { file, "file", "牛肉.png" } });
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var url = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("thumbnailUrl").GetString()!;

        Assert.NotEmpty(Directory.GetFiles(SharedImagesApp.Shared, "*.original", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "images")));
        // A second instance with its own data directory, the same images folder.
        await using var other = new SharedImagesApp();
        Assert.Equal(HttpStatusCode.OK, (await other.CreateClient().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Unfinished_writes_are_swept_after_the_grace_period_and_recent_ones_kept()
    {
        var folder = Path.Combine(SharedImagesApp.Shared, "ab");
        Directory.CreateDirectory(folder);
        var old = Path.Combine(folder, $"{new string('a', 64)}-400.jpg.{Guid.NewGuid():N}.tmp");
        var recent = Path.Combine(folder, $"{new string('b', 64)}-400.jpg.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(old, [1, 2, 3]);
        File.WriteAllBytes(recent, [1, 2, 3]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow - TimeSpan.FromDays(2));

        await app.WithScopeAsync(sp => sp.GetRequiredService<ImageSweep>().RunAsync(CancellationToken.None));

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public async Task A_write_that_fails_leaves_nothing_under_the_name()
    {
        var root = Path.Combine(Path.GetTempPath(), "procurement-photo-files", Guid.NewGuid().ToString("N"));
        var files = new LocalPhotoFiles(root);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => files.WriteAsync("cd/photo-400.jpg", new byte[1_000_000], cancelled.Token));

        Assert.Empty(Directory.GetFiles(root, "*", SearchOption.AllDirectories));
        Assert.Throws<ArgumentException>(() => files.Open("../../etc/passwd"));
        Directory.Delete(root, recursive: true);
    }
}
