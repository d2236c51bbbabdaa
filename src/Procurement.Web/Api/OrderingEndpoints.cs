using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

public sealed record RecipientsResponse(int Recipients, int Packages);

public sealed record RecipientResponse(int Row, string Name, string Mobile, string ProvinceCode, string CityCode, string DistrictCode, string Region,
    string Address, int Packages)
{
    public static RecipientResponse From(Recipient r) =>
        new(r.Row, r.Name, r.Mobile, r.ProvinceCode, r.CityCode, r.DistrictCode, r.RegionLabel, r.Address, r.Packages);
}

public sealed record ReasonRequest(string? Reason);

/// <summary>
/// Union welfare orders (Purchaser, Approver). Who may do what is decided by the use cases, which the pages share;
/// the union filter makes another union's order a 404.
/// </summary>
public static class OrderingEndpoints
{
    /// <summary>20,000 recipients fit in a few MB; the limit leaves room for wide XLSX files.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOrdering(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/orders").WithTags("Orders");
        group.MapPost("/", Create).RequireCapability(Capability.Purchase);
        group.MapGet("/", List).RequireCapability(Capability.ListOrders);
        group.MapGet("/budget", Budget).RequireCapability(Capability.ReadUnion);
        group.MapGet("/recipients-template", Template).RequireCapability(Capability.Purchase);
        group.MapGet("/{id:guid}", Get).RequireCapability(Capability.ReadOrder);
        group.MapPut("/{id:guid}/recipients", PutRecipients).RequireCapability(Capability.Purchase).DisableAntiforgery().AcceptsBodiesUpTo(MaxFileBytes);
        group.MapPost("/{id:guid}/recipients/preview", PreviewRecipients).RequireCapability(Capability.Purchase).DisableAntiforgery().AcceptsBodiesUpTo(MaxFileBytes);
        group.MapGet("/{id:guid}/recipients", Recipients).RequireCapability(Capability.ReadOrder);
        group.MapGet("/{id:guid}/export", Export).RequireCapability(Capability.ReadOrder);
        group.MapPost("/{id:guid}/submit", Submit).RequireCapability(Capability.Purchase);
        group.MapPost("/{id:guid}/approve", Approve).RequireCapability(Capability.Approve);
        group.MapPost("/{id:guid}/reject", Reject).RequireCapability(Capability.Approve);
        group.MapPost("/{id:guid}/cancel", Cancel).RequireCapability(Capability.Purchase);
        group.MapPost("/{id:guid}/reorder", Reorder).RequireCapability(Capability.Purchase);
        group.MapPut("/{id:guid}/lines", ReviseLines).RequireCapability(Capability.Purchase);
        group.MapGet("/{id:guid}/decision-facts", GetDecisionFacts).RequireCapability(Capability.Approve);
        app.MapGet("/api/v1/union/dashboard", Dashboard).WithTags("Orders").RequireCapability(Capability.ReadUnion);
        var list = app.MapGroup("/api/v1/purchase-list").WithTags("Orders").RequireCapability(Capability.Purchase);
        list.MapGet("/", PurchaseList);
        list.MapPost("/items", AddToList);
        list.MapPut("/items/{skuId:guid}", SetPerPackage);
        list.MapDelete("/items/{skuId:guid}", RemoveFromList);
        list.MapPost("/stock-check", StockCheck);
        // The same template and export for the portal's download links, which sign in with the browser's cookie.
        app.MapGet("/orders/recipients-template.{format}", Template)
            .RequirePageCapability(Capability.Purchase).ExcludeFromDescription();
        app.MapGet("/orders/{id:guid}/export.xlsx", Export)
            .RequirePageCapability(Capability.ReadOrder).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("Create a draft order from SKUs and quantities; idempotent per user and Idempotency-Key")]
    [EndpointDescription("`Idempotency-Key` is required (at most 64 characters). The same key with the same body answers 200 with the order it made; with another body, 422 `idempotency-key-reused`. Unit prices follow the SKU's tier prices at the ordered quantity; quantities below the minimum order quantity are refused.")]
    public static async Task<Results<Created<OrderDetails>, Ok<OrderDetails>, ProblemHttpResult>> Create(
        OrderRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, OrderDrafting drafting, CancellationToken cancellationToken)
    {
        var result = await drafting.CreateAsync(request, idempotencyKey, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        var outcome = result.Value!;
        return outcome.Replayed ? TypedResults.Ok(outcome.Order) : TypedResults.Created($"/api/v1/orders/{outcome.Order.Id}", outcome.Order);
    }

    [EndpointSummary("The caller's union's orders, newest first, filtered by status, occasion, creation date (Beijing) and number")]
    public static async Task<Results<Ok<Paged<OrderSummary>>, ProblemHttpResult>> List(
        string? status, string? occasion, DateOnly? from, DateOnly? to, string? q, int? page, int? pageSize, IValidator<ListQuery> listValidator,
        OrderQueries queries, CancellationToken cancellationToken)
    {
        // Search text and paging follow every list's rules; the order filters are checked beside them.
        var fields = (await listValidator.ValidateAsync(new ListQuery(q, page ?? 1, pageSize ?? 20), cancellationToken)).ToFieldErrors();
        OrderStatus? wantedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<OrderStatus>(status, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !status.Any(char.IsDigit))
            {
                wantedStatus = parsed;
            }
            else
            {
                fields["status"] = [Texts.Pick("未知的订单状态。", "Unknown order status.")];
            }
        }
        Occasion? wantedOccasion = null;
        if (!string.IsNullOrWhiteSpace(occasion))
        {
            if (Occasions.TryParse(occasion, out var parsed))
            {
                wantedOccasion = parsed;
            }
            else
            {
                fields["occasion"] = [Texts.Pick("未知的节日。", "Unknown occasion.")];
            }
        }
        if (from is { } f && to is { } t && t < f)
        {
            fields["to"] = [Texts.Pick("结束日期不能早于开始日期。", "The end date cannot be before the start date.")];
        }
        if (fields.Count > 0)
        {
            return Error.Invalid(fields).ToProblem();
        }
        return (await queries.ListAsync(new OrderListQuery(wantedStatus, wantedOccasion, from, to, q, page ?? 1, pageSize ?? 20), cancellationToken)).ToOk();
    }

    [EndpointSummary("The caller's union's welfare budget for a year (default: this Beijing year): budget, committed by orders, remaining")]
    public static async Task<Results<Ok<BudgetPosition>, ProblemHttpResult>> Budget(int? year, OrderQueries queries, CancellationToken cancellationToken)
    {
        return (await queries.BudgetAsync(year, cancellationToken)).ToOk();
    }

    [EndpointSummary("One order of the caller's union, with lines and timeline; another union's answers 404")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Get(Guid id, OrderQueries queries, CancellationToken cancellationToken) =>
        (await queries.GetAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("Replace a draft's recipients from a CSV or XLSX file (姓名,手机号,省,市,区县,详细地址,份数); all or nothing")]
    [EndpointDescription("Multipart form with one `file`: CSV in UTF-8 (BOM optional) or GB18030, or the first sheet of an XLSX, at most 20,000 rows. Provinces, cities and districts are GB/T 2260 names (short forms such as 江苏, 南京 accepted). The order's lines must divide evenly by the packages the recipients take. Every bad row is reported in `errors` as `row N: column`, and nothing is stored.")]
    public static async Task<Results<Ok<RecipientsResponse>, ProblemHttpResult>> PutRecipients(
        Guid id, IFormFile? file, RecipientsImport import, CancellationToken cancellationToken)
    {
        return (await ReadAsync(file, stream => import.ReplaceAsync(id, stream, cancellationToken))).ToOk(imported => new RecipientsResponse(imported.Recipients, imported.Packages));
    }

    [EndpointSummary("Check a recipients file against a draft without saving: recipients, packages, package value and contents, per-province counts")]
    public static async Task<Results<Ok<RecipientsSummary>, ProblemHttpResult>> PreviewRecipients(
        Guid id, IFormFile? file, RecipientsImport import, CancellationToken cancellationToken)
    {
        return (await ReadAsync(file, stream => import.PreviewAsync(id, stream, cancellationToken))).ToOk();
    }

    /// <summary>The uploaded sheet handed to the import, or the file named as missing or empty.</summary>
    private static async Task<Result<RecipientsSummary>> ReadAsync(IFormFile? file, Func<Stream, Task<Result<RecipientsSummary>>> import)
    {
        if (Uploads.Refusal(file) is { } refused)
        {
            return refused;
        }
        await using var stream = file!.OpenReadStream();
        return await import(stream);
    }

    [EndpointSummary("An order's recipients in sheet order, searchable by name, mobile or address (skip/take, take ≤ 500)")]
    public static async Task<Results<Ok<Paged<RecipientResponse>>, ProblemHttpResult>> Recipients(
        Guid id, string? q, int? skip, int? take, OrderQueries queries, CancellationToken cancellationToken)
    {
        var result = await queries.RecipientsAsync(id, q, skip ?? 0, take ?? 50, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        var page = result.Value!;
        return TypedResults.Ok(new Paged<RecipientResponse>(page.Total, page.Page, page.PageSize, page.Items.Select(RecipientResponse.From).ToList()));
    }

    [EndpointSummary("The recipients template (format=csv|xlsx)")]
    public static IResult Template(string? format, OrderQueries queries)
    {
        var asked = Downloads.Format(format, SheetFormat.Csv);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : queries.RecipientsTemplate(asked.Value).ToFile();
    }

    [EndpointSummary("An order's recipients and package contents as XLSX, for shipping")]
    public static async Task<IResult> Export(Guid id, OrderQueries queries, CancellationToken cancellationToken) =>
        (await queries.ExportAsync(id, cancellationToken)).ToFile();

    [EndpointSummary("Submit a draft: checks members' caps and the budget and reserves stock in one transaction (→ PendingApproval, or Approved below the threshold)")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Submit(Guid id, OrderWorkflow workflow, CancellationToken cancellationToken) =>
        (await workflow.SubmitAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("Approve a pending order (an Approver of the union who did not create it)")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Approve(Guid id, OrderWorkflow workflow, CancellationToken cancellationToken) =>
        (await workflow.ApproveAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("Reject a pending order with a reason; its stock, budget and caps are released")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Reject(Guid id, ReasonRequest? request, OrderWorkflow workflow, CancellationToken cancellationToken) =>
        (await workflow.RejectAsync(id, request?.Reason, cancellationToken)).ToOk();

    [EndpointSummary("Cancel a draft, pending or approved (unpaid) order; what it reserved is released")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Cancel(Guid id, ReasonRequest? request, OrderWorkflow workflow, CancellationToken cancellationToken) =>
        (await workflow.CancelAsync(id, request?.Reason, cancellationToken)).ToOk();

    [EndpointSummary("A new draft with an earlier order's SKUs and quantities, priced as they are published now; with `recipients: true`, its recipients too")]
    public static async Task<Results<Created<OrderDetails>, ProblemHttpResult>> Reorder(Guid id, ReorderRequest? request, OrderDrafting drafting, CancellationToken cancellationToken)
    {
        var result = await drafting.ReorderAsync(id, request, cancellationToken);
        return result.ToCreated(order => $"/api/v1/orders/{order.Id}");
    }

    [EndpointSummary("Change a draft's (or a rejected order's) lines and note; the recipients stay when the new quantities still divide by their packages")]
    [EndpointDescription("The body is `{ note, lines: [{ skuId, quantity }], dropRecipients }`, checked by the create's rules and priced as published now. When a quantity no longer divides by the packages the recipients take, 400 names the lines and carries `recipientsWouldBeDropped`; send `dropRecipients: true` to save anyway and upload recipients again. A rejected order stays Rejected (its reason in view) until it is resubmitted with `POST …/submit`.")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> ReviseLines(
        Guid id, OrderRevisionRequest request, OrderDrafting drafting, CancellationToken cancellationToken) =>
        (await drafting.ReviseAsync(id, request, cancellationToken)).ToOk();

    [EndpointSummary("What an approver weighs: the budget before and after the order, members near the cap, the 帮扶 share, the note, members in other pending orders")]
    public static async Task<Results<Ok<DecisionFactsView>, ProblemHttpResult>> GetDecisionFacts(Guid id, DecisionFacts facts, CancellationToken cancellationToken) =>
        (await facts.ForOrderAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("The caller's union's year: budget used and remaining, spend by occasion and origin city, certified share against its target, members near their cap")]
    public static async Task<Results<Ok<UnionDashboardView>, ProblemHttpResult>> Dashboard(int? year, UnionDashboard dashboard, CancellationToken cancellationToken)
    {
        return (await dashboard.ForYearAsync(year, cancellationToken)).ToOk();
    }

    [EndpointSummary("The caller's purchase list: SKUs as published now, with how many each package holds")]
    public static async Task<Results<Ok<IReadOnlyList<PurchaseListLine>>, ProblemHttpResult>> PurchaseList(PurchaseLists lists, CancellationToken cancellationToken)
    {
        return (await lists.LinesAsync(cancellationToken)).ToOk();
    }

    [EndpointSummary("Add a published SKU to the purchase list (or raise how many each package holds)")]
    public static async Task<Results<Ok<IReadOnlyList<PurchaseListLine>>, ProblemHttpResult>> AddToList(
        PurchaseListItemRequest request, PurchaseLists lists, CancellationToken cancellationToken)
    {
        return await lists.AddAsync(request, cancellationToken) is { } error ? error.ToProblem() : await PurchaseList(lists, cancellationToken);
    }

    [EndpointSummary("Set how many of a SKU each package holds; 0 removes it")]
    public static async Task<Results<Ok<IReadOnlyList<PurchaseListLine>>, ProblemHttpResult>> SetPerPackage(
        Guid skuId, PerPackageRequest request, PurchaseLists lists, CancellationToken cancellationToken)
    {
        return await lists.SetPerPackageAsync(skuId, request, cancellationToken) is { } error ? error.ToProblem() : await PurchaseList(lists, cancellationToken);
    }

    [EndpointSummary("Take a SKU off the purchase list")]
    public static async Task<Results<Ok<IReadOnlyList<PurchaseListLine>>, ProblemHttpResult>> RemoveFromList(Guid skuId, PurchaseLists lists, CancellationToken cancellationToken) =>
        await lists.RemoveAsync(skuId, cancellationToken) is { } error ? error.ToProblem() : await PurchaseList(lists, cancellationToken);

    [EndpointSummary("Check a package against available stock for a package count: every short line at once, the largest count that fits, in-stock alternatives, and the parcels it becomes")]
    [EndpointDescription("Body `{ packages, lines?: [{ skuId, perPackage }] }`; without `lines`, the caller's purchase list is checked. A line is short when per package × packages exceeds what is available (stock − reserved) or its product is no longer published. Alternatives are published SKUs of the same category priced within ±30 % of the short SKU with enough available for the whole order, not already in the package. `parcels` is packages × suppliers (one parcel per supplier per recipient). Nothing is reserved: submit reserves.")]
    public static async Task<Results<Ok<StockCheckResult>, ProblemHttpResult>> StockCheck(StockCheckRequest request, StockCheck check, CancellationToken cancellationToken)
    {
        return (await check.CheckAsync(request, cancellationToken)).ToOk();
    }
}
