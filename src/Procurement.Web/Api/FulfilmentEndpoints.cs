using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>Sending paid orders: suppliers' parcels, packing lists and tracking imports; purchasers' progress, delivery and completion.</summary>
public static class FulfilmentEndpoints
{
    public static IEndpointRouteBuilder MapFulfilment(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders/{id:guid}").WithTags("Fulfilment");
        orders.MapGet("/shipments", ForOrder).RequireCapability(Capability.ReadOrder);
        orders.MapGet("/fulfilment", Progress).RequireCapability(Capability.ReadOrder);
        orders.MapPost("/shipments/{shipmentId:long}/delivery", ConfirmDelivered).RequireCapability(Capability.Purchase);
        orders.MapPost("/complete", Complete).RequireCapability(Capability.Purchase);
        orders.MapPost("/after-sales", Report).RequireCapability(Capability.Purchase);
        orders.MapGet("/after-sales", OrderCases).RequireCapability(Capability.ReadOrder);
        var cases = app.MapGroup("/api/v1/supplier/after-sales").WithTags("Fulfilment").RequireCapability(Capability.Supply);
        cases.MapGet("/", SupplierCases);
        cases.MapPost("/{caseId:guid}/resend", Resend);
        cases.MapPost("/{caseId:guid}/refund", RefundCase);
        var supplier = app.MapGroup("/api/v1/supplier/shipments").WithTags("Fulfilment").RequireCapability(Capability.Supply);
        supplier.MapGet("/", ForSupplier);
        supplier.MapGet("/packing-list", PackingList);
        supplier.MapPost("/tracking", ImportTracking).DisableAntiforgery().AcceptsBodiesUpTo(StockImportEndpoints.MaxFileBytes);
        // The same packing list for the portal's download link, which signs in with the browser's cookie; read by
        // people, it names its columns and states in their language (the import takes either header back).
        app.MapGet("/supplier/shipments/packing-list.{format}", (string? format, string? status, Guid? orderId, SupplierParcels parcels) =>
                PackingListFor(format, status, orderId, parcels, SheetLabels.Reader))
            .RequirePageCapability(Capability.Supply).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("An order's parcels, per recipient and supplier; q searches the member's name or mobile, the shipment or tracking number")]
    public static async Task<Results<Ok<Paged<ShipmentView>>, ProblemHttpResult>> ForOrder(
        Guid id, string? status, string? q, int? page, int? pageSize, OrderParcels parcels, CancellationToken cancellationToken)
    {
        return (await parcels.ListAsync(id, new ShipmentQuery(Status: status, Q: q, Page: page ?? 1, PageSize: pageSize ?? 20), cancellationToken)).ToOk();
    }

