namespace Procurement.Web.Components.Gifts;

/// <summary>
/// The codes one circuit (one browser tab) has looked up on the gift page: a member opens their own, perhaps a
/// family member's; a script that drives one tab through many codes is refused after <see cref="MaxCodes"/>. A new tab
/// is a new page request, which the gift rate limit counts per client address.
/// </summary>
public sealed class GiftPageLookups
{
    public const int MaxCodes = 3;

    private readonly HashSet<string> _codes = new(StringComparer.OrdinalIgnoreCase);

    public bool TryLookUp(string code)
    {
        lock (_codes)
        {
            return _codes.Contains(code) || (_codes.Count < MaxCodes && _codes.Add(code));
        }
    }
}
