using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Partners;

/// <summary>
/// Finance's side of reconciliation: asks for a run of a partner's date (queued to <see cref="ReconciliationPipeline"/>),
/// reads the runs, the chart of differences per day, a run's items and the open differences carried from earlier
/// dates, resolves each difference of the date's current result, and exports a result as CSV or XLSX. Finance reads
/// and writes; admins read.
/// </summary>
public sealed class ReconciliationReview(
    IReconciliationStore store, ReconciliationPipeline pipeline, IReconciliationSheets sheets, IUnitOfWork unitOfWork, ICurrentUser user,
    IValidator<StartRun> startValidator, IValidator<ResolveItem> resolveValidator, TimeProvider clock, ILogger<ReconciliationReview> logger)
{
    private const int MaxQueryLength = 100;

    public async Task<Result<RunStarted>> StartAsync(StartRun request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite, Capability.RunJobs) is { } denied)
        {
            return denied;
        }
        var checkedRequest = await startValidator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var partner = PartnerCodes.Normalize(request.PartnerCode)!;
        var date = BusinessDay.Parse(request.Date, clock)!.Value;
        return await pipeline.QueueAsync(partner, date, user.UserId, cancellationToken);
    }

    public async Task<Result<RunView>> GetAsync(long runId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        return await store.FindRunAsync(runId, cancellationToken) is { } run ? run.ToView() : Error.NotFound();
    }

    public async Task<Result<IReadOnlyList<RunView>>> ListAsync(string? partnerCode, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        var filter = PartnerCodes.ListFilter(partnerCode, from, to, clock);
        if (filter.Error is { } invalid)
        {
            return invalid;
        }
        var (partner, start, end) = filter.Value;
        var runs = await store.RunsAsync(partner, start, end, cancellationToken);
        return runs.Select(ReconciliationViews.ToView).ToList();
    }

    /// <summary>The chart: per day, the current result's differences and how many are still open.</summary>
    public async Task<Result<IReadOnlyList<DayDifferences>>> DaysAsync(string? partnerCode, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        var filter = PartnerCodes.ListFilter(partnerCode, from, to, clock);
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
        var checkedRequest = await resolveValidator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var resolution = ResolveItemValidator.ResolutionOf(request.Resolution)!.Value;
        var note = request.Note!.Trim();
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

    /// <summary>The run's items as a file, streamed as they are read; the run is checked first, so a refusal is an answer, not half a file.</summary>
    public async Task<Result<SheetDownload>> ExportAsync(long runId, SheetFormat format, CancellationToken cancellationToken, SheetLabels labels = SheetLabels.Contract)
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
        return new SheetDownload($"reconciliation-{run.Id}.{format.Extension()}", format,
            (output, cancellationToken) => sheets.WriteAsync(store.ExportAsync(run, cancellationToken), format, labels, output, cancellationToken));
    }

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
            else if (ReconciliationViews.Categories.TryGetValue(category, out var found))
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
        var bounds = PageBounds.Require(page, pageSize);
        return (run, new ItemQuery(filter, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), differencesOnly, bounds.Page, bounds.PageSize));
    }
}
