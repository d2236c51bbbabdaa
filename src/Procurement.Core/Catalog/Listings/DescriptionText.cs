using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Procurement.Core.Catalog.Listings;

/// <summary>
/// Descriptions are simple HTML. The portal's editor sends HTML; API clients may send plain text instead, which
/// becomes paragraphs (a blank line between paragraphs, a single line break kept), so nobody has to learn tags.
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

    /// <summary>
    /// Sanitized description HTML as text for reading side by side (the review diff): paragraphs apart, list items
    /// marked "•" or numbered, headings "#", quotes "&gt;", bold "**", links "text (address)", entities decoded.
    /// </summary>
    public static string Readable(string? html)
    {
        var text = new StringBuilder();
        var lists = new Stack<int>(); // per open list: 0 for bullets, else the next number
        var links = new Stack<string?>();
        var quoted = false;
        var position = 0;
        foreach (Match tag in Tag().Matches(html ?? ""))
        {
            text.Append(Decoded(html![position..tag.Index]));
            position = tag.Index + tag.Length;
            var closing = tag.Groups["close"].Success;
            switch (tag.Groups["name"].Value.ToLowerInvariant())
            {
                case "br":
                    text.Append('\n').Append(quoted ? "> " : "");
                    break;
                case "p" or "div" when closing:
                    text.Append("\n\n");
                    break;
                case "h3" or "h4":
                    text.Append(closing ? "\n\n" : "# ");
                    break;
                case "blockquote":
                    quoted = !closing;
                    text.Append(closing ? "\n\n" : "> ");
                    break;
                case "ul" or "ol" when closing:
                    lists.TryPop(out _);
                    text.Append('\n');
                    break;
                case "ul":
                    lists.Push(0);
                    break;
                case "ol":
                    lists.Push(1);
                    break;
                case "li" when closing:
                    text.Append('\n');
                    break;
                case "li":
                    var number = lists.TryPop(out var next) ? next : 0;
                    lists.Push(number == 0 ? 0 : number + 1);
                    text.Append(number == 0 ? "• " : $"{number}. ");
                    break;
                case "strong" or "b":
                    text.Append("**");
                    break;
                case "a" when closing:
                    text.Append(links.TryPop(out var href) && href is not null ? $" ({href})" : "");
                    break;
                case "a":
                    var address = Href().Match(tag.Value);
                    links.Push(address.Success ? WebUtility.HtmlDecode(address.Groups[1].Value) : null);
                    break;
            }
        }
        text.Append(Decoded((html ?? "")[position..]));
        return ExtraBlankLines().Replace(text.ToString(), "\n\n").Trim();
    }

    /// <summary>Text between tags; a line break in the HTML source is only a space.</summary>
    private static string Decoded(string text) => WebUtility.HtmlDecode(text).Replace('\n', ' ');

    private static bool LooksLikeHtml(string text) => Tag().IsMatch(text);

    [GeneratedRegex(@"<\s*(?<close>/)?\s*(?<name>[a-zA-Z][a-zA-Z0-9]*)[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"href\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();
}
