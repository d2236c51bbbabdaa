namespace Procurement.Core.Catalog.Search;

/// <summary>
/// One thing the query asks for: any of <see cref="Phrases"/> (a word and its synonyms), each matched as a phrase.
/// <see cref="Pinyin"/> is set for a word of ASCII letters, which may also be pinyin or pinyin initials.
/// </summary>
public sealed record QueryClause(IReadOnlyList<string> Phrases, string? Pinyin);

/// <summary>
/// A user's text turned into clauses the engines match, without ever parsing it as query syntax: a document
/// matches strictly when every clause matches, loosely when enough of the smaller pieces do.
/// </summary>
public sealed record CatalogQueryPlan(string Normalized, IReadOnlyList<QueryClause> Clauses)
{
    public bool IsEmpty => Clauses.Count == 0;

    public static CatalogQueryPlan Build(string? text, Synonyms synonyms)
    {
        var normalized = SearchText.Normalize(text);
        var clauses = new List<QueryClause>();
        foreach (var piece in SearchText.Pieces(normalized))
        {
            if (SearchText.IsHan(piece[0]))
            {
                foreach (var (part, alternatives) in synonyms.Split(piece))
                {
                    clauses.Add(new QueryClause(alternatives ?? [part], null));
                }
            }
            else
            {
                var pinyin = piece.All(char.IsAsciiLetter) && piece.Length >= 2 ? piece : null;
                clauses.Add(new QueryClause(synonyms.AlternativesOf(piece), pinyin));
            }
        }
        return new CatalogQueryPlan(normalized, clauses);
    }

    /// <summary>
    /// The looser reading for when nothing matched: every bigram of every phrase and every word on its own, of
    /// which at least half must match. 兰州鲜百合礼盒 still finds 兰州百合 this way.
    /// </summary>
    public IReadOnlyList<QueryClause> LooseClauses() =>
        Clauses.SelectMany(clause => clause.Phrases.Count > 1 || clause.Pinyin is not null || !SearchText.IsHan(clause.Phrases[0][0])
                ? [clause]
                : SearchText.Bigrams(clause.Phrases[0]).Select(bigram => new QueryClause([bigram], null)))
            .ToList();

    /// <summary>Strings to mark in a product name: the phrases and their synonyms.</summary>
    public IEnumerable<string> Needles => Clauses.SelectMany(c => c.Phrases);
}
