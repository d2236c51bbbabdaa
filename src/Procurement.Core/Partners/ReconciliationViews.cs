using System.Text.Json;

namespace Procurement.Core.Partners;

public sealed record RunStarted(long RunId);

public sealed record RunView(
    long Id, string PartnerCode, DateOnly Date, string Status, string? Error, RunSummary Summary, RunTotals Totals, bool Current, long? StatementId,
    RunProgress Progress, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>Rows read (statement and ours), classified and stored so far: what the run page shows while it runs.</summary>
public sealed record RunProgress(int RowsRead, int Classified, int Stored);

public sealed record ItemView(
    long Id, long RunId, DateOnly Date, string Category, string PartnerOrderNo, string? OrderNumber, decimal? LocalAmount, decimal? RemoteAmount, decimal Difference,
    string? LocalStatus, string? RemoteStatus, string Resolution, string? Note, string? ResolvedBy, DateTimeOffset? ResolvedAt, int? Line);

/// <summary>One day of the chart: the date's current result, its differences by category.</summary>
public sealed record DayDifferences(DateOnly Date, string PartnerCode, long RunId, int Differences, int Open, decimal GrossDifference);

public sealed record ItemQuery(ReconciliationCategory? Category, string? Q, bool DifferencesOnly, int Page, int PageSize);

/// <summary>How runs and categories read in the API, the pages and the export.</summary>
public static class ReconciliationViews
{
    /// <summary>A category as the contract spells it: its name in camel case (<c>amountMismatch</c>).</summary>
    public static string CategoryName(ReconciliationCategory category) => JsonNamingPolicy.CamelCase.ConvertName(category.ToString());

    /// <summary>Each category by its contract name.</summary>
    public static readonly IReadOnlyDictionary<string, ReconciliationCategory> Categories =
        Enum.GetValues<ReconciliationCategory>().ToDictionary(CategoryName, StringComparer.Ordinal);

    public static RunView ToView(this ReconciliationRun run) => new(run.Id, run.Partner, run.Date, run.Status.ToString(), run.Error, run.Summary, run.Totals, run.Current,
        run.StatementId, new RunProgress(run.RowsRead, run.Classified, run.Stored), run.RequestedAt, run.StartedAt, run.FinishedAt);
}
