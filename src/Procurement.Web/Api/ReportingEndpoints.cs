using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Reporting;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

/// <summary>
/// The federation's 消费帮扶 report (#23): the report and its 填报 export (a union's accounts for their subtree; admins
/// and finance for any union), the 帮扶 targets, finance's partner-buyer matches and the admin's rebuild of the aggregates.
/// </summary>
public static class ReportingEndpoints
{
    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder app)
    {
        var report = app.MapGroup("/api/v1/union/report").WithTags("Union report").RequireCapability(Capability.ReadUnion, Capability.FinanceRead);
        report.MapGet("/", Report);
        report.MapGet("/export", Export);
        report.MapGet("/counties/{countyCode}/products", CountyProducts);
        var targets = app.MapGroup("/api/v1/union/targets").WithTags("Union report");
        targets.MapGet("/{year:int}", OwnTarget).RequireCapability(Capability.ReadUnion);
        targets.MapPut("/{year:int}", SetOwnTarget).RequireCapability(Capability.Approve);
        var admin = app.MapGroup("/api/v1/admin/unions/{id:guid}/targets").WithTags("Admin: unions").RequireCapability(Capability.Administer);
        admin.MapGet("/{year:int}", Target);
        admin.MapPut("/{year:int}", SetTarget);
        app.MapPost("/api/v1/admin/reports/rebuild", Rebuild).WithTags("Union report").RequireCapability(Capability.Administer);
        var buyers = app.MapGroup("/api/v1/finance/partner-buyers").WithTags("Partners").RequireCapability(Capability.FinanceRead);
        buyers.MapGet("/unmatched", Unmatched);
        buyers.MapPost("/match", Match).RequireCapability(Capability.FinanceWrite);
        // The same export for the report page's download link, which signs in with the browser's cookie.
        app.MapGet("/union/report/export.{format}", PageExport).RequirePageCapability(Capability.ReadUnion, Capability.FinanceRead).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("The 消费帮扶 report of a union and every union below it for a budget year (year, default this Beijing year; unionId: a union in the caller's subtree, any union for Admin and Finance)")]
    public static async Task<Results<Ok<UnionReportView>, ProblemHttpResult>> Report(string? year, string? unionId, UnionReports reports, CancellationToken cancellationToken)
    {
        var query = Query(year, unionId);
        return query.Error is { } bad ? bad.ToProblem() : (await reports.ForYearAsync(query.Value.UnionId, query.Value.Year, cancellationToken)).ToOk();
    }

    /// <summary>
    /// The report's query string, read here rather than bound as <c>int?</c>/<c>Guid?</c>: a value the binder cannot
    /// read ("year=abc", "unionId=1") would answer a 400 naming no field; this names it, as the contract asks.
    /// </summary>
    private static Result<(int? Year, Guid? UnionId)> Query(string? year, string? unionId)
    {
        int? y = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return Error.Invalid("year", Texts.Pick($"年度须为 {UnionReports.MinYear}–{UnionReports.MaxYear} 之间的整数。",
                    $"The year must be a whole number from {UnionReports.MinYear} to {UnionReports.MaxYear}."));
            }
            y = parsed;
        }
        Guid? union = null;
        if (!string.IsNullOrWhiteSpace(unionId))
        {
            if (!Guid.TryParse(unionId, out var parsed))
            {
                return Error.Invalid("unionId", Texts.Pick("工会编号无效。", "Not a valid union id."));
            }
            union = parsed;
        }
        return (y, union);
    }

    [EndpointSummary("The report for 填报 as a file (format=xlsx|csv): one row per union of the subtree with its own figures, then the totals row")]
    public static async Task<IResult> Export(string? year, string? unionId, string? format, UnionReports reports, CancellationToken cancellationToken)
    {
        var query = Query(year, unionId);
        if (query.Error is { } bad)
        {
            return bad.ToProblem();
        }
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await reports.ExportAsync(query.Value.UnionId, query.Value.Year, asked.Value, cancellationToken)).ToFile();
    }

    public static Task<IResult> PageExport(string format, string? year, string? unionId, UnionReports reports, CancellationToken cancellationToken) =>
        Export(year, unionId, format, reports, cancellationToken);

    [EndpointSummary("The products a county's goods were, for the subtree's orders paid in the year (countyCode; '-' for goods of no known county)")]
    public static async Task<Results<Ok<CountyProducts>, ProblemHttpResult>> CountyProducts(
        string countyCode, string? year, string? unionId, UnionReports reports, CancellationToken cancellationToken)
    {
        var query = Query(year, unionId);
        return query.Error is { } bad ? bad.ToProblem() : (await reports.CountyProductsAsync(query.Value.UnionId, query.Value.Year, countyCode, cancellationToken)).ToOk();
    }

    [EndpointSummary("The caller's union's 帮扶 target for a year (default share 0.30, nothing reserved, until one is set)")]
    public static async Task<Results<Ok<TargetView>, ProblemHttpResult>> OwnTarget(int year, UnionTargets targets, CancellationToken cancellationToken)
    {
        return (await targets.OwnAsync(year, cancellationToken)).ToOk();
    }

    [EndpointSummary("The union's approver sets its 帮扶 target for a year { assistanceTargetShare (0–1), reservedAmount (预留份额) }")]
    public static async Task<Results<Ok<TargetView>, ProblemHttpResult>> SetOwnTarget(int year, TargetRequest request, UnionTargets targets, CancellationToken cancellationToken)
    {
        return (await targets.SetOwnAsync(year, request, cancellationToken)).ToOk();
    }

    [EndpointSummary("A union's 帮扶 target for a year (Admin)")]
    public static async Task<Results<Ok<TargetView>, ProblemHttpResult>> Target(Guid id, int year, UnionTargets targets, CancellationToken cancellationToken)
    {
        return (await targets.GetAsync(id, year, cancellationToken)).ToOk();
    }

    [EndpointSummary("Set a union's 帮扶 target for a year (Admin) { assistanceTargetShare, reservedAmount }")]
    public static async Task<Results<Ok<TargetView>, ProblemHttpResult>> SetTarget(Guid id, int year, TargetRequest request, UnionTargets targets, CancellationToken cancellationToken)
    {
        return (await targets.SetAsync(id, year, request, cancellationToken)).ToOk();
    }

    [EndpointSummary("Rebuild the report's daily aggregates from orders, refunds and partner orders (a background job; 202 with its id)")]
    public static Results<Accepted<RebuildQueued>, ProblemHttpResult> Rebuild(ReportRebuild rebuild)
    {
        return rebuild.Start().ToAccepted(_ => "/jobs");
    }

    [EndpointSummary("USCCs partner pushes named that match no union: orders and amount waiting for a match, largest first")]
    public static async Task<Results<Ok<Paged<UnmatchedBuyer>>, ProblemHttpResult>> Unmatched(int? page, int? pageSize, PartnerBuyers buyers, CancellationToken cancellationToken)
    {
        return (await buyers.UnmatchedAsync(page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Match a partner buyer's USCC to a union { uscc, unionId }: its earlier orders count for the union now, later pushes too")]
    public static async Task<Results<Ok<BuyerMatched>, ProblemHttpResult>> Match(BuyerMatchRequest request, PartnerBuyers buyers, CancellationToken cancellationToken)
    {
        return (await buyers.MatchAsync(request, cancellationToken)).ToOk();
    }
}
