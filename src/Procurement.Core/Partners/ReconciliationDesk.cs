using System.Text.Json;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

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

public sealed class ResolveItem
{
    public string? Resolution { get; set; }
    public string? Note { get; set; }
}

public sealed class StartRun
{
    public string? PartnerCode { get; set; }
    public string? Date { get; set; }
}

public sealed record ItemQuery(ReconciliationCategory? Category, string? Q, bool DifferencesOnly, int Page, int PageSize);

/// <summary>Items are written in chunks, each its own short transaction, so a million rows never hold SQLite's write lock for long.</summary>
public interface IReconciliationStore
{
    void Add(ReconciliationRun run);
    Task<ReconciliationRun?> FindRunAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<ReconciliationRun>> RunsAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Our partner orders placed in [from, to), their refunds summed.</summary>
    IAsyncEnumerable<LocalEntry> LocalAsync(string partner, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The decisions taken on the date's current result, to keep on a re-run.</summary>
    Task<IReadOnlyList<CarriedResolution>> DecisionsAsync(string partner, DateOnly date, CancellationToken cancellationToken);

    /// <summary>Writes the run's items; <paramref name="stored"/> hears the count after each chunk.</summary>
    Task<int> WriteItemsAsync(long runId, IEnumerable<ReconciliationItem> items, Func<int, Task> stored, CancellationToken cancellationToken);

    Task ReportAsync(long runId, RunProgress progress, CancellationToken cancellationToken);

    /// <summary>In one transaction: the date's current run stops being current and this one, succeeded, becomes it.</summary>
    Task PromoteAsync(ReconciliationRun run, CancellationToken cancellationToken);

    /// <summary>Deletes the items of runs of the date that are not its current result (superseded, failed, or a crashed attempt).</summary>
    Task<int> PurgeAsync(string partner, DateOnly date, CancellationToken cancellationToken);

    Task DeleteItemsAsync(long runId, CancellationToken cancellationToken);

    Task<Paged<ItemView>> ItemsAsync(ReconciliationRun run, ItemQuery query, CancellationToken cancellationToken);

    /// <summary>Open differences of the partner's current results of dates before <paramref name="date"/> (carried forward).</summary>
    Task<Paged<ItemView>> OpenBeforeAsync(string partner, DateOnly date, ItemQuery query, CancellationToken cancellationToken);

    Task<ReconciliationItem?> FindItemAsync(long itemId, CancellationToken cancellationToken);

    Task<ItemView?> ItemViewAsync(long itemId, CancellationToken cancellationToken);

    /// <summary>Every item of the run, in order, read as it is written out.</summary>
    IAsyncEnumerable<ItemView> ExportAsync(ReconciliationRun run, CancellationToken cancellationToken);

    Task<IReadOnlyList<DayDifferences>> DaysAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>Hands a run to the job runner (Hangfire).</summary>
public interface IReconciliationQueue
{
    void Enqueue(long runId);
}

/// <summary>Writes a run's items to a stream as they are read: CSV (UTF-8 with BOM) or XLSX, the contract's header.</summary>
public interface IReconciliationSheets
{
    Task WriteAsync(IAsyncEnumerable<ItemView> items, SheetFormat format, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// Reconciliation of a partner's business date: finance (or the 03:00 job) queues a run; the job reads our partner
/// orders placed on that Beijing date and the date's last statement, classifies every row (<see cref="Classifier"/>),
/// stores the items, and makes the run the date's current result in one step — a failed run records its error and
/// leaves the previous result as it was. Decisions finance took on the previous result of the same date are kept;
/// open differences of earlier dates are carried into later days' view until resolved.
/// </summary>
public sealed class ReconciliationDesk(
    IReconciliationStore store, IStatementStore statements, IReconciliationQueue queue, IReconciliationSheets sheets, IUnitOfWork unitOfWork, ICurrentUser user,
    TimeProvider clock, ILogger<ReconciliationDesk> logger)
{
    private const int ReportEvery = 50_000;
    private const int MaxQueryLength = 100;

    public async Task<Result<RunStarted>> StartAsync(StartRun request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite, Capability.RunJobs) is { } denied)
        {
            return denied;
        }
        var fields = new Dictionary<string, string[]>();
        var partner = PartnerCodes.Normalize(request.PartnerCode);
        if (partner is null)
        {
            fields["partnerCode"] = [StatementDesk.PartnerCodeMessage()];
        }
        if ((request.Date ?? "").Trim().Length != 10 || StatementFormats.ParseDate(request.Date!) is not { } date || date > BusinessDate.Today(clock))
        {
            fields["date"] = [Texts.Pick("请填写对账日期（yyyy-MM-dd），不能晚于今天。", "Give the business date (yyyy-MM-dd), not after today.")];
            date = default;
        }
        if (fields.Count > 0)
        {
            return Error.Invalid(fields);
        }
        var run = new ReconciliationRun(partner!, date, user.UserId, clock.GetUtcNow());
        store.Add(run);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } failed)
        {
            return failed;
        }
        queue.Enqueue(run.Id);
        logger.LogInformation("Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} queued", run.Id, partner, date);
        return new RunStarted(run.Id);
    }

