using Lucene.Net.Index;
using Lucene.Net.Search;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>
/// One pass over the documents matching the text: applies the filters, counts every facet as multi-select facets
/// do (a facet's counts ignore its own filter, like Elasticsearch's post_filter), and keeps the top page by the
/// requested sort. Lucene.Net.Facet is not available; doc values are all this needs.
/// </summary>
internal sealed class FacetingCollector : ICollector
{
    // Each filter a document may fail, as one bit; a facet ignores its own bit.
    private const int CategoryBit = 1, CityBit = 2, CountyBit = 4, SupplierBit = 8, PriceBit = 16, CertifiedBit = 32, AvailableBit = 64;

    private readonly CatalogQuery _query;
    private readonly long? _minFen, _maxFen;
    private readonly PriorityQueue<int, SortKey> _top = new();
    private readonly int _keep;

    private readonly Dictionary<string, int> _categoryCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cityCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string Name)> _supplierCounts = new(StringComparer.Ordinal);
    private readonly int[] _priceCounts = new int[PriceRanges.Buckets.Count];

    private Scorer? _scorer;
    private int _docBase;
    private Segment? _segment;

    public FacetingCollector(CatalogQuery query, int keep)
    {
        _query = query;
        _keep = keep;
        _minFen = query.MinPrice is { } min ? Money.ToFen(min) : null;
        _maxFen = query.MaxPrice is { } max ? Money.ToFen(max) : null;
    }

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _docBase = context.DocBase;
        _segment = new Segment(context.AtomicReader, _query);
    }

    public void Collect(int doc)
    {
        var s = _segment!;
        var c = s.Columns;
        var category = c.CategoryOrd[doc];
        var city = c.CityOrd[doc];
        var supplier = c.SupplierOrd[doc];
        var priceFen = c.PriceMinFen[doc];

        var failed = 0;
        if (s.CategoryFilter is { } categories && (category < 0 || !categories[category]))
        {
            failed |= CategoryBit;
        }
        if (s.CityFilter is { } cities && (city < 0 || !cities[city]))
        {
            failed |= CityBit;
        }
        if (s.CountyFilter is { } counties && c.CountyOrd[doc] is var county && (county < 0 || !counties[county]))
        {
            failed |= CountyBit;
        }
        if (s.SupplierFilter is { } suppliers && (supplier < 0 || !suppliers[supplier]))
        {
            failed |= SupplierBit;
        }
        if ((_minFen is { } min && priceFen < min) || (_maxFen is { } max && priceFen > max))
        {
            failed |= PriceBit;
        }
        if (_query.Certified is { } wanted && (c.Certified[doc] == 1) != wanted)
        {
            failed |= CertifiedBit;
        }
        // Like the certificate flag, no facet is counted against stock: every facet honours it.
        if (_query.MinAvailable is { } least && c.Available[doc] < least)
        {
            failed |= AvailableBit;
        }

        if ((failed & ~CategoryBit) == 0 && category >= 0)
        {
            s.CategoryCounts[category]++;
        }
        if ((failed & ~CityBit) == 0 && city >= 0)
        {
            s.CityCounts[city]++;
        }
        if ((failed & ~SupplierBit) == 0 && supplier >= 0)
        {
            s.SupplierCounts[supplier]++;
        }
        if ((failed & ~PriceBit) == 0)
        {
            _priceCounts[PriceBucket(priceFen)]++;
        }
        if (failed != 0)
        {
            return;
        }
        Total++;
        if (_keep == 0)
        {
            return;
        }
        var key = Key(doc, priceFen);
        if (_top.Count < _keep)
        {
            _top.Enqueue(_docBase + doc, key);
        }
        else if (_top.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
        {
            _top.DequeueEnqueue(_docBase + doc, key);
        }
    }

    /// <summary>The kept documents, best first.</summary>
    public IReadOnlyList<int> TopDocs()
    {
        Flush();
        var all = new List<(int Doc, SortKey Key)>(_top.Count);
        while (_top.TryDequeue(out var doc, out var key))
        {
            all.Add((doc, key));
        }
        all.Reverse();
        return all.Select(x => x.Doc).ToList();
    }

    public CatalogFacets Facets()
    {
        Flush();
        return new CatalogFacets(
            _categoryCounts.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => new FacetValue(x.Key, Core.Catalog.Category.Find(x.Key)?.Name ?? x.Key, x.Value)).ToList(),
            _cityCounts.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => new FacetValue(x.Key, Core.Common.Regions.GansuCities.LabelOf(x.Key) is { Length: > 0 } label ? label : x.Key, x.Value)).ToList(),
            _supplierCounts.OrderByDescending(x => x.Value.Count).ThenBy(x => x.Key, StringComparer.Ordinal).Take(50)
                .Select(x => new FacetValue(x.Key, x.Value.Name, x.Value.Count)).ToList(),
            PriceRanges.Buckets.Select((range, i) => new PriceBucket(range.From, range.To, _priceCounts[i])).ToList());
    }

    private SortKey Key(int doc, long priceFen)
    {
        var c = _segment!.Columns;
        var sales = c.Sales[doc];
        return _query.Sort switch
        {
            CatalogSort.PriceAsc => new SortKey(-priceFen, sales, -(_docBase + doc)),
            CatalogSort.PriceDesc => new SortKey(priceFen, sales, -(_docBase + doc)),
            CatalogSort.Newest => new SortKey(c.Published[doc], sales, -(_docBase + doc)),
            CatalogSort.Sales => new SortKey(sales, _scorer?.GetScore() ?? 0, -(_docBase + doc)),
            _ => new SortKey(
                (_scorer?.GetScore() ?? 1f) * Relevance.Nudge(c.Certified[doc] == 1, c.InStock[doc] == 1, sales),
                sales, -(_docBase + doc)),
        };
    }

    private static int PriceBucket(long fen)
    {
        for (var i = PriceRanges.Buckets.Count - 1; i > 0; i--)
        {
            if (fen >= Money.ToFen(PriceRanges.Buckets[i].From))
            {
                return i;
            }
        }
        return 0;
    }

    /// <summary>Per-segment counts by ordinal are merged into the string-keyed totals when the segment is done.</summary>
    private void Flush()
    {
        if (_segment is not { } s)
        {
            return;
        }
        Merge(s.Columns.CategoryValues, s.CategoryCounts, _categoryCounts);
        Merge(s.Columns.CityValues, s.CityCounts, _cityCounts);
        for (var ord = 0; ord < s.SupplierCounts.Length; ord++)
        {
            if (s.SupplierCounts[ord] > 0)
            {
                var id = s.Columns.SupplierValues[ord];
                var previous = _supplierCounts.GetValueOrDefault(id);
                _supplierCounts[id] = (previous.Count + s.SupplierCounts[ord], s.Columns.SupplierNames[ord]);
            }
        }
        _segment = null;
    }

    private static void Merge(string[] values, int[] counts, Dictionary<string, int> totals)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                totals[values[ord]] = totals.GetValueOrDefault(values[ord]) + counts[ord];
            }
        }
    }

    /// <summary>Higher is better: primary, then secondary, then earlier documents.</summary>
    private readonly record struct SortKey(double Primary, double Secondary, long Tie) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other)
        {
            var c = Primary.CompareTo(other.Primary);
            if (c != 0)
            {
                return c;
            }
            c = Secondary.CompareTo(other.Secondary);
            return c != 0 ? c : Tie.CompareTo(other.Tie);
        }
    }

    private sealed class Segment
    {
        public Segment(AtomicReader reader, CatalogQuery query)
        {
            Columns = SegmentColumns.For(reader);
            CategoryFilter = Allowed(Columns.CategoryValues, query.Categories);
            CityFilter = Allowed(Columns.CityValues, query.Cities);
            CountyFilter = Allowed(Columns.CountyValues, query.Counties);
            SupplierFilter = Allowed(Columns.SupplierValues, query.Suppliers.Select(s => s.ToString()).ToList());
            CategoryCounts = new int[Columns.CategoryValues.Length];
            CityCounts = new int[Columns.CityValues.Length];
            SupplierCounts = new int[Columns.SupplierValues.Length];
        }

        public SegmentColumns Columns { get; }
        public bool[]? CategoryFilter { get; }
        public bool[]? CityFilter { get; }
        public bool[]? CountyFilter { get; }
        public bool[]? SupplierFilter { get; }
        public int[] CategoryCounts { get; }
        public int[] CityCounts { get; }
        public int[] SupplierCounts { get; }

        /// <summary>The wanted values as a lookup by this segment's ordinals; null when the filter is not set.</summary>
        private static bool[]? Allowed(string[] values, IReadOnlyCollection<string> wanted)
        {
            if (wanted.Count == 0)
            {
                return null;
            }
            var allowed = new bool[values.Length];
            for (var ord = 0; ord < values.Length; ord++)
            {
                allowed[ord] = wanted.Contains(values[ord]);
            }
            return allowed;
        }
    }
}
