using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Procurement.Core.Catalog.Search;

/// <summary>
/// The contract's <c>highlight</c>: the product name with matches wrapped in &lt;em&gt;, everything else
/// HTML-encoded. Matches are the query's words and synonyms, and for typed pinyin the characters it spells.
/// </summary>
public static class Highlighter
{
    // Only what HTML needs escaped (< > & quotes); Chinese and × stay as they are.
    private static readonly HtmlEncoder _encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Highlight(string name, CatalogQueryPlan plan)
    {
        var marked = new bool[name.Length];
        var lower = name.ToLowerInvariant();
        foreach (var needle in plan.Needles.Where(n => n.Length > 0))
        {
            for (var at = lower.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = lower.IndexOf(needle, at + 1, StringComparison.Ordinal))
            {
                Array.Fill(marked, true, at, needle.Length);
            }
            // A Chinese phrase that is not in the name whole may still be there in pieces: mark its bigrams.
            if (needle.Length > 2 && SearchText.IsHan(needle[0]) && !lower.Contains(needle, StringComparison.Ordinal))
            {
                foreach (var bigram in SearchText.Bigrams(needle))
                {
                    for (var at = lower.IndexOf(bigram, StringComparison.Ordinal); at >= 0; at = lower.IndexOf(bigram, at + 1, StringComparison.Ordinal))
                    {
                        Array.Fill(marked, true, at, bigram.Length);
                    }
                }
            }
        }
        foreach (var pinyin in plan.Clauses.Select(c => c.Pinyin).OfType<string>())
        {
            MarkPinyin(name, pinyin, marked);
        }
        return Render(name, marked);
    }

    /// <summary>Marks the Chinese characters that typed pinyin or initials spell: lzbh or baihe in 兰州百合.</summary>
    private static void MarkPinyin(string name, string typed, bool[] marked)
    {
        var syllables = name.Select(c => (Char: c, Syllable: Pinyin.Of(c))).ToArray();
        for (var start = 0; start < syllables.Length; start++)
        {
            if (syllables[start].Syllable is null)
            {
                continue;
            }
            if (Spell(syllables, start, typed, initials: false) is { } fullEnd)
            {
                Array.Fill(marked, true, start, fullEnd - start);
                return;
            }
            if (Spell(syllables, start, typed, initials: true) is { } initialsEnd)
            {
                Array.Fill(marked, true, start, initialsEnd - start);
                return;
            }
        }
    }

    private static int? Spell((char Char, string? Syllable)[] syllables, int start, string typed, bool initials)
    {
        var consumed = 0;
        var i = start;
        while (consumed < typed.Length && i < syllables.Length && syllables[i].Syllable is { } syllable)
        {
            var piece = initials ? syllable[..1] : syllable;
            var remaining = typed.Length - consumed;
            // The last syllable may be typed only in part (baih → 百合).
            var compare = Math.Min(piece.Length, remaining);
            if (string.CompareOrdinal(piece, 0, typed, consumed, compare) != 0)
            {
                return null;
            }
            consumed += compare;
            i++;
        }
        return consumed == typed.Length ? i : null;
    }

    private static string Render(string name, bool[] marked)
    {
        var html = new StringBuilder(name.Length + 16);
        var start = 0;
        // Encode whole runs, not single chars, so that surrogate pairs stay intact.
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || marked[i] != marked[start])
            {
                var text = _encoder.Encode(name[start..i]);
                html.Append(marked[start] ? $"<em>{text}</em>" : text);
                start = i;
            }
        }
        return html.ToString();
    }
}
