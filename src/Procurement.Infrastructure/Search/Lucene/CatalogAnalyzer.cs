using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>
/// Elasticsearch's built-in <c>cjk</c> analyzer (standard tokenizer, width folding, lower case, CJK bigrams), but
/// keeping unigrams too so that one-character queries (梨, 枣) match. Word segmenters were weighed and dropped:
/// SmartChineseAnalyzer splits 百合 into 百|合 and 武都 into 武|都; bigrams find every two-character product word,
/// and the judged queries decide (docs/search.md). Queries are not run through this analyzer: they are built from
/// the same bigrams by <see cref="CatalogQueryBuilder"/>.
/// </summary>
internal sealed class CatalogAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream, CJKScript.HAN | CJKScript.HIRAGANA | CJKScript.KATAKANA | CJKScript.HANGUL, outputUnigrams: true);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