    /// <summary>The 03:00 job: the previous Beijing business date of each partner that has a statement or orders for it.</summary>
    public async Task<IReadOnlyList<long>> StartDailyAsync(CancellationToken cancellationToken)
    {
        var date = BusinessDate.Today(clock).AddDays(-1);
        var started = new List<long>();
        foreach (var partner in PartnerCodes.All)
        {
            var hasStatement = await statements.LatestAsync(partner, date, cancellationToken) is not null;
            if (!hasStatement && !await HasOrdersAsync(partner, date, cancellationToken))
            {
                logger.LogInformation("Reconciliation of {Partner} {Date:yyyy-MM-dd} skipped: neither a statement nor orders", partner, date);
                continue;
            }
            var run = await StartAsync(new StartRun { PartnerCode = partner, Date = date.ToString("yyyy-MM-dd") }, cancellationToken);
            if (run.Value is { } queued)
            {
                started.Add(queued.RunId);
            }
        }
        return started;
    }

    /// <summary>The job: runs a queued run to its end, success or recorded failure. A run already ended is left alone.</summary>
    public async Task<RunStatus> RunAsync(long runId, CancellationToken cancellationToken)
    {
        if (await store.FindRunAsync(runId, cancellationToken) is not { } run)
        {
            logger.LogWarning("Reconciliation {RunId} not found", runId);
            return RunStatus.Failed;
        }
        if (run.Status is RunStatus.Succeeded or RunStatus.Failed)
        {
            return run.Status;
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var statement = await statements.LatestAsync(run.Partner, run.Date, cancellationToken);
            if (statement is null)
            {
                return await FailAsync(run, Texts.Pick($"{run.Partner} 没有 {run.Date:yyyy-MM-dd} 的对账单：请先上传或等待拉取。",
                    $"{run.Partner} has no statement for {run.Date:yyyy-MM-dd}: upload it or wait for the pull."), cancellationToken);
            }
            // A crashed attempt of this run, retried, starts from nothing.
            await store.DeleteItemsAsync(run.Id, cancellationToken);
            run.Start(statement.Id, clock.GetUtcNow());
            await CommitAsync(cancellationToken);
            logger.LogInformation("Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} started against statement {StatementId} ({Rows} rows)", run.Id, run.Partner, run.Date,
                statement.Id, statement.Rows);

            var local = new List<LocalEntry>();
            await foreach (var entry in store.LocalAsync(run.Partner, BusinessDate.StartOf(run.Date), BusinessDate.StartOf(run.Date.AddDays(1)), cancellationToken))
            {
                local.Add(entry);
            }
            var classifier = new Classifier(local);
            local = null;
            var read = classifier.LocalCount;
            await store.ReportAsync(run.Id, new RunProgress(read, 0, 0), cancellationToken);

            var decisions = (await store.DecisionsAsync(run.Partner, run.Date, cancellationToken))
                .ToDictionary(d => (d.Category, d.PartnerOrderNo, d.Occurrence));
            var items = new List<ReconciliationItem>(statement.Rows + classifier.LocalCount);
            await foreach (var row in statements.RowsAsync(statement.Id, cancellationToken))
            {
                items.Add(classifier.Classify(row));
                if (++read % ReportEvery == 0)
                {
                    await store.ReportAsync(run.Id, new RunProgress(read, items.Count, 0), cancellationToken);
                }
            }
            items.AddRange(classifier.MissingRemote());
            if (decisions.Count > 0)
            {
                foreach (var item in items.Where(i => i.Category != ReconciliationCategory.Matched))
                {
                    if (decisions.TryGetValue((item.Category, item.PartnerOrderNo, classifier.OccurrenceOf(item)), out var decided))
                    {
                        item.Carry(decided);
                    }
                }
            }
            await store.ReportAsync(run.Id, new RunProgress(read, items.Count, 0), cancellationToken);
            var stored = await store.WriteItemsAsync(run.Id, items, count => store.ReportAsync(run.Id, new RunProgress(read, items.Count, count), cancellationToken),
                cancellationToken);
            run.Succeed(classifier.Summary, classifier.Totals, stored, clock.GetUtcNow());
            await store.PromoteAsync(run, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} failed", run.Id, run.Partner, run.Date);
            await store.DeleteItemsAsync(run.Id, CancellationToken.None);
            return await FailAsync(run, exception.Message, CancellationToken.None);
        }
        logger.LogInformation(
            "Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} succeeded in {Elapsed} ms: {Matched} matched, {Differences} differences, net {Net} CNY, gross {Gross} CNY",
            run.Id, run.Partner, run.Date, watch.ElapsedMilliseconds, run.Matched, run.Summary.Differences, run.NetDifference, run.GrossDifference);
        try
        {
            // The result is promoted: the superseded items are no longer read, and clearing them may wait for a later run.
            var purged = await store.PurgeAsync(run.Partner, run.Date, cancellationToken);
            logger.LogInformation("Reconciliation of {Partner} {Date:yyyy-MM-dd}: {Purged} superseded items removed", run.Partner, run.Date, purged);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Reconciliation of {Partner} {Date:yyyy-MM-dd}: superseded items not removed yet", run.Partner, run.Date);
        }
        return RunStatus.Succeeded;
    }

