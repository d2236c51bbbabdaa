namespace Procurement.Core.Catalog.Search;

/// <summary>The text a product is found by; each engine names the field its own way.</summary>
public enum SearchField
{
    Name,
    Place,
    Category,
    Supplier,
    Specs,
    Description,
}

/// <summary>
/// How results are ranked, for both engines: a match counts by the field it is in (name and origin outweigh the
/// description), a field's best match counts plus a little for the others, and relevance is nudged toward what a
/// union buyer wants — certified 帮扶 products, in stock, selling well.
/// </summary>
public static class Relevance
{
    public static readonly IReadOnlyList<(SearchField Field, float Boost)> TextBoosts =
    [
        (SearchField.Name, 3f), (SearchField.Place, 2f), (SearchField.Category, 1.5f), (SearchField.Supplier, 1f), (SearchField.Specs, 1f), (SearchField.Description, 0.3f),
    ];

    /// <summary>What matches in the other fields add to a phrase's best field (dis-max tie breaker).</summary>
    public const float OtherFieldsShare = 0.1f;

    public const double CertifiedNudge = 0.15, InStockNudge = 0.15, SalesNudge = 0.1;

    /// <summary>The factor a text score is multiplied by: 1 + 0.15·certified + 0.15·in stock + 0.1·log10(1 + sales).</summary>
    public static double Nudge(bool certified, bool inStock, long sales) =>
        1 + (certified ? CertifiedNudge : 0) + (inStock ? InStockNudge : 0) + SalesNudge * Math.Log10(1 + sales);
}
