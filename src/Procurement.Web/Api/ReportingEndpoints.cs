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
    public static async Task<Results<Ok<UnionReportView>, ProblemHttpResult>> Report(int? year, Guid? unionId, UnionReports reports, CancellationToken cancellationToken)
    {
        return (await reports.ForYearAsync(unionId, year, cancellationToken)).ToOk();
    }

    [EndpointSummary("The report for 填报 as a file (format=xlsx|csv): one row per union of the subtree with its own figures, then the totals row")]
    public static async Task<IResult> Export(int? year, Guid? unionId, string? format, UnionReports reports, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await reports.ExportAsync(unionId, year, asked.Value, cancellationToken)).ToFile();
    }

    public static Task<IResult> PageExport(string format, int? year, Guid? unionId, UnionReports reports, CancellationToken cancellationToken) =>
        Export(year, unionId, format, reports, cancellationToken);

    [EndpointSummary("The products a county's goods were, for the subtree's orders paid in the year (countyCode; '-' for goods of no known county)")]
    public static async Task<Results<Ok<CountyProducts>, ProblemHttpResult>> CountyProducts(
        string countyCode, int? year, Guid? unionId, UnionReports reports, CancellationToken cancellationToken)
    {
        return (await reports.CountyProductsAsync(unionId, year, countyCode, cancellationToken)).ToOk();
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
