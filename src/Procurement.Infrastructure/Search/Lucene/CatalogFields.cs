using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>How a <see cref="CatalogDocument"/> is laid out in the Lucene index.</summary>
internal static class CatalogFields
{
    public const string Id = "id";

    // Text, analyzed with CJK unigrams + bigrams (CatalogAnalyzer).
    public const string Name = "name";
    public const string Description = "desc";
    public const string Specs = "specs";
    public const string Place = "place";
    public const string CategoryText = "cat";
    public const string SupplierText = "supplier_text";

    /// <summary>Suffixes of the name's pinyin and initials (baihe, bh, lzbh …), matched by prefix.</summary>
    public const string Pinyin = "py";

    /// <summary>The whole normalized name, for "starts with" suggestions.</summary>
    public const string NameKeyword = "name_kw";

    // Doc values, read by the faceting collector; stored fields for the page of hits.
    public const string Category = "category";
    public const string City = "city";
    public const string County = "county";
    public const string Supplier = "supplier";
    public const string SupplierName = "supplier_name";
    public const string PriceMinFen = "price_min";
    public const string PriceMaxFen = "price_max";
    public const string Certified = "certified";
    public const string InStock = "in_stock";
    public const string Sales = "sales";
    public const string Published = "published";
    public const string Image = "image";

    /// <summary>The most any one SKU can still supply (<see cref="CatalogDocument.Available"/>), for "available ≥ N".</summary>
    public const string Available = "available";

    /// <summary>Text fields and how much a match in each counts (<see cref="Relevance.TextBoosts"/>).</summary>
    public static readonly (string Field, float Boost)[] TextFields = Relevance.TextBoosts.Select(x => (NameOf(x.Field), x.Boost)).ToArray();

    private static string NameOf(SearchField field) => field switch
    {
        SearchField.Name => Name,
        SearchField.Place => Place,
        SearchField.Category => CategoryText,
        SearchField.Supplier => SupplierText,
        SearchField.Specs => Specs,
        _ => Description,
    };

    public static Document ToDocument(CatalogDocument d)
    {
        var county = Regions.Find(d.CountyCode);
        var city = Regions.Find(d.CityCode);
        var category = Core.Catalog.Category.Find(d.CategoryCode);
        var document = new Document
        {
            new StringField(Id, d.ProductId.ToString(), Field.Store.YES),
            new TextField(Name, d.Name, Field.Store.YES),
            new TextField(Description, d.Description, Field.Store.NO),
            new TextField(Specs, string.Join(' ', d.Specs), Field.Store.NO),
            new TextField(Place, $"{county?.Name} {city?.Name} {GansuCities.EnglishOf(d.CityCode)}", Field.Store.NO),
            new TextField(CategoryText, category?.SearchText ?? "", Field.Store.NO),
            new TextField(SupplierText, d.SupplierName, Field.Store.NO),
            new StringField(NameKeyword, SearchText.Normalize(d.Name), Field.Store.NO),
            new SortedDocValuesField(Category, new BytesRef(d.CategoryCode)),
            new StoredField(Category, d.CategoryCode),
            new SortedDocValuesField(City, new BytesRef(d.CityCode)),
            new StoredField(City, d.CityCode),
            new SortedDocValuesField(County, new BytesRef(d.CountyCode)),
            new StoredField(County, d.CountyCode),
            new SortedDocValuesField(Supplier, new BytesRef(d.SupplierId.ToString())),
            new StoredField(Supplier, d.SupplierId.ToString()),
            new SortedDocValuesField(SupplierName, new BytesRef(d.SupplierName)),
            new StoredField(SupplierName, d.SupplierName),
            new NumericDocValuesField(PriceMinFen, Money.ToFen(d.MinPrice)),
            new StoredField(PriceMinFen, Money.ToFen(d.MinPrice)),
            new StoredField(PriceMaxFen, Money.ToFen(d.MaxPrice)),
            new NumericDocValuesField(Certified, d.Certified ? 1 : 0),
            new StoredField(Certified, d.Certified ? 1 : 0),
            new NumericDocValuesField(InStock, d.InStock ? 1 : 0),
            new NumericDocValuesField(Sales, d.SalesCount),
            new NumericDocValuesField(Published, d.PublishedAt.UtcTicks),
            new NumericDocValuesField(Available, d.Available),
            new StoredField(Available, d.Available),
        };
        if (d.ImageUrl is not null)
        {
            document.Add(new StoredField(Image, d.ImageUrl));
        }
        foreach (var key in Core.Catalog.Search.Pinyin.SuffixKeys(d.Name))
        {
            document.Add(new StringField(Pinyin, key, Field.Store.NO));
        }
        return document;
    }

    public static CatalogHit ToHit(Document document, CatalogQueryPlan plan)
    {
        var name = document.Get(Name);
        var countyCode = document.Get(County);
        var cityCode = document.Get(City);
        return new CatalogHit(
            Guid.Parse(document.Get(Id)),
            name,
            Highlighter.Highlight(name, plan),
            Guid.Parse(document.Get(Supplier)),
            document.Get(SupplierName),
            document.Get(Category),
            cityCode,
            GansuCities.LabelOf(cityCode),
            countyCode,
            Regions.NameOf(countyCode),
            Money.FromFen(long.Parse(document.Get(PriceMinFen), CultureInfo.InvariantCulture)),
            Money.FromFen(long.Parse(document.Get(PriceMaxFen), CultureInfo.InvariantCulture)),
            document.Get(Certified) == "1",
            document.Get(Image),
            int.TryParse(document.Get(Available), CultureInfo.InvariantCulture, out var available) ? available : 0);
    }
}
