using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Reporting;

/// <summary>
/// A union's 帮扶 target per budget year: read by the union's accounts, set by its own Approver (their union) and by
/// admins (any union). One row per union and year, its key unique: two first saves at once cannot both insert.
/// </summary>
public sealed class UnionTargets(IReportingStore store, Unions.IUnionStore unions, IUnitOfWork unitOfWork, ICurrentUser user, IValidator<TargetRequest> validator,
    TimeProvider clock, ILogger<UnionTargets> logger)
{
    public async Task<Result<TargetView>> OwnAsync(int year, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion) is { } denied)
        {
            return denied;
        }
        if (CheckYear(year) is { } badYear)
        {
            return badYear;
        }
        return TargetView.Of(user.UnionId!.Value, year, await store.FindTargetAsync(user.UnionId!.Value, year, cancellationToken));
    }

    /// <summary>The union's own approver sets its target.</summary>
    public async Task<Result<TargetView>> SetOwnAsync(int year, TargetRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Approve) is { } denied)
        {
            return denied;
        }
        return await SaveAsync(user.UnionId!.Value, year, request, cancellationToken);
    }

    public async Task<Result<TargetView>> GetAsync(Guid unionId, int year, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        if (CheckYear(year) is { } badYear)
        {
            return badYear;
        }
        if (await unions.FindAsync(unionId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return TargetView.Of(unionId, year, await store.FindTargetAsync(unionId, year, cancellationToken));
    }

    /// <summary>An admin sets any union's target.</summary>
    public async Task<Result<TargetView>> SetAsync(Guid unionId, int year, TargetRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        if (await unions.FindAsync(unionId, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        return await SaveAsync(unionId, year, request, cancellationToken);
    }

    private async Task<Result<TargetView>> SaveAsync(Guid unionId, int year, TargetRequest request, CancellationToken cancellationToken)
    {
        if (CheckYear(year) is { } badYear)
        {
            return badYear;
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var now = clock.GetUtcNow();
        var target = await store.FindTargetAsync(unionId, year, cancellationToken);
        if (target is null)
        {
            target = new UnionTarget(unionId, year, request.AssistanceTargetShare!.Value, request.ReservedAmount!.Value, user.UserId, now);
            store.Add(target);
        }
        else
        {
            target.Set(request.AssistanceTargetShare!.Value, request.ReservedAmount!.Value, user.UserId, now);
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Union {UnionId} target for {Year} set by {UserId}: share {Share}, reserved {Reserved} CNY", unionId, year, user.UserId,
            target.AssistanceTargetShare, target.ReservedAmount);
        return TargetView.Of(unionId, year, target);
    }

    private static Error? CheckYear(int year) => year is < UnionReports.MinYear or > UnionReports.MaxYear
        ? Error.Invalid("year", Texts.Pick($"年度须在 {UnionReports.MinYear}–{UnionReports.MaxYear} 之间。", $"The year must be from {UnionReports.MinYear} to {UnionReports.MaxYear}."))
        : null;
}

/// <summary>The body of <c>POST /api/v1/finance/partner-buyers/match</c>.</summary>
public sealed class BuyerMatchRequest
{
    public string? Uscc { get; set; }
    public Guid? UnionId { get; set; }
}

public sealed class BuyerMatchRequestValidator : AbstractValidator<BuyerMatchRequest>
{
    public BuyerMatchRequestValidator()
    {
        RuleFor(x => x.Uscc).Must(u => Uscc.IsValid(u?.Trim().ToUpperInvariant()))
            .WithMessage(_ => Texts.Pick("统一社会信用代码无效。", "Not a valid unified social credit code."));
        RuleFor(x => x.UnionId).NotNull().WithMessage(_ => Texts.Pick("请选择工会。", "Choose a union."));
    }
}

public sealed record BuyerMatched(string Uscc, Guid UnionId, int OrdersCredited);

/// <summary>
/// Finance's desk for partner buyers: USCCs partner pushes named that match no union (listed), matched by hand to a
/// union (remembered for later pushes); matching credits the earlier pushes that named it, in the same unit of work.
/// </summary>
public sealed class PartnerBuyers(IReportingStore store, Unions.IUnionStore unions, IUnitOfWork unitOfWork, ICurrentUser user, IValidator<BuyerMatchRequest> validator,
    ILogger<PartnerBuyers> logger)
{
    public async Task<Result<Paged<UnmatchedBuyer>>> UnmatchedAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var bounds = PageBounds.Require(page, pageSize);
        return await store.UnmatchedBuyersAsync(bounds.Page, bounds.PageSize, cancellationToken);
    }

    public async Task<Result<BuyerMatched>> MatchAsync(BuyerMatchRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var uscc = request.Uscc!.Trim().ToUpperInvariant();
        if (await unions.FindAsync(request.UnionId!.Value, cancellationToken) is null)
        {
            return Error.Invalid("unionId", Texts.Pick("没有这个工会。", "No such union."));
        }
        var staged = await store.MatchAsync(uscc, request.UnionId.Value, cancellationToken);
        if (staged.Error is { } refused)
        {
            return refused;
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Partner buyer {Uscc} matched to union {UnionId} by {UserId}: {Orders} earlier orders credited", uscc, request.UnionId, user.UserId,
            staged.Value);
        return new BuyerMatched(uscc, request.UnionId.Value, staged.Value);
    }
}

/// <summary>Queues the rebuild as a background job (Hangfire), answering its id.</summary>
public interface IReportRebuildScheduler
{
    string Enqueue();
}

public sealed record RebuildQueued(string JobId);

/// <summary>The aggregates made again from the orders, refunds and partner orders (an admin's job; after a deploy that added them, or to prove them).</summary>
public sealed class ReportRebuild(IReportingStore store, IReportRebuildScheduler scheduler, ICurrentUser user, ILogger<ReportRebuild> logger)
{
    /// <summary>An admin asks for it: queued, run by the job as the system.</summary>
    public Result<RebuildQueued> Start()
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var id = scheduler.Enqueue();
        logger.LogInformation("Report aggregates rebuild queued by {UserId} as job {JobId}", user.UserId, id);
        return new RebuildQueued(id);
    }

    public async Task<Result<int>> RunAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer, Capability.RunJobs) is { } denied)
        {
            return denied;
        }
        var rows = await store.RebuildAsync(cancellationToken);
        logger.LogInformation("Report aggregates rebuilt: {Rows} rows", rows);
        return rows;
    }
}
