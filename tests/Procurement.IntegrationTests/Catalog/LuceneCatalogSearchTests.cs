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
}
