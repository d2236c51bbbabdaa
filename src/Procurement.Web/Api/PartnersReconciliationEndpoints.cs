using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>Finance's reconciliation with the partner platforms: statements, runs, items and their resolution, exports.</summary>
public static partial class PartnersEndpoints
{
    /// <summary>The contract's 60 MB statement, plus the multipart form's own few KB.</summary>
    public const long MaxStatementRequestBytes = StatementFormats.MaxBytes + 64 * 1024;

    private static IEndpointRouteBuilder MapReconciliation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/finance/reconciliation").WithTags("Reconciliation").RequireCapability(Capability.FinanceRead);
        group.MapPost("/statements", Upload).RequireCapability(Capability.FinanceWrite).DisableAntiforgery().AcceptsBodiesUpTo(MaxStatementRequestBytes);
        group.MapGet("/statements", Statements);
        group.MapPost("/runs", Start).RequireCapability(Capability.FinanceWrite);
        group.MapGet("/runs", Runs);
        group.MapGet("/runs/{id:long}", Run);
        group.MapGet("/runs/{id:long}/items", Items);
        group.MapGet("/runs/{id:long}/carried", Carried);
        group.MapGet("/runs/{id:long}/export", Export);
        group.MapPost("/items/{itemId:long}/resolution", Resolve).RequireCapability(Capability.FinanceWrite);
        group.MapGet("/days", Days);
        // The same export for the run page's download links, which sign in with the browser's cookie; read by people,
        // it writes categories, states and resolutions in their language (the API keeps the codes).
        app.MapGet("/finance/reconciliation/runs/{id:long}.{format}", (long id, string? format, ReconciliationReview review, CancellationToken cancellationToken) =>
                ExportFor(id, format, review, SheetLabels.Reader, cancellationToken))
            .RequirePageCapability(Capability.FinanceRead).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("Finance uploads a partner's statement of a date: multipart partnerCode, date (YYYY-MM-DD), file (P832 CSV, GSXF XLSX, JSGH JSON)")]
    [EndpointDescription("201 `{ statementId, rows }`; the same file again answers 200 with the first statement (SHA-256 of the content). UTF-8 with or without BOM, or GB18030. A malformed file is refused whole, every bad row named as `row N: column` (200 listed, the rest counted), nothing stored. Over 60 MB: 413.")]
    public static async Task<Results<Created<StatementStored>, Ok<StatementStored>, ProblemHttpResult>> Upload(
        [FromForm] string? partnerCode, [FromForm] string? date, IFormFile? file, StatementUploads uploads, CancellationToken cancellationToken)
    {
        await using var stream = file?.OpenReadStream();
        var result = await uploads.UploadAsync(new StatementUpload(partnerCode, date, stream, file?.FileName), cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        return result.Value!.Created
            ? TypedResults.Created($"/api/v1/finance/reconciliation/statements?partnerCode={partnerCode}", result.Value)
            : TypedResults.Ok(result.Value);
    }

    [EndpointSummary("Stored statements (finance and admins), newest date first: partnerCode, from, to (default the last 30 days)")]
    public static async Task<Results<Ok<IReadOnlyList<StatementView>>, ProblemHttpResult>> Statements(
        string? partnerCode, DateOnly? from, DateOnly? to, StatementUploads uploads, CancellationToken cancellationToken)
    {
        return (await uploads.ListAsync(partnerCode, from, to, cancellationToken)).ToOk();
    }

    [EndpointSummary("Finance starts a reconciliation of a partner's business date `{ partnerCode, date }`: 202 `{ runId }`, run by a Hangfire job")]
    public static async Task<Results<Accepted<RunStarted>, ProblemHttpResult>> Start(StartRun request, ReconciliationReview review, CancellationToken cancellationToken)
    {
        var result = await review.StartAsync(request, cancellationToken);
        return result.ToAccepted(started => $"/api/v1/finance/reconciliation/runs/{started.RunId}");
    }

    [EndpointSummary("Runs (finance and admins), newest date first: partnerCode, from, to (default the last 30 days)")]
    public static async Task<Results<Ok<IReadOnlyList<RunView>>, ProblemHttpResult>> Runs(
        string? partnerCode, DateOnly? from, DateOnly? to, ReconciliationReview review, CancellationToken cancellationToken)
    {
        return (await review.ListAsync(partnerCode, from, to, cancellationToken)).ToOk();
    }

    [EndpointSummary("A run: status, error, summary by category, totals (net and gross), and its progress while it runs")]
    public static async Task<Results<Ok<RunView>, ProblemHttpResult>> Run(long id, ReconciliationReview review, CancellationToken cancellationToken)
    {
        return (await review.GetAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("A run's items: category (matched, amountMismatch, statusMismatch, missingLocal, missingRemote, duplicate, or differences for all but matched), q (either order number), page")]
    public static async Task<Results<Ok<Paged<ItemView>>, ProblemHttpResult>> Items(
        long id, string? category, string? q, int? page, int? pageSize, ReconciliationReview review, CancellationToken cancellationToken)
    {
        return (await review.ItemsAsync(id, category, q, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Open differences of the partner's earlier dates, carried into this run's view until resolved")]
    public static async Task<Results<Ok<Paged<ItemView>>, ProblemHttpResult>> Carried(
        long id, string? category, string? q, int? page, int? pageSize, ReconciliationReview review, CancellationToken cancellationToken)
    {
        return (await review.CarriedAsync(id, category, q, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Finance resolves a difference `{ resolution: Accepted|Adjusted|Ignored, note }`; who and when are kept")]
    public static async Task<Results<Ok<ItemView>, ProblemHttpResult>> Resolve(long itemId, ResolveItem request, ReconciliationReview review, CancellationToken cancellationToken)
    {
        return (await review.ResolveAsync(itemId, request, cancellationToken)).ToOk();
    }

    [EndpointSummary("The current results per day (differences, still open, gross difference), for the 30-day chart")]
    public static async Task<Results<Ok<IReadOnlyList<DayDifferences>>, ProblemHttpResult>> Days(
        string? partnerCode, DateOnly? from, DateOnly? to, ReconciliationReview review, CancellationToken cancellationToken)
    {
        return (await review.DaysAsync(partnerCode, from, to, cancellationToken)).ToOk();
    }

    [EndpointSummary("A run's items as a file (format=csv|xlsx), streamed; the contract's header, CSV in UTF-8 with BOM, amounts as numbers")]
    public static Task<IResult> Export(long id, string? format, ReconciliationReview review, CancellationToken cancellationToken) =>
        ExportFor(id, format, review, SheetLabels.Contract, cancellationToken);

    private static async Task<IResult> ExportFor(long id, string? format, ReconciliationReview review, SheetLabels labels, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await review.ExportAsync(id, asked.Value, cancellationToken, labels)).ToFile();
    }
}
