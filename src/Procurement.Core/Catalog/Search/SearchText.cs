using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Procurement.Core.Catalog.Search;

/// <summary>Text clean-up both engines share, so that they see the same words.</summary>
public static partial class SearchText
{
    /// <summary>
    /// Full-width letters and digits to ASCII (ＢＡＩＨＥ → baihe, ５００ｇ → 500g), lower case, one space between words.
    /// Control characters go; everything else stays, since the query is never parsed as syntax.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    public static bool IsHan(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>Supplier descriptions are simple HTML: the index wants their words.</summary>
    public static string StripHtml(string html) =>
        Normalize(WebUtility.HtmlDecode(Tags().Replace(html, " ")));

    /// <summary>
    /// The pieces of a query the engines match on: runs of Chinese characters and ASCII words (500g, lz). Other
    /// characters (punctuation, query syntax such as * : " ( \) only separate pieces.
    /// </summary>
    public static IReadOnlyList<string> Pieces(string normalized)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        var currentIsHan = false;
        foreach (var c in normalized)
        {
            var han = IsHan(c);
            var ascii = char.IsAsciiLetterOrDigit(c) || (c == '.' && current.Length > 0 && !currentIsHan);
            var other = char.IsLetterOrDigit(c) && !han && !char.IsAscii(c);
            if (!(han || ascii || other) || (current.Length > 0 && han != currentIsHan))
            {
                Flush();
            }
            if (han || ascii || other)
            {
                current.Append(c);
                currentIsHan = han;
            }
        }
        Flush();
        return pieces;

        void Flush()
        {
            var piece = current.ToString().Trim('.');
            if (piece.Length > 0)
            {
                pieces.Add(piece);
            }
            current.Clear();
        }
    }

    /// <summary>What to index and query for a run of Chinese characters: its bigrams, or the character itself.</summary>
    public static IEnumerable<string> Bigrams(string hanRun)
    {
        if (hanRun.Length == 1)
        {
            yield return hanRun;
            yield break;
        }
        for (var i = 0; i + 1 < hanRun.Length; i++)
        {
            yield return hanRun.Substring(i, 2);
        }
    }

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();
}
