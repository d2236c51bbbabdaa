using Procurement.Core.Common;
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

    // ---- Labels for people (issue #21): the portal's export names categories, states and resolutions in the reader's
    // language; the API's export keeps the codes above. ----

    /// <summary>A category's name for people (<c>amountMismatch</c> → 金额不符 / Amount mismatch).</summary>
    public static string CategoryLabel(string category) => category switch
    {
        "matched" => Texts.Pick("一致", "Matched"),
        "amountMismatch" => Texts.Pick("金额不符", "Amount mismatch"),
        "statusMismatch" => Texts.Pick("状态不符", "Status mismatch"),
        "missingLocal" => Texts.Pick("本地缺失", "Missing locally"),
        "missingRemote" => Texts.Pick("平台缺失", "Missing on partner"),
        "duplicate" => Texts.Pick("重复", "Duplicate"),
        _ => category,
    };

    /// <summary>A partner order's state for people (<c>Completed</c> → 已完成).</summary>
    public static string? StatusLabel(string? status) => status switch
    {
        null => null,
        "Completed" => Texts.Pick("已完成", "Completed"),
        "Refunded" => Texts.Pick("已退款", "Refunded"),
        "PartiallyRefunded" => Texts.Pick("部分退款", "Part refunded"),
        "Cancelled" => Texts.Pick("已取消", "Cancelled"),
        _ => status,
    };

    /// <summary>A resolution for people (<c>Accepted</c> → 已确认).</summary>
    public static string ResolutionLabel(string resolution) => resolution switch
    {
        "Open" => Texts.Pick("待处理", "Open"),
        "Accepted" => Texts.Pick("已确认", "Accepted"),
        "Adjusted" => Texts.Pick("已调账", "Adjusted"),
        "Ignored" => Texts.Pick("已忽略", "Ignored"),
        _ => resolution,
    };
}
