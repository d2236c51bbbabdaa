using System.Collections.Frozen;
using System.Text;

namespace Procurement.Core.Catalog.Search;

/// <summary>
/// The curated synonym groups (土豆,马铃薯,洋芋 …) from infra/elasticsearch/synonyms.txt, the file Elasticsearch's
/// synonym_graph filter reads too. Solr format: one group per line, every word equivalent to every other; or an
/// explicit mapping <c>lily, lilies => 百合</c>, where only the words on the left gain the words on the right (the
/// English names of products: <c>lily</c> finds 百合, while 百合 is not split or widened by them).
/// </summary>
public sealed class Synonyms
{
    private static readonly Lazy<Synonyms> _default = new(() =>
    {
        using var stream = typeof(Synonyms).Assembly.GetManifestResourceStream("Procurement.Core.synonyms.txt")
            ?? throw new InvalidOperationException("The embedded synonym file is missing from Procurement.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    });

    private readonly FrozenDictionary<string, string[]> _alternatives;
    private readonly int _longest;

    private Synonyms(IReadOnlyList<IReadOnlyList<string>> groups, IReadOnlyList<(IReadOnlyList<string> From, IReadOnlyList<string> To)> mappings)
    {
        Groups = groups;
        Mappings = mappings;
        // A word in two groups is equivalent to the words of both (Solr's behaviour for expand=true); a mapped word
        // also means what it maps to.
        _alternatives = groups
            .SelectMany(group => group.Select(word => (word, words: group)))
            .Concat(mappings.SelectMany(m => m.From.Select(word => (word, words: (IReadOnlyList<string>)[word, .. m.To]))))
            .GroupBy(x => x.word)
            .ToFrozenDictionary(g => g.Key, g => g.SelectMany(x => x.words).Distinct().OrderBy(w => w == g.Key ? 0 : 1).ToArray());
        // Only Chinese words split a Chinese run; mapped (English) words are looked up whole.
        _longest = groups.SelectMany(g => g).Select(w => w.Length).DefaultIfEmpty(0).Max();
    }

    public static Synonyms Default => _default.Value;

    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

    /// <summary>One-way mappings (<c>lily, lilies => 百合</c>): the words on the left also mean those on the right.</summary>
    public IReadOnlyList<(IReadOnlyList<string> From, IReadOnlyList<string> To)> Mappings { get; }

    public static Synonyms Parse(TextReader reader)
    {
        var groups = new List<IReadOnlyList<string>>();
        var mappings = new List<(IReadOnlyList<string>, IReadOnlyList<string>)>();
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }
            var arrow = text.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var from = Words(text[..arrow]);
                var to = Words(text[(arrow + 2)..]);
                if (from.Count > 0 && to.Count > 0)
                {
                    mappings.Add((from, to));
                }
                continue;
            }
            var words = Words(text);
            if (words.Count > 1)
            {
                groups.Add(words);
            }
        }
        return new Synonyms(groups, mappings);

        static List<string> Words(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(SearchText.Normalize).Where(w => w.Length > 0).Distinct().ToList();
    }

    /// <summary>The word itself first, then its equivalents; just the word when it has none.</summary>
    public IReadOnlyList<string> AlternativesOf(string word) => _alternatives.TryGetValue(word, out var alternatives) ? alternatives : [word];

    /// <summary>
    /// Splits a run of text into known synonym words (longest first, left to right) and the text between them:
    /// 兰州百合 → 兰州 | 百合{百合,甜百合,菜百合}.
    /// </summary>
    public IEnumerable<(string Text, IReadOnlyList<string>? Alternatives)> Split(string run)
    {
        var plainStart = 0;
        var i = 0;
        while (i < run.Length)
        {
            var matched = 0;
            for (var length = Math.Min(_longest, run.Length - i); length >= 1; length--)
            {
                if (_alternatives.ContainsKey(run.Substring(i, length)))
                {
                    matched = length;
                    break;
                }
            }
            if (matched == 0)
            {
                i++;
                continue;
            }
            if (i > plainStart)
            {
                yield return (run[plainStart..i], null);
            }
            var word = run.Substring(i, matched);
            yield return (word, AlternativesOf(word));
            i += matched;
            plainStart = i;
        }
        if (plainStart < run.Length)
        {
            yield return (run[plainStart..], null);
        }
    }
}
