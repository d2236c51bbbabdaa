using Lucene.Net.Index;
using Lucene.Net.Search;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>
/// Turns a <see cref="CatalogQueryPlan"/> into Lucene queries built term by term, so no user text is ever parsed
/// as Lucene syntax (*, :, ", AND, brackets and backslashes are just characters that separate words).
/// </summary>
internal static class CatalogQueryBuilder
{
    /// <summary>Every clause must match, in any of the text fields.</summary>
    public static Query Strict(CatalogQueryPlan plan)
    {
        if (plan.IsEmpty)
        {
            return new MatchAllDocsQuery();
        }
        var query = new BooleanQuery();
        foreach (var clause in plan.Clauses)
        {
            query.Add(ForClause(clause), Occur.MUST);
        }
        return query;
    }

    /// <summary>
    /// The looser reading for when the strict one finds nothing: half of the smaller pieces match, or the query
    /// sounds the same — its Chinese read as pinyin matches a name's pinyin, which catches homophone typos
    /// (兰州白合 → lanzhoubaihe → 兰州百合, 岷县当贵 → 岷县当归).
    /// </summary>
    public static Query? Loose(CatalogQueryPlan plan)
    {
        if (plan.IsEmpty)
        {
            return null;
        }
        var loose = new BooleanQuery();
        var pieces = plan.LooseClauses();
        if (pieces.Count >= 2)
        {
            var half = new BooleanQuery { MinimumNumberShouldMatch = (pieces.Count + 1) / 2 };
            foreach (var clause in pieces)
            {
                half.Add(ForClause(clause), Occur.SHOULD);
            }
            loose.Add(half, Occur.SHOULD);
        }
        var soundsLike = new BooleanQuery();
        foreach (var clause in plan.Clauses)
        {
            var phrase = clause.Phrases[0];
            soundsLike.Add(
                SearchText.IsHan(phrase[0])
                    ? new PrefixQuery(new Term(CatalogFields.Pinyin, Core.Catalog.Search.Pinyin.Full(phrase)))
                    : ForClause(clause),
                Occur.MUST);
        }
        soundsLike.Boost = 3f;
        loose.Add(soundsLike, Occur.SHOULD);
        return loose;
    }

    /// <summary>Any of the clause's phrases (a word or its synonyms) in any text field; typed pinyin matches the pinyin keys.</summary>
    public static Query ForClause(QueryClause clause)
    {
        var anyPhrase = new BooleanQuery();
        foreach (var phrase in clause.Phrases)
        {
            anyPhrase.Add(ForPhrase(phrase), Occur.SHOULD);
        }
        if (clause.Pinyin is { } pinyin)
        {
            anyPhrase.Add(new PrefixQuery(new Term(CatalogFields.Pinyin, pinyin)) { Boost = 2f }, Occur.SHOULD);
        }
        return anyPhrase;
    }

    private static Query ForPhrase(string phrase)
    {
        // A field's best match counts, plus a little for matches elsewhere (name and origin outweigh description).
        var perField = new DisjunctionMaxQuery(Relevance.OtherFieldsShare);
        var terms = SearchText.IsHan(phrase[0]) ? SearchText.Bigrams(phrase).ToList() : [phrase];
        foreach (var (field, boost) in CatalogFields.TextFields)
        {
            Query query;
            if (terms.Count == 1)
            {
                query = new TermQuery(new Term(field, terms[0]));
            }
            else
            {
                var phraseQuery = new PhraseQuery();
                for (var i = 0; i < terms.Count; i++)
                {
                    phraseQuery.Add(new Term(field, terms[i]), i);
                }
                query = phraseQuery;
            }
            query.Boost = boost;
            perField.Add(query);
        }
        return perField;
    }

    /// <summary>Suggestions: names starting with the text first, then names containing it, or spelled by it in pinyin.</summary>
    public static Query Suggest(CatalogQueryPlan plan)
    {
        var query = new BooleanQuery();
        query.Add(new PrefixQuery(new Term(CatalogFields.NameKeyword, plan.Normalized)) { Boost = 5f }, Occur.SHOULD);
        if (!plan.IsEmpty)
        {
            query.Add(Strict(plan), Occur.SHOULD);
        }
        var compact = plan.Normalized.Replace(" ", "", StringComparison.Ordinal);
        if (Pinyin.LooksLikePinyin(compact))
        {
            query.Add(new PrefixQuery(new Term(CatalogFields.Pinyin, compact)) { Boost = 3f }, Occur.SHOULD);
        }
        return query;
    }
}
