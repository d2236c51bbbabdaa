namespace Procurement.Core.Catalog.Listings;

/// <summary>
/// What a reviewer vouches for when approving a listing: what it is called and says, its category, origin and
/// 帮扶 certificate. Changing any of it on a published product sends the product back to review; prices, stock
/// and SKUs change at once.
/// </summary>
public sealed record ListingContent(string Name, string CategoryCode, string CountyCode, string Description, Certificate? Certificate);

/// <summary>One reviewed field that differs from the approved version, for the review queue's diff.</summary>
public sealed record ListingChange(string Field, string? Approved, string? Proposed);

public static class ListingDiff
{
    public static IReadOnlyList<ListingChange> Between(ListingContent? approved, ListingContent proposed)
    {
        var changes = new List<ListingChange>();
        void Compare(string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add(new ListingChange(field, before, after));
            }
        }
        Compare("name", approved?.Name, proposed.Name);
        Compare("categoryCode", approved?.CategoryCode, proposed.CategoryCode);
        Compare("countyCode", approved?.CountyCode, proposed.CountyCode);
        Compare("description", approved?.Description, proposed.Description);
        Compare("certificate", Describe(approved?.Certificate), Describe(proposed.Certificate));
        return changes;
    }

    private static string? Describe(Certificate? c) => c is null ? null : $"{c.Number} · {c.Issuer} · {c.ValidFrom:yyyy-MM-dd}–{c.ValidTo:yyyy-MM-dd}";
}