    public async Task<Result<RunView>> GetAsync(long runId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        return await store.FindRunAsync(runId, cancellationToken) is { } run ? View(run) : Error.NotFound();
    }

    public async Task<Result<IReadOnlyList<RunView>>> ListAsync(string? partnerCode, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        var filter = ListFilter(partnerCode, from, to, clock);
        if (filter.Error is { } invalid)
        {
            return invalid;
        }
        var (partner, start, end) = filter.Value;
        var runs = await store.RunsAsync(partner, start, end, cancellationToken);
        return runs.Select(View).ToList();
    }

    /// <summary>The chart: per day, the current result's differences and how many are still open.</summary>
    public async Task<Result<IReadOnlyList<DayDifferences>>> DaysAsync(string? partnerCode, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        var filter = ListFilter(partnerCode, from, to, clock);
        if (filter.Error is { } invalid)
        {
            return invalid;
        }
        var (partner, start, end) = filter.Value;
        return (await store.DaysAsync(partner, start, end, cancellationToken)).ToList();
    }

    public async Task<Result<Paged<ItemView>>> ItemsAsync(long runId, string? category, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var readable = await ReadableRunAsync(runId, category, q, page, pageSize, cancellationToken);
        if (readable.Error is { } error)
        {
            return error;
        }
        var (run, query) = readable.Value;
        return await store.ItemsAsync(run, query, cancellationToken);
    }

    /// <summary>Open differences from the partner's earlier dates, shown with a run so nothing found is forgotten.</summary>
    public async Task<Result<Paged<ItemView>>> CarriedAsync(long runId, string? category, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        var readable = await ReadableRunAsync(runId, category, q, page, pageSize, cancellationToken);
        if (readable.Error is { } error)
        {
            return error;
        }
        var (run, query) = readable.Value;
        return await store.OpenBeforeAsync(run.Partner, run.Date, query, cancellationToken);
    }

    public async Task<Result<ItemView>> ResolveAsync(long itemId, ResolveItem request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var by = user.UserId!.Value;
        var fields = new Dictionary<string, string[]>();
        if (!Enum.TryParse<ItemResolution>(request.Resolution, ignoreCase: true, out var resolution) || !Enum.IsDefined(resolution) || resolution == ItemResolution.Open
            || int.TryParse(request.Resolution, out _))
        {
            fields["resolution"] = [Texts.Pick("处理结果须为 Accepted、Adjusted 或 Ignored。", "The resolution must be Accepted, Adjusted or Ignored.")];
        }
        var note = request.Note?.Trim() ?? "";
        if (note.Length is 0 or > ReconciliationItem.MaxNoteLength)
        {
            fields["note"] = [Texts.Pick($"请填写处理说明（最多 {ReconciliationItem.MaxNoteLength} 字）。", $"Give a note (at most {ReconciliationItem.MaxNoteLength} characters).")];
        }
        if (fields.Count > 0)
        {
            return Error.Invalid(fields);
        }
        if (await store.FindItemAsync(itemId, cancellationToken) is not { } item || await store.FindRunAsync(item.RunId, cancellationToken) is not { } run)
        {
            return Error.NotFound();
        }
        if (!run.Current)
        {
            return Error.InvalidState(Texts.Pick("该对账结果已被重新对账取代，请在最新结果中处理。", "This result was replaced by a newer run; resolve it there."));
        }
        if (item.Resolve(resolution, note, by, clock.GetUtcNow()).Error is { } refused)
        {
            return refused;
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Reconciliation item {ItemId} ({Category} {PartnerOrderNo}) resolved {Resolution} by {UserId}", item.Id, item.Category, item.PartnerOrderNo,
            resolution, by);
        return (await store.ItemViewAsync(item.Id, cancellationToken))!;
    }

