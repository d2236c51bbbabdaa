using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
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
    private const int CategoryBit = 1, CityBit = 2, CountyBit = 4, SupplierBit = 8, PriceBit = 16, CertifiedBit = 32;
    private const int AllBits = 63;

    public static readonly (decimal From, decimal? To)[] PriceRanges = [(0m, 50m), (50m, 100m), (100m, 200m), (200m, 500m), (500m, null)];

    private readonly CatalogQuery _query;
    private readonly long? _minFen, _maxFen;
    private readonly PriorityQueue<int, SortKey> _top = new();
    private readonly int _keep;

    private readonly Dictionary<string, int> _categoryCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cityCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string Name)> _supplierCounts = new(StringComparer.Ordinal);
    private readonly int[] _priceCounts = new int[PriceRanges.Length];

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
        var category = s.Category.GetOrd(doc);
        var city = s.City.GetOrd(doc);
        var supplier = s.Supplier.GetOrd(doc);
        var priceFen = s.PriceMin.Get(doc);

        var failed = 0;
        if (s.CategoryFilter is { } categories && (category < 0 || !categories[category]))
        {
            failed |= CategoryBit;
        }
        if (s.CityFilter is { } cities && (city < 0 || !cities[city]))
        {
            failed |= CityBit;
        }
        if (s.CountyFilter is { } counties && s.County.GetOrd(doc) is var county && (county < 0 || !counties[county]))
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
        if (_query.Certified is { } wanted && (s.Certified.Get(doc) == 1) != wanted)
        {
            failed |= CertifiedBit;
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
            s.SupplierDoc[supplier] = doc;
        }
        if ((failed & ~PriceBit) == 0)
        {
            _priceCounts[PriceBucket(priceFen)]++;
        }
        if ((failed & AllBits) != 0)
        {
            return;
        }
        Total++;
        var key = Key(doc, priceFen);
        if (_top.Count < _keep)
        {
            _top.Enqueue(_docBase + doc, key);
        }
        else if (_keep > 0 && _top.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
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
                .Select(x => new FacetValue(x.Key, Core.Common.Regions.Regions.Find(x.Key)?.Name ?? x.Key, x.Value)).ToList(),
            _supplierCounts.OrderByDescending(x => x.Value.Count).ThenBy(x => x.Key, StringComparer.Ordinal).Take(50)
                .Select(x => new FacetValue(x.Key, x.Value.Name, x.Value.Count)).ToList(),
            PriceRanges.Select((range, i) => new PriceBucket(range.From, range.To, _priceCounts[i])).ToList());
    }

    private SortKey Key(int doc, long priceFen)
    {
        var s = _segment!;
        var sales = s.Sales.Get(doc);
        return _query.Sort switch
        {
            CatalogSort.PriceAsc => new SortKey(-priceFen, sales, -(_docBase + doc)),
            CatalogSort.PriceDesc => new SortKey(priceFen, sales, -(_docBase + doc)),
            CatalogSort.Newest => new SortKey(s.Published.Get(doc), sales, -(_docBase + doc)),
            CatalogSort.Sales => new SortKey(sales, _scorer?.GetScore() ?? 0, -(_docBase + doc)),
            // Relevance, nudged toward what a union buyer wants: certified 帮扶 products, in stock, selling well.
            _ => new SortKey(
                (_scorer?.GetScore() ?? 1f) * (1 + 0.15 * s.Certified.Get(doc) + 0.15 * s.InStock.Get(doc) + 0.1 * Math.Log10(1 + sales)),
                sales, -(_docBase + doc)),
        };
    }

    private static int PriceBucket(long fen)
    {
        for (var i = PriceRanges.Length - 1; i > 0; i--)
        {
            if (fen >= Money.ToFen(PriceRanges[i].From))
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
        Merge(s.Category, s.CategoryCounts, _categoryCounts);
        Merge(s.City, s.CityCounts, _cityCounts);
        var bytes = new BytesRef();
        for (var ord = 0; ord < s.SupplierCounts.Length; ord++)
        {
            if (s.SupplierCounts[ord] == 0)
            {
                continue;
            }
            s.Supplier.LookupOrd(ord, bytes);
            var id = bytes.Utf8ToString();
            var nameOrd = s.SupplierName.GetOrd(s.SupplierDoc[ord]);
            s.SupplierName.LookupOrd(nameOrd, bytes);
            var previous = _supplierCounts.GetValueOrDefault(id);
            _supplierCounts[id] = (previous.Count + s.SupplierCounts[ord], bytes.Utf8ToString());
        }
        _segment = null;
    }

    private static void Merge(SortedDocValues values, int[] counts, Dictionary<string, int> totals)
    {
        var bytes = new BytesRef();
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                values.LookupOrd(ord, bytes);
                var key = bytes.Utf8ToString();
                totals[key] = totals.GetValueOrDefault(key) + counts[ord];
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
            Category = reader.GetSortedDocValues(CatalogFields.Category) ?? DocValues.EMPTY_SORTED;
            City = reader.GetSortedDocValues(CatalogFields.City) ?? DocValues.EMPTY_SORTED;
            County = reader.GetSortedDocValues(CatalogFields.County) ?? DocValues.EMPTY_SORTED;
            Supplier = reader.GetSortedDocValues(CatalogFields.Supplier) ?? DocValues.EMPTY_SORTED;
            SupplierName = reader.GetSortedDocValues(CatalogFields.SupplierName) ?? DocValues.EMPTY_SORTED;
            PriceMin = reader.GetNumericDocValues(CatalogFields.PriceMinFen) ?? DocValues.EMPTY_NUMERIC;
            Certified = reader.GetNumericDocValues(CatalogFields.Certified) ?? DocValues.EMPTY_NUMERIC;
            InStock = reader.GetNumericDocValues(CatalogFields.InStock) ?? DocValues.EMPTY_NUMERIC;
            Sales = reader.GetNumericDocValues(CatalogFields.Sales) ?? DocValues.EMPTY_NUMERIC;
            Published = reader.GetNumericDocValues(CatalogFields.Published) ?? DocValues.EMPTY_NUMERIC;
            CategoryFilter = Allowed(Category, query.Categories);
            CityFilter = Allowed(City, query.Cities);
            CountyFilter = Allowed(County, query.Counties);
            SupplierFilter = Allowed(Supplier, query.Suppliers.Select(s => s.ToString()).ToList());
            CategoryCounts = new int[Category.ValueCount];
            CityCounts = new int[City.ValueCount];
            SupplierCounts = new int[Supplier.ValueCount];
            SupplierDoc = new int[Supplier.ValueCount];
        }

        public SortedDocValues Category { get; }
        public SortedDocValues City { get; }
        public SortedDocValues County { get; }
        public SortedDocValues Supplier { get; }
        public SortedDocValues SupplierName { get; }
        public NumericDocValues PriceMin { get; }
        public NumericDocValues Certified { get; }
        public NumericDocValues InStock { get; }
        public NumericDocValues Sales { get; }
        public NumericDocValues Published { get; }
        public bool[]? CategoryFilter { get; }
        public bool[]? CityFilter { get; }
        public bool[]? CountyFilter { get; }
        public bool[]? SupplierFilter { get; }
        public int[] CategoryCounts { get; }
        public int[] CityCounts { get; }
        public int[] SupplierCounts { get; }
        public int[] SupplierDoc { get; }

        /// <summary>The wanted values as a lookup by this segment's ordinals; null when the filter is not set.</summary>
        private static bool[]? Allowed(SortedDocValues values, IReadOnlyCollection<string> wanted)
        {
            if (wanted.Count == 0)
            {
                return null;
            }
            var allowed = new bool[values.ValueCount];
            foreach (var value in wanted)
            {
                var ord = values.LookupTerm(new BytesRef(value));
                if (ord >= 0)
                {
                    allowed[ord] = true;
                }
            }
            return allowed;
        }
    }
}