    [EndpointSummary("An order's delivery progress per supplier: parcels pending, shipped, delivered and cancelled")]
    public static async Task<Results<Ok<FulfilmentProgress>, ProblemHttpResult>> Progress(Guid id, OrderParcels parcels, CancellationToken cancellationToken)
    {
        return (await parcels.ProgressAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Confirm a shipped parcel was received (Purchaser); the last one moves the order to Delivered")]
    public static async Task<Results<Ok<ShipmentView>, ProblemHttpResult>> ConfirmDelivered(Guid id, long shipmentId, DeliveryConfirmation confirmation, CancellationToken cancellationToken)
    {
        return (await confirmation.ConfirmAsync(id, shipmentId, cancellationToken)).ToOk();
    }

    [EndpointSummary("Confirm a delivered order complete (Purchaser): Delivered → Completed (otherwise done by a daily job Fulfilment:CompleteAfterDays after delivery)")]
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> Complete(Guid id, OrderWorkflow workflow, CancellationToken cancellationToken)
    {
        return (await workflow.CompleteAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Report a recipient's package(s) in a sent or delivered parcel as Damaged or Lost (Purchaser): an after-sales case for its supplier")]
    [EndpointDescription("Body `{ shipmentId, kind: Damaged|Lost, packages?: 1, description }`. A parcel has at most one open case; the packages cannot exceed the parcel's less those already refunded. `value` is that supplier's lines of one package × packages.")]
    public static async Task<Results<Created<AfterSalesView>, ProblemHttpResult>> Report(Guid id, AfterSalesRequest request, AfterSalesReport report, CancellationToken cancellationToken)
    {
        var result = await report.ReportAsync(id, request, cancellationToken);
        return result.ToCreated(_ => $"/api/v1/orders/{id}/after-sales");
    }

    [EndpointSummary("An order's after-sales cases with their timelines")]
    public static async Task<Results<Ok<IReadOnlyList<AfterSalesView>>, ProblemHttpResult>> OrderCases(Guid id, OrderParcels parcels, CancellationToken cancellationToken)
    {
        return (await parcels.CasesAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("The supplier's after-sales cases (status=Open|Resent|Refunded), open first")]
    public static async Task<Results<Ok<Paged<AfterSalesView>>, ProblemHttpResult>> SupplierCases(
        string? status, int? page, int? pageSize, AfterSalesResolution resolution, CancellationToken cancellationToken)
    {
        return (await resolution.ListAsync(status, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    [EndpointSummary("Settle a case by sending the package(s) again (Supplier): a new parcel to the same member, sent by the tracking import like any other")]
    public static async Task<Results<Ok<AfterSalesView>, ProblemHttpResult>> Resend(Guid caseId, AfterSalesDecision? decision, AfterSalesResolution resolution, CancellationToken cancellationToken)
    {
        return (await resolution.ResendAsync(caseId, decision ?? new AfterSalesDecision(null), cancellationToken)).ToOk();
    }

    [EndpointSummary("Settle a case by refunding the package(s)' value (Supplier): budget and the member's cap get it back; Stripe partial refund or a bank refund finance records")]
    public static async Task<Results<Ok<AfterSalesView>, ProblemHttpResult>> RefundCase(Guid caseId, AfterSalesDecision? decision, AfterSalesResolution resolution, CancellationToken cancellationToken)
    {
        return (await resolution.RefundAsync(caseId, decision ?? new AfterSalesDecision(null), cancellationToken)).ToOk();
    }

    [EndpointSummary("The supplier's parcels to send and sent (status=Pending|Shipped|Delivered|Cancelled, orderId, q)")]
    public static async Task<Results<Ok<Paged<ShipmentView>>, ProblemHttpResult>> ForSupplier(
        string? status, Guid? orderId, string? q, int? page, int? pageSize, SupplierParcels parcels, CancellationToken cancellationToken)
    {
        return (await parcels.ListAsync(new ShipmentQuery(orderId, status, q, page ?? 1, pageSize ?? 20), cancellationToken)).ToOk();
    }

    [EndpointSummary("The supplier's packing list (format=xlsx|csv; by default the parcels still to send): fill in carrier and tracking_no and import it back")]
    public static IResult PackingList(string? format, string? status, Guid? orderId, SupplierParcels parcels) =>
        PackingListFor(format, status, orderId, parcels, SheetLabels.Contract);

    private static IResult PackingListFor(string? format, string? status, Guid? orderId, SupplierParcels parcels, SheetLabels labels)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : parcels.PackingList(new ShipmentQuery(orderId, status), asked.Value, labels).ToFile();
    }

    [EndpointSummary("Import tracking numbers: shipment_id,carrier,tracking_no[,delivered_at] (CSV or XLSX); all or nothing")]
    [EndpointDescription("Multipart form with one `file`. CSV in UTF-8 (BOM optional) or GB18030, or the first sheet of an XLSX; at most 20,000 rows. `delivered_at` (Beijing time, `yyyy-MM-dd[ HH:mm]`) marks the parcel delivered. A row naming a parcel that is not the caller's, cancelled or already delivered is refused; every bad row is reported as `row N: column` and nothing is written. The first parcel sent moves its order to Shipping; the last delivered, to Delivered.")]
    public static async Task<Results<Ok<TrackingImportResult>, ProblemHttpResult>> ImportTracking(IFormFile? file, TrackingImport import, CancellationToken cancellationToken)
    {
        if (Uploads.Missing(file) is { } missing)
        {
            return missing;
        }
        await using var stream = file!.OpenReadStream();
        return (await import.ImportAsync(stream, cancellationToken)).ToOk();
    }
}
