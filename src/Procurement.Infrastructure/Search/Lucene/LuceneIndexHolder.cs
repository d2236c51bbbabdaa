using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>
/// The live index generation under <c>data/search-index/</c>: its writer and a near-real-time searcher manager.
/// A rebuild writes generation N+1 beside it and swaps; the file <c>current</c> names the live one, so a restart
/// opens what was swapped in last. One instance per process.
/// </summary>
public sealed class LuceneIndexHolder : IDisposable
{
    private readonly string _root;
    private readonly ILogger<LuceneIndexHolder> _logger;
    private readonly TimeProvider _clock;
    private readonly ReaderWriterLockSlim _swap = new();
    private Generation _live;
    private int _swaps;

    public LuceneIndexHolder(string root, ILogger<LuceneIndexHolder> logger, TimeProvider? clock = null)
    {
        _root = root;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        System.IO.Directory.CreateDirectory(root);
        var pointer = Path.Combine(root, "current");
        var name = File.Exists(pointer) ? File.ReadAllText(pointer).Trim() : "gen-0001";
        if (!IsGenerationName(name))
        {
            _logger.LogError("The search index pointer names {Name}, which is no index generation; starting a fresh one", name);
            name = "gen-0001";
        }
        _live = OpenOrSetAside(Path.Combine(root, name));
        WritePointer(name);
    }

    private static bool IsGenerationName(string name) => name.Length == 8 && name.StartsWith("gen-", StringComparison.Ordinal) && name[4..].All(char.IsAsciiDigit);

    /// <summary>
    /// Opens a generation; one that cannot be opened (a crash mid-write, a disk fault) is moved aside, logged, and
    /// replaced by an empty one, which start-up rebuilds from the database: the index is derived data, never a reason
    /// not to start.
    /// </summary>
    private Generation OpenOrSetAside(string path)
    {
        try
        {
            return Generation.Open(path, create: false);
        }
        catch (Exception exception) when (exception is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
                                              or LockObtainFailedException or InvalidOperationException)
        {
            var aside = $"{path}.corrupt-{_clock.GetUtcNow():yyyyMMddHHmmss}";
            _logger.LogError(exception, "The search index at {Path} cannot be opened; moved to {Aside} and rebuilt from the database", path, aside);
            System.IO.Directory.Move(path, aside);
            return Generation.Open(path, create: true);
        }
    }

    /// <summary>Runs <paramref name="action"/> with the live writer; a swap waits for it.</summary>
    internal T WithWriter<T>(Func<IndexWriter, SearcherManager, T> action)
    {
        _swap.EnterReadLock();
        try
        {
            return action(_live.Writer, _live.Searchers);
        }
        finally
        {
            _swap.ExitReadLock();
        }
    }

    /// <summary>A searcher on the live generation, released when disposed.</summary>
    internal SearcherLease Acquire()
    {
        _swap.EnterReadLock();
        try
        {
            var searchers = _live.Searchers;
            return new SearcherLease(searchers, searchers.Acquire(), _swaps);
        }
        finally
        {
            _swap.ExitReadLock();
        }
    }

    /// <summary>A new, empty generation beside the live one, for a rebuild.</summary>
    internal (string Name, IndexWriter Writer, LuceneDirectory Directory) CreateNextGeneration()
    {
        var number = System.IO.Directory.GetDirectories(_root, "gen-*")
            .Select(path => int.TryParse(Path.GetFileName(path)[4..], out var n) ? n : 0)
            .DefaultIfEmpty(0).Max() + 1;
        var name = $"gen-{number:D4}";
        var generation = Generation.Open(Path.Combine(_root, name), create: true);
        generation.Searchers.Dispose();
        return (name, generation.Writer, generation.Directory);
    }

    /// <summary>Makes a finished generation live. Searches in flight finish on the old one, which is then deleted.</summary>
    internal void SwapTo(string name, IndexWriter writer, LuceneDirectory directory, Action beforeSwap)
    {
        Generation old;
        _swap.EnterWriteLock();
        try
        {
            beforeSwap();
            // The pointer first: if it cannot be written, nothing has swapped, the live generation serves on, and the
            // rebuild fails as a whole (its caller discards the new generation).
            WritePointer(name);
            var next = new Generation(directory, writer, new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null));
            old = _live;
            _live = next;
            _swaps++;
        }
        finally
        {
            _swap.ExitWriteLock();
        }
        old.Dispose();
        try
        {
            System.IO.Directory.Delete(old.Path, recursive: true);
        }
        catch (IOException exception)
        {
            _logger.LogWarning(exception, "Could not delete the old index generation {Path}", old.Path);
        }
        _logger.LogInformation("Search index generation {Generation} is live", name);
    }

    public void Dispose()
    {
        _live.Dispose();
        _swap.Dispose();
    }

    private void WritePointer(string name)
    {
        var temp = Path.Combine(_root, "current.tmp");
        File.WriteAllText(temp, name);
        File.Move(temp, Path.Combine(_root, "current"), overwrite: true);
    }

    private sealed record Generation(LuceneDirectory Directory, IndexWriter Writer, SearcherManager Searchers) : IDisposable
    {
        // Read once: the directory object refuses every call after it is disposed.
        public string Path { get; } = ((FSDirectory)Directory).Directory.FullName;

        public static Generation Open(string path, bool create)
        {
            var directory = FSDirectory.Open(path);
            var config = new IndexWriterConfig(CatalogAnalyzer.Version, new CatalogAnalyzer())
            {
                OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
                RAMBufferSizeMB = 64,
            };
            var writer = new IndexWriter(directory, config);
            writer.Commit();
            return new Generation(directory, writer, new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null));
        }

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            Directory.Dispose();
        }
    }
}

/// <summary>An acquired searcher; disposing releases it back to its manager.</summary>
internal readonly struct SearcherLease(SearcherManager manager, IndexSearcher searcher, int swaps) : IDisposable
{
    public IndexSearcher Searcher { get; } = searcher;

    /// <summary>Which index state this searcher sees: changes with every commit and every swap, so results can be cached by it.</summary>
    public string Version => $"{swaps}.{((DirectoryReader)Searcher.IndexReader).Version}";

    public void Dispose() => manager.Release(Searcher);
}
