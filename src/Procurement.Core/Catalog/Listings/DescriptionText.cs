using System.Net;
using System.Text.RegularExpressions;

namespace Procurement.Core.Catalog.Listings;

/// <summary>
/// Most suppliers type a description as plain text, not HTML. Plain text (no tags) becomes paragraphs — a blank line
/// between paragraphs, a single line break kept — and comes back as the same text in the form, so nobody has to
/// learn tags; those who know them may still use the simple ones the sanitizer keeps.
/// </summary>
public static partial class DescriptionText
{
    public static string ToHtml(string? input)
    {
        var text = (input ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length == 0 || LooksLikeHtml(text))
        {
            return text;
        }
        var paragraphs = BlankLines().Split(text)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .Select(p => "<p>" + string.Join("<br>", p.Split('\n').Select(line => WebUtility.HtmlEncode(line.Trim()))) + "</p>");
        return string.Concat(paragraphs);
    }

    /// <summary>The text to edit: paragraphs and line breaks back to blank lines and newlines; other HTML as it is.</summary>
    public static string ForEditing(string? html)
    {
        var value = html ?? "";
        if (value.Length == 0 || !PlainParagraphs().IsMatch(value))
        {
            return value;
        }
        var paragraphs = ParagraphContent().Matches(value).Select(m => m.Groups[1].Value);
        return string.Join("\n\n", paragraphs.Select(p => WebUtility.HtmlDecode(LineBreak().Replace(p, "\n"))));
    }

    private static bool LooksLikeHtml(string text) => Tag().IsMatch(text);

    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z][^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    /// <summary>Only &lt;p&gt; paragraphs holding text and &lt;br&gt;: what <see cref="ToHtml"/> makes.</summary>
    [GeneratedRegex(@"^(<p>(?:[^<]|<br\s*/?>)*</p>)+$")]
    private static partial Regex PlainParagraphs();

    [GeneratedRegex(@"<p>(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex ParagraphContent();

    [GeneratedRegex(@"<br\s*/?>")]
    private static partial Regex LineBreak();
}
