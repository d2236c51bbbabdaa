namespace Procurement.Web.Platform;

/// <summary>Where a redirect may go after a sign-in or a language switch: this site only, so a crafted link cannot bounce anyone away.</summary>
public static class LocalPaths
{
    /// <summary>
    /// A path on this site by the rule <c>LocalRedirect</c> applies (so it never throws): one leading slash, not
    /// followed by another, no backslash anywhere (browsers read <c>/\host</c> as <c>//host</c>), no control characters.
    /// </summary>
    public static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\') && !url.Any(char.IsControl);
}
