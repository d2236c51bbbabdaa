using System.Text.Json;

namespace Procurement.Relevance;

/// <summary>
/// The judged query set (judged-queries.json) and nDCG@10 over it. Shared, as one file, by the relevance test
/// and the benchmark, which score the embedded index and a running app respectively.
/// </summary>
public sealed class RelevanceJudgments
{
    public const int Depth = 10;

    private RelevanceJudgments(IReadOnlyList<JudgedQuery> queries) => Queries = queries;

    public IReadOnlyList<JudgedQuery> Queries { get; }

    public static RelevanceJudgments Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var queries = document.RootElement.GetProperty("queries").EnumerateArray()
            .Select(q => new JudgedQuery(
                q.GetProperty("q").GetString()!,
                q.GetProperty("kind").GetString()!,
                q.GetProperty("grades").EnumerateObject().ToDictionary(g => g.Name, g => g.Value.GetInt32())))
            .ToList();
        return new RelevanceJudgments(queries);
    }

    /// <summary>nDCG@10 of one ranking, against every catalog name's grade for the query.</summary>
    public static double Ndcg(JudgedQuery query, IReadOnlyList<string> rankedNames, IReadOnlyCollection<string> catalogNames)
    {
        var ideal = catalogNames.Select(query.GradeOf).Where(g => g > 0).OrderDescending().Take(Depth).ToList();
        var idealDcg = Dcg(ideal);
        return idealDcg == 0 ? 0 : Dcg(rankedNames.Take(Depth).Select(query.GradeOf).ToList()) / idealDcg;
    }

    private static double Dcg(IReadOnlyList<int> grades) =>
        grades.Select((grade, i) => (Math.Pow(2, grade) - 1) / Math.Log2(i + 2)).Sum();
}

public sealed record JudgedQuery(string Q, string Kind, IReadOnlyDictionary<string, int> Grades)
{
    /// <summary>"X*" grades X and X's other pack ("X 2.5kg礼盒"); a plain name grades that name only.</summary>
    public int GradeOf(string name)
    {
        if (Grades.TryGetValue(name, out var exact))
        {
            return exact;
        }
        return Grades.Where(g => g.Key.EndsWith('*') && (name == g.Key[..^1] || name.StartsWith(g.Key[..^1] + " ", StringComparison.Ordinal)))
            .Select(g => g.Value).DefaultIfEmpty(0).Max();
    }
}