    /// <summary>Streams the run's items to <paramref name="output"/>; the run is checked first, so a refusal is an answer, not half a file.</summary>
    public async Task<Result<Func<Stream, Task>>> ExportAsync(long runId, SheetFormat format, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        if (await store.FindRunAsync(runId, cancellationToken) is not { } run)
        {
            return Error.NotFound();
        }
        if (run.Status != RunStatus.Succeeded || !run.Current)
        {
            return Error.InvalidState(Texts.Pick("只能导出已完成且为最新的对账结果。", "Only a finished, current result can be exported."));
        }
        logger.LogInformation("Reconciliation {RunId} exported as {Format} by {UserId}", run.Id, format, user.UserId);
        Func<Stream, Task> write = output => sheets.WriteAsync(store.ExportAsync(run, cancellationToken), format, output, cancellationToken);
        return write;
    }

    /// <summary>A category as the contract spells it: its name in camel case (<c>amountMismatch</c>).</summary>
    public static string CategoryName(ReconciliationCategory category) => JsonNamingPolicy.CamelCase.ConvertName(category.ToString());

    /// <summary>Each category by its contract name.</summary>
    public static readonly IReadOnlyDictionary<string, ReconciliationCategory> Categories =
        Enum.GetValues<ReconciliationCategory>().ToDictionary(CategoryName, StringComparer.Ordinal);

    public static RunView View(ReconciliationRun run) => new(run.Id, run.Partner, run.Date, run.Status.ToString(), run.Error, run.Summary, run.Totals, run.Current,
        run.StatementId, new RunProgress(run.RowsRead, run.Classified, run.Stored), run.RequestedAt, run.StartedAt, run.FinishedAt);

    private async Task<Result<(ReconciliationRun Run, ItemQuery Query)>> ReadableRunAsync(long runId, string? category, string? q, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        ReconciliationCategory? filter = null;
        var differencesOnly = false;
        if (category is { Length: > 0 })
        {
            if (category == "differences")
            {
                differencesOnly = true;
            }
            else if (Categories.TryGetValue(category, out var found))
            {
                filter = found;
            }
            else
            {
                return Error.Invalid("category", Texts.Pick("分类须为 matched、amountMismatch、statusMismatch、missingLocal、missingRemote、duplicate 或 differences。",
                    "The category must be matched, amountMismatch, statusMismatch, missingLocal, missingRemote, duplicate or differences."));
            }
        }
        if (q is { Length: > MaxQueryLength })
        {
            return Error.Invalid("q", Texts.Pick($"搜索词最多 {MaxQueryLength} 字。", $"The search is at most {MaxQueryLength} characters."));
        }
        if (await store.FindRunAsync(runId, cancellationToken) is not { } run)
        {
            return Error.NotFound();
        }
        return (run, new ItemQuery(filter, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), differencesOnly, Math.Max(1, page), Math.Clamp(pageSize, 1, ListQuery.MaxPageSize)));
    }

    /// <summary>A list's partner and dates: the partner named right (or not given: all), the last 30 days by default, at most a year.</summary>
    internal static Result<(string? Partner, DateOnly From, DateOnly To)> ListFilter(string? partnerCode, DateOnly? from, DateOnly? to, TimeProvider clock)
    {
        if (partnerCode is not null && PartnerCodes.Normalize(partnerCode) is null)
        {
            return Error.Invalid("partnerCode", StatementDesk.PartnerCodeMessage());
        }
        var end = to ?? BusinessDate.Today(clock);
        var start = from ?? end.AddDays(-29);
        if (end < start || end.DayNumber - start.DayNumber > 366)
        {
            return Error.Invalid("to", Texts.Pick("日期范围须在一年之内，且结束不早于开始。", "The range must be at most a year, its end not before its start."));
        }
        return (PartnerCodes.Normalize(partnerCode), start, end);
    }

    private async Task<bool> HasOrdersAsync(string partner, DateOnly date, CancellationToken cancellationToken)
    {
        await foreach (var _ in store.LocalAsync(partner, BusinessDate.StartOf(date), BusinessDate.StartOf(date.AddDays(1)), cancellationToken))
        {
            return true;
        }
        return false;
    }

    private async Task<RunStatus> FailAsync(ReconciliationRun run, string error, CancellationToken cancellationToken)
    {
        run.Fail(error, clock.GetUtcNow());
        await CommitAsync(cancellationToken);
        logger.LogWarning("Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} failed: {Error}; the date's previous result stays", run.Id, run.Partner, run.Date, error);
        return RunStatus.Failed;
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (await unitOfWork.CommitAsync(cancellationToken) is { } error)
        {
            throw new InvalidOperationException(error.Detail);
        }
    }
}
