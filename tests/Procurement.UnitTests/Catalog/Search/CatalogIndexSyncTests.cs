using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog.Search;

namespace Procurement.UnitTests.Catalog.Search;

/// <summary>An index that heals itself: one bad document is set aside, the rest keep flowing; an outage waits.</summary>
public sealed class CatalogIndexSyncTests
{
    private sealed class MovingClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Outbox : ICatalogOutbox
    {
        private long _next;
        public List<(long Id, Guid ProductId, int Attempts, DateTimeOffset? RetryAt)> Rows { get; } = [];
        public List<CatalogDeadLetter> Dead { get; } = [];

        public void Add(Guid productId) => Rows.Add((++_next, productId, 0, null));

        public Task<IReadOnlyList<CatalogChange>> PeekAsync(int max, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CatalogChange>>(Rows.Where(r => r.RetryAt is null || r.RetryAt <= now).OrderBy(r => r.Id).Take(max)
                .Select(r => new CatalogChange(r.Id, r.ProductId, r.Attempts)).ToList());

        public Task RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        {
            Rows.RemoveAll(r => ids.Contains(r.Id));
            return Task.CompletedTask;
        }

        public Task PostponeAsync(IReadOnlyCollection<long> ids, int attempts, DateTimeOffset retryAt, CancellationToken cancellationToken)
        {
            for (var i = 0; i < Rows.Count; i++)
            {
                if (ids.Contains(Rows[i].Id))
                {
                    Rows[i] = Rows[i] with { Attempts = attempts, RetryAt = retryAt };
                }
            }
            return Task.CompletedTask;
        }

        public Task DeadLetterAsync(CatalogDeadLetter letter, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        {
            Dead.Add(letter);
            return RemoveAsync(ids, cancellationToken);
        }

        public Task<DateTimeOffset?> OldestAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);
        public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(Rows.Count);
        public Task<IReadOnlyList<CatalogDeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CatalogDeadLetter>>(Dead);
        public Task<int> RequeueDeadLettersAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class Documents : ICatalogDocuments
    {
        public Task<IReadOnlyList<CatalogDocument>> FindAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CatalogDocument>>(productIds.Select(Document).ToList());

        public IAsyncEnumerable<CatalogDocument> AllPublishedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<int> CountPublishedAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        private static CatalogDocument Document(Guid id) =>
            new(id, "兰州百合", "", "fresh-produce", "620103", "620100", Guid.Empty, "合作社", 30m, 30m, false, true, 0, DateTimeOffset.UnixEpoch, null, [], 100);
    }

    /// <summary>An index that refuses any batch holding one of <see cref="Refused"/>, or everything while <see cref="Down"/>.</summary>
    private sealed class Index : ICatalogIndex
    {
        public HashSet<Guid> Refused { get; } = [];
        public bool Down { get; set; }
        public HashSet<Guid> Indexed { get; } = [];

        public Task UpsertAsync(IReadOnlyCollection<CatalogDocument> documents, CancellationToken cancellationToken)
        {
            if (Down || documents.Any(d => Refused.Contains(d.ProductId)))
            {
                throw new InvalidOperationException("mapper_parsing_exception: failed to parse field [specs]");
            }
            Indexed.UnionWith(documents.Select(d => d.ProductId));
            return Task.CompletedTask;
        }

        public Task DeleteAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task RebuildAsync(IAsyncEnumerable<CatalogDocument> documents, IProgress<int>? progress, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)Indexed.Count);
    }

    private sealed class Leases : ILeases
    {
        public string? Holder { get; set; }

        public Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (Holder is not null && Holder != holder)
            {
                return Task.FromResult(false);
            }
            Holder = holder;
            return Task.FromResult(true);
        }

        public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
        {
            if (Holder == holder)
            {
                Holder = null;
            }
            return Task.CompletedTask;
        }
    }

    private readonly MovingClock _clock = new(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly Outbox _outbox = new();
    private readonly Index _index = new();
    private readonly Leases _leases = new();

    private CatalogIndexSync Sync() => new(_outbox, new Documents(), _index, _leases, _clock, NullLogger<CatalogIndexSync>.Instance);

    [Fact]
    public async Task One_bad_document_is_set_aside_and_the_rest_reach_the_index()
    {
        var (good, bad, later) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        _outbox.Add(good);
        _outbox.Add(bad);
        _index.Refused.Add(bad);

        await Sync().DrainAsync(CancellationToken.None);
        Assert.Contains(good, _index.Indexed);
        Assert.Equal([bad], _outbox.Rows.Select(r => r.ProductId));

        // Changes made after the bad one are not held up by it while it waits for its next attempt.
        _outbox.Add(later);
        await Sync().DrainAsync(CancellationToken.None);
        Assert.Contains(later, _index.Indexed);

        for (var attempt = 2; attempt <= CatalogIndexSync.MaxAttempts; attempt++)
        {
            _clock.Now += TimeSpan.FromMinutes(2);
            await Sync().DrainAsync(CancellationToken.None);
        }
        Assert.Empty(_outbox.Rows);
        var letter = Assert.Single(_outbox.Dead);
        Assert.Equal((bad, CatalogIndexSync.MaxAttempts), (letter.ProductId, letter.Attempts));
        Assert.Contains("mapper_parsing_exception", letter.Error);
    }

    [Fact]
    public async Task An_index_that_is_down_postpones_the_batch_without_setting_anything_aside()
    {
        var products = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        products.ForEach(_outbox.Add);
        _index.Down = true;

        for (var i = 0; i < CatalogIndexSync.MaxAttempts + 2; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => Sync().DrainOnceAsync(CancellationToken.None));
            _clock.Now += TimeSpan.FromMinutes(2);
        }
        Assert.Empty(_outbox.Dead);
        Assert.Equal(3, _outbox.Rows.Count);

        _index.Down = false;
        await Sync().DrainAsync(CancellationToken.None);
        Assert.Empty(_outbox.Rows);
        Assert.True(products.All(_index.Indexed.Contains));
    }

    [Fact]
    public async Task A_drainer_waits_while_another_holds_the_lease()
    {
        _outbox.Add(Guid.NewGuid());
        _leases.Holder = "another instance";

        await Sync().DrainAsync(CancellationToken.None);

        Assert.Single(_outbox.Rows);
        Assert.Empty(_index.Indexed);
    }

    [Fact]
    public void Backoff_grows_and_stops_at_a_minute() =>
        Assert.Equal([2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 7).Select(a => (int)CatalogIndexSync.Backoff(a).TotalSeconds));
}
