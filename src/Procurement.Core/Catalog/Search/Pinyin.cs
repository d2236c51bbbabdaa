using System.Collections.Frozen;
using System.Text;

namespace Procurement.Core.Catalog.Search;

/// <summary>
/// Pinyin of Chinese text, so that <c>baihe</c>, <c>bh</c> and <c>lzbh</c> find 兰州百合. The table is generated from
/// Unihan's kMandarin readings by scripts/generate-pinyin.py and embedded; no pinyin package is needed at run time.
/// </summary>
public static class Pinyin
{
    private static readonly Lazy<FrozenDictionary<char, string>> _table = new(Load);

    /// <summary>The syllable of one character, or null for anything that is not a Chinese character.</summary>
    public static string? Of(char c) => _table.Value.TryGetValue(c, out var syllable) ? syllable : null;

    /// <summary>Syllables of the Chinese characters, ASCII letters and digits kept as words: 兰州百合500g → lan zhou bai he 500g.</summary>
    public static IReadOnlyList<string> Syllables(string text)
    {
        var syllables = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (Of(c) is { } syllable)
            {
                Flush();
                syllables.Add(syllable);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return syllables;

        void Flush()
        {
            if (word.Length > 0)
            {
                syllables.Add(word.ToString());
                word.Clear();
            }
        }
    }

    /// <summary>兰州百合 → lanzhoubaihe.</summary>
    public static string Full(string text) => string.Concat(Syllables(text));

    /// <summary>兰州百合 → lzbh.</summary>
    public static string Initials(string text) => string.Concat(Syllables(text).Select(s => s[0]));

    /// <summary>
    /// The keys both engines index for a name: 兰州百合 → lanzhoubaihe, zhoubaihe, baihe, he, lzbh, zbh, bh, h. A prefix
    /// query on these finds the name from any syllable on, in full pinyin or initials.
    /// </summary>
    public static IReadOnlyCollection<string> SuffixKeys(string name)
    {
        var syllables = Syllables(name);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < syllables.Count; i++)
        {
            var rest = syllables.Skip(i).ToList();
            keys.Add(string.Concat(rest));
            keys.Add(string.Concat(rest.Select(s => s[0])));
        }
        return keys;
    }

    /// <summary>Looks like typed pinyin: ASCII letters only, so the query is worth matching against the pinyin fields.</summary>
    public static bool LooksLikePinyin(string query) => query.Length > 0 && query.All(c => char.IsAsciiLetter(c) || c == ' ');

    private static FrozenDictionary<char, string> Load()
    {
        using var stream = typeof(Pinyin).Assembly.GetManifestResourceStream("Procurement.Core.pinyin.txt")
            ?? throw new InvalidOperationException("The embedded pinyin table is missing from Procurement.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = new Dictionary<char, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var syllable = line[..tab];
            foreach (var c in line.AsSpan(tab + 1))
            {
                table[c] = syllable;
            }
        }
        return table.ToFrozenDictionary();
    }
}
