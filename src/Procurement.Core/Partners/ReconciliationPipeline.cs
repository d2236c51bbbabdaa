using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Users;

namespace Procurement.Core.Partners;

/// <summary>
/// The job's side of reconciliation (Hangfire, as the system): queueing runs — finance's through
/// <see cref="ReconciliationReview.StartAsync"/>, and the 03:00 job's for each partner's previous business date — and
/// running one to its end. A run reads our partner orders placed on its Beijing date and the date's last statement,
/// classifies every row (<see cref="Classifier"/>), keeps the decisions finance took on the date's previous result,
/// and stores and promotes the items in short, separate transactions, named below in the order they run:
/// <list type="number">
/// <item><see cref="BeginAsync"/>: clears what a crashed attempt of this run wrote and marks it running.</item>
/// <item><see cref="StoreItemsAsync"/>: the items, in chunks, each chunk its own transaction under the run's id, where nobody reads them.</item>
/// <item><see cref="PromoteAsync"/>: one transaction makes the run the date's current result and the previous one not.</item>
/// <item><see cref="PurgeSupersededAsync"/>: only then are the superseded items deleted; a failure here waits for a later run.</item>
/// </list>
/// A run that fails before promotion goes through <see cref="FailAsync"/> instead: its items deleted, its error recorded,
/// the date's current result exactly as it was.
/// </summary>
public sealed class ReconciliationPipeline(
    IReconciliationStore store, IStatementStore statements, IReconciliationQueue queue, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock,
    ILogger<ReconciliationPipeline> logger)
{
    private const int ReportEvery = 50_000;

    /// <summary>The 03:00 job: the previous Beijing business date of each partner that has a statement or orders for it.</summary>
    public async Task<IReadOnlyList<long>> StartDailyAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is { } denied)
        {
            logger.LogWarning("Daily reconciliation refused: {Reason}", denied.Detail);
            return [];
        }
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
            if ((await QueueAsync(partner, date, null, cancellationToken)).Value is { } queued)
            {
                started.Add(queued.RunId);
            }
        }
        return started;
    }

    /// <summary>Records a run of the partner's date and hands it to the job runner; the caller has checked who asks and what.</summary>
    internal async Task<Result<RunStarted>> QueueAsync(string partner, DateOnly date, Guid? requestedBy, CancellationToken cancellationToken)
    {
        var run = new ReconciliationRun(partner, date, requestedBy, clock.GetUtcNow());
        store.Add(run);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } failed)
        {
            return failed;
        }
        queue.Enqueue(run.Id);
        logger.LogInformation("Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} queued", run.Id, partner, date);
        return new RunStarted(run.Id);
    }

    /// <summary>The job: runs a queued run to its end, success or recorded failure. A run already ended is left alone.</summary>
    public async Task<RunStatus> RunAsync(long runId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is not null)
        {
            logger.LogWarning("Reconciliation {RunId} was asked to run outside the platform's jobs; refused", runId);
            return RunStatus.Failed;
        }
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
            if (await statements.LatestAsync(run.Partner, run.Date, cancellationToken) is not { } statement)
            {
                return await FailAsync(run, Texts.Pick($"{run.Partner} 没有 {run.Date:yyyy-MM-dd} 的对账单：请先上传或等待拉取。",
                    $"{run.Partner} has no statement for {run.Date:yyyy-MM-dd}: upload it or wait for the pull."), cancellationToken);
            }
            await BeginAsync(run, statement, cancellationToken);
            var (classifier, items, read) = await ClassifyAsync(run, statement, cancellationToken);
            var stored = await StoreItemsAsync(run, items, read, cancellationToken);
            run.Succeed(classifier.Summary, classifier.Totals, stored, clock.GetUtcNow());
            await PromoteAsync(run, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} failed", run.Id, run.Partner, run.Date);
            return await FailAsync(run, exception.Message, CancellationToken.None);
        }
        logger.LogInformation(
            "Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} succeeded in {Elapsed} ms: {Matched} matched, {Differences} differences, net {Net} CNY, gross {Gross} CNY",
            run.Id, run.Partner, run.Date, watch.ElapsedMilliseconds, run.Matched, run.Summary.Differences, run.NetDifference, run.GrossDifference);
        await PurgeSupersededAsync(run, cancellationToken);
        return RunStatus.Succeeded;
    }

    /// <summary>Transaction 1: a crashed attempt of this run, retried, starts from nothing; the run is marked running against the statement.</summary>
    private async Task BeginAsync(ReconciliationRun run, PartnerStatement statement, CancellationToken cancellationToken)
    {
        await store.DeleteItemsAsync(run.Id, cancellationToken);
        run.Start(statement.Id, clock.GetUtcNow());
        await CommitAsync(cancellationToken);
        logger.LogInformation("Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} started against statement {StatementId} ({Rows} rows)", run.Id, run.Partner, run.Date,
            statement.Id, statement.Rows);
    }

    /// <summary>In memory, no transaction: every statement row and every order of ours classified, the date's earlier decisions carried onto the same differences.</summary>
    private async Task<(Classifier Classifier, List<ReconciliationItem> Items, int Read)> ClassifyAsync(ReconciliationRun run, PartnerStatement statement,
        CancellationToken cancellationToken)
    {
        List<LocalEntry>? local = [];
        await foreach (var entry in store.LocalAsync(run.Partner, BusinessDate.StartOf(run.Date), BusinessDate.StartOf(run.Date.AddDays(1)), cancellationToken))
        {
            local.Add(entry);
        }
        var classifier = new Classifier(local);
        // The classifier holds its own copy; this list is not kept alive while a million statement rows are read.
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
        return (classifier, items, read);
    }

    /// <summary>Transactions 2…n: the items in chunks (<see cref="IReconciliationStore.WriteItemsAsync"/>), each chunk committed on its own, progress after each.</summary>
    private Task<int> StoreItemsAsync(ReconciliationRun run, List<ReconciliationItem> items, int read, CancellationToken cancellationToken) =>
        store.WriteItemsAsync(run.Id, items, count => store.ReportAsync(run.Id, new RunProgress(read, items.Count, count), cancellationToken), cancellationToken);

    /// <summary>The last transaction: the run, succeeded, becomes the date's current result and the previous one stops being it, both or neither.</summary>
    private Task PromoteAsync(ReconciliationRun run, CancellationToken cancellationToken) => store.PromoteAsync(run, cancellationToken);

    /// <summary>After promotion: the superseded items are no longer read, and clearing them may wait for a later run.</summary>
    private async Task PurgeSupersededAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        try
        {
            var purged = await store.PurgeAsync(run.Partner, run.Date, cancellationToken);
            logger.LogInformation("Reconciliation of {Partner} {Date:yyyy-MM-dd}: {Purged} superseded items removed", run.Partner, run.Date, purged);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Reconciliation of {Partner} {Date:yyyy-MM-dd}: superseded items not removed yet", run.Partner, run.Date);
        }
    }

    /// <summary>Instead of promotion: what the run wrote is deleted and its error recorded; the date's current result stays as it was.</summary>
    private async Task<RunStatus> FailAsync(ReconciliationRun run, string error, CancellationToken cancellationToken)
    {
        await store.DeleteItemsAsync(run.Id, cancellationToken);
        run.Fail(error, clock.GetUtcNow());
        await CommitAsync(cancellationToken);
        logger.LogWarning("Reconciliation {RunId} of {Partner} {Date:yyyy-MM-dd} failed: {Error}; the date's previous result stays", run.Id, run.Partner, run.Date, error);
        return RunStatus.Failed;
    }

    private async Task<bool> HasOrdersAsync(string partner, DateOnly date, CancellationToken cancellationToken)
    {
        await foreach (var _ in store.LocalAsync(partner, BusinessDate.StartOf(date), BusinessDate.StartOf(date.AddDays(1)), cancellationToken))
        {
            return true;
        }
        return false;
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (await unitOfWork.CommitAsync(cancellationToken) is { } error)
        {
            throw new InvalidOperationException(error.Detail);
        }
    }
}
