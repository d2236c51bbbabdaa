using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>Orders pushed by partner platforms (signed, no user: the system identity once the signature holds), and finance's list of them.</summary>
public static partial class PartnersEndpoints
{
    /// <summary>
    /// A pushed order is a few KB; 1 MB leaves room for 200 lines without inviting abuse. The handlers read no more
    /// than this themselves, whatever server they run behind (<see cref="ReadAsync"/>).
    /// </summary>
    public const long MaxPushBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapPartners(this IEndpointRouteBuilder app)
    {
        var partners = app.MapGroup("/api/v1/partners/{code}").WithTags("Partners").AllowAnonymous();
        partners.MapPost("/orders", Push).AcceptsBodiesUpTo(MaxPushBytes);
        partners.MapPost("/orders/{partnerOrderNo}/refunds", Refund).AcceptsBodiesUpTo(MaxPushBytes);
        app.MapGet("/api/v1/finance/partner-orders", List).WithTags("Partners").RequireCapability(Capability.FinanceRead);
        app.MapReconciliation();
        return app;
    }

    [EndpointSummary("A partner platform pushes an order it sold (P832, JSGH, GSXF), signed with X-Partner-Timestamp and X-Partner-Signature")]
    [EndpointDescription("`X-Partner-Signature` = lowercase hex HMAC-SHA256(`Partners:{code}:Secret`, timestamp + \".\" + raw body); the timestamp (Unix seconds) within 300 s either way. 201 `{ orderId, number }` for a new order; the same `partnerOrderNo` again answers 200 with the same order, and a changed body is kept as a revision. The order takes stock like any sale; a SKU short of stock is taken to what is there and its supplier told it is oversold. Unknown partner 404; bad, stale or missing signature 401.")]
    public static async Task<Results<Created<PartnerPushed>, Ok<PartnerPushed>, ProblemHttpResult>> Push(
        string code, HttpRequest request, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var (body, timestamp, signature) = await ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return TooLarge().ToProblem();
        }
        await using var scope = Infrastructure.Users.SystemScopes.CreateSystemScope(scopes);
        var result = await scope.ServiceProvider.GetRequiredService<PartnerOrderDesk>().PushAsync(code, body, timestamp, signature, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        return result.Value!.Created
            ? TypedResults.Created($"/api/v1/finance/partner-orders?q={result.Value.Number}", result.Value)
            : TypedResults.Ok(result.Value);
    }

    [EndpointSummary("A partner platform reports a refund of one of its orders `{ amount, refundedAt }`, signed like a push; the same refund again changes nothing")]
    public static async Task<Results<Ok<PartnerPushed>, ProblemHttpResult>> Refund(
        string code, string partnerOrderNo, HttpRequest request, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var (body, timestamp, signature) = await ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return TooLarge().ToProblem();
        }
        await using var scope = Infrastructure.Users.SystemScopes.CreateSystemScope(scopes);
        return (await scope.ServiceProvider.GetRequiredService<PartnerOrderDesk>().RefundAsync(code, partnerOrderNo, body, timestamp, signature, cancellationToken)).ToOk();
    }

    [EndpointSummary("Partner orders (Finance): partnerCode=P832|JSGH|GSXF, q (either order number or the buyer), newest first")]
    public static async Task<Results<Ok<Paged<PartnerOrderView>>, ProblemHttpResult>> List(
        string? partnerCode, string? q, int? page, int? pageSize, PartnerOrderQueries queries, CancellationToken cancellationToken)
    {
        return (await queries.ListAsync(partnerCode, q, page ?? 1, pageSize ?? 20, cancellationToken)).ToOk();
    }

    /// <summary>
    /// The raw body, byte for byte, as it was signed, and the two signature headers; a null body when it is over
    /// <see cref="MaxPushBytes"/>: a declared length over it is refused before a byte is read, and a chunked body is read
    /// to one byte past it, never further.
    /// </summary>
    private static async Task<(byte[]? Body, string? Timestamp, string? Signature)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (timestamp, signature) = (request.Headers["X-Partner-Timestamp"].FirstOrDefault(), request.Headers["X-Partner-Signature"].FirstOrDefault());
        if (request.ContentLength > MaxPushBytes)
        {
            return (null, timestamp, signature);
        }
        return (await BoundedRead.ReadAsync(request.Body, MaxPushBytes, cancellationToken), timestamp, signature);
    }

    private static Error TooLarge() => new(ErrorKind.TooLarge, Texts.Pick($"请求体超过 {MaxPushBytes / 1024 / 1024} MB。", $"The body is over {MaxPushBytes / 1024 / 1024} MB."));
}
