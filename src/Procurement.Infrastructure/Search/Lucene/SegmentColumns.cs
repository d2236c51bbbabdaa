using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>
/// A segment's doc values read once into plain arrays, so that faceting and sorting a match-everything query over
/// 100,000 products is array lookups rather than millions of doc-values calls. Segments never change, so the
/// arrays are cached per segment core and dropped with it.
/// </summary>
internal sealed class SegmentColumns
{
    private static readonly ConditionalWeakTable<object, SegmentColumns> _cache = new();

    private SegmentColumns(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        (CategoryOrd, CategoryValues) = Sorted(reader, CatalogFields.Category, maxDoc);
        (CityOrd, CityValues) = Sorted(reader, CatalogFields.City, maxDoc);
        (CountyOrd, CountyValues) = Sorted(reader, CatalogFields.County, maxDoc);
        (SupplierOrd, SupplierValues) = Sorted(reader, CatalogFields.Supplier, maxDoc);
        var (supplierNameOrd, supplierNames) = Sorted(reader, CatalogFields.SupplierName, maxDoc);
        SupplierNames = new string[SupplierValues.Length];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if (SupplierOrd[doc] >= 0 && supplierNameOrd[doc] >= 0)
            {
                SupplierNames[SupplierOrd[doc]] = supplierNames[supplierNameOrd[doc]];
            }
        }
        PriceMinFen = Numeric(reader, CatalogFields.PriceMinFen, maxDoc);
        Certified = Numeric(reader, CatalogFields.Certified, maxDoc);
        InStock = Numeric(reader, CatalogFields.InStock, maxDoc);
        Sales = Numeric(reader, CatalogFields.Sales, maxDoc);
        Published = Numeric(reader, CatalogFields.Published, maxDoc);
        Available = Numeric(reader, CatalogFields.Available, maxDoc);
    }

    public int[] CategoryOrd { get; }
    public string[] CategoryValues { get; }
    public int[] CityOrd { get; }
    public string[] CityValues { get; }
    public int[] CountyOrd { get; }
    public string[] CountyValues { get; }
    public int[] SupplierOrd { get; }
    public string[] SupplierValues { get; }

    /// <summary>By supplier ordinal.</summary>
    public string[] SupplierNames { get; }

    public long[] PriceMinFen { get; }
    public long[] Certified { get; }
    public long[] InStock { get; }
    public long[] Sales { get; }
    public long[] Published { get; }
    public long[] Available { get; }

    public static SegmentColumns For(AtomicReader reader) => _cache.GetValue(reader.CoreCacheKey, _ => new SegmentColumns(reader));

    private static (int[] Ords, string[] Values) Sorted(AtomicReader reader, string field, int maxDoc)
    {
        var values = reader.GetSortedDocValues(field);
        var ords = new int[maxDoc];
        if (values is null)
        {
            Array.Fill(ords, -1);
            return (ords, []);
        }
        for (var doc = 0; doc < maxDoc; doc++)
        {
            ords[doc] = values.GetOrd(doc);
        }
        var strings = new string[values.ValueCount];
        var bytes = new BytesRef();
        for (var ord = 0; ord < strings.Length; ord++)
        {
            values.LookupOrd(ord, bytes);
            strings[ord] = bytes.Utf8ToString();
        }
        return (ords, strings);
    }

    private static long[] Numeric(AtomicReader reader, string field, int maxDoc)
    {
        var values = reader.GetNumericDocValues(field);
        var column = new long[maxDoc];
        if (values is not null)
        {
            for (var doc = 0; doc < maxDoc; doc++)
            {
                column[doc] = values.Get(doc);
            }
        }
        return column;
    }
}
