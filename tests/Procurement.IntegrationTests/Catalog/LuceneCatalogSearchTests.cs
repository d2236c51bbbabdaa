using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Search.Lucene;

namespace Procurement.IntegrationTests.Catalog;

/// <summary>The behaviour suite on a real Lucene index in a temp folder.</summary>
public sealed class LuceneCatalogSearchTests : CatalogSearchBehaviour
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "procurement-lucene", Guid.NewGuid().ToString("N"));
    private LuceneIndexHolder? _holder;

    protected override Task<(ICatalogIndex Index, ICatalogSearch Search)> CreateAsync()
    {
        _holder = new LuceneIndexHolder(_folder, NullLogger<LuceneIndexHolder>.Instance);
        return Task.FromResult<(ICatalogIndex, ICatalogSearch)>(
            (new LuceneCatalogIndex(_holder, NullLogger<LuceneCatalogIndex>.Instance), new LuceneCatalogSearch(_holder)));
    }

    public override Task DisposeAsync()
    {
        _holder?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_reopened_index_keeps_the_swapped_generation()
    {
        await Index.RebuildAsync(new[] { Lily, Potato }.ToAsyncEnumerable(), null, CancellationToken.None);
        _holder!.Dispose();
        _holder = new LuceneIndexHolder(_folder, NullLogger<LuceneIndexHolder>.Instance);
        Assert.Equal(2, (await new LuceneCatalogSearch(_holder).SearchAsync(new CatalogQuery(), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_corrupt_index_at_start_is_set_aside_and_an_empty_one_opened()
    {
        await Index.UpsertAsync([Lily, Potato], CancellationToken.None);
        _holder!.Dispose();
        var live = Path.Combine(_folder, File.ReadAllText(Path.Combine(_folder, "current")).Trim());
        foreach (var segments in Directory.GetFiles(live, "segments_*"))
        {
            File.WriteAllBytes(segments, [1, 2, 3, 4, 5, 6, 7, 8]);
        }

        _holder = new LuceneIndexHolder(_folder, NullLogger<LuceneIndexHolder>.Instance);

        Assert.Equal(0, await new LuceneCatalogIndex(_holder, NullLogger<LuceneCatalogIndex>.Instance).CountAsync(CancellationToken.None));
        Assert.Single(Directory.GetDirectories(_folder, "*.corrupt-*"));
        // Usable at once: start-up's EnsureBuilt fills it from the database.
        var index = new LuceneCatalogIndex(_holder, NullLogger<LuceneCatalogIndex>.Instance);
        await index.UpsertAsync([Lily], CancellationToken.None);
        Assert.Equal(1, await index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_pointer_that_cannot_be_written_fails_the_rebuild_and_the_live_index_serves_on()
    {
        var before = (await Search.SearchAsync(new CatalogQuery(), CancellationToken.None)).Total;
        // The pointer's replacement cannot land: a directory stands where the file goes.
        var pointer = Path.Combine(_folder, "current");
        File.Delete(pointer);
        Directory.CreateDirectory(pointer);

        await Assert.ThrowsAnyAsync<IOException>(() => Index.RebuildAsync(new[] { Lily }.ToAsyncEnumerable(), null, CancellationToken.None));

        Assert.Equal(before, (await Search.SearchAsync(new CatalogQuery(), CancellationToken.None)).Total);
        await Index.DeleteAsync([Potato.ProductId], CancellationToken.None);
        Assert.Equal(before - 1, (await Search.SearchAsync(new CatalogQuery(), CancellationToken.None)).Total);
        Directory.Delete(pointer);
    }
}
