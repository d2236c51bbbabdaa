using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Gifts;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

public sealed record GiftRemindResponse(int Reminded);

/// <summary>
/// Member choice (issue #24). The member's gift page is anonymous (the code is the key) and rate-limited per client;
/// an unknown code answers 404 by the same query as a known one. The purchaser's side reads the order's codes,
/// progress and messages through the union filter (another union's order: 404).
/// </summary>
public static class GiftEndpoints
{
    public static IEndpointRouteBuilder MapGifts(this IEndpointRouteBuilder app)
    {
        // Rate-limited per client by UseGiftLimit, one count with the gift page (not by a policy of its own).
        var member = app.MapGroup("/api/v1/gift").WithTags("Gifts").AllowAnonymous().DisableAntiforgery();
        member.MapGet("/{code}", View);
        member.MapPost("/{code}/choice", Choose);
        member.MapPost("/{code}/receipt", ConfirmReceipt);
        member.MapPost("/{code}/problems", ReportProblem);

        var orders = app.MapGroup("/api/v1/orders/{id:guid}").WithTags("Gifts");
        orders.MapGet("/gift-codes", Codes).RequireCapability(Capability.ReadOrder);
        orders.MapGet("/gift-progress", Progress).RequireCapability(Capability.ReadOrder);
        orders.MapGet("/gift-messages", Messages).RequireCapability(Capability.ReadOrder);
        orders.MapPost("/gift-reminders", Remind).RequireCapability(Capability.Purchase);
        // The codes sheet for the order page's link, which signs in with the browser's cookie.
        app.MapGet("/orders/{id:guid}/gift-codes.{format}", Codes).RequirePageCapability(Capability.ReadOrder).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Every way to look a code up counts against one limit per client: the API (<c>/api/v1/gift/*</c>, any method)
    /// and the gift page (<c>/gift/{code}</c>, any method). Attack review (#24): the page had a limiter of its own
    /// beside the API's policy (twice the allowance), and counted only GET, while HEAD renders the page — and looks
    /// the code up — just the same. Placed after the forwarded headers. The page's lookups inside a circuit count against
    /// the same allowance (<see cref="Components.Gifts.GiftPageLookups"/>).
    /// </summary>
    public static WebApplication UseGiftPageLimit(this WebApplication app)
    {
        var limiter = app.Services.GetRequiredService<Components.Gifts.GiftLookupLimit>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/gift") || context.Request.Path.StartsWithSegments("/api/v1/gift"), page => page.Use(async (context, next) =>
        {
            using var lease = limiter.Acquire(SecuritySetup.ClientIp(context));
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                await SecuritySetup.TooManyRequests(context, retryAfter).ExecuteAsync(context);
                return;
            }
            await next(context);
        }));
        return app;
    }

    [EndpointSummary("The member's gift: the union, occasion, deadline, options with their contents, the choice and where it goes (anonymous)")]
    public static async Task<Results<Ok<GiftView>, ProblemHttpResult>> View(string code, MemberGifts gifts, CancellationToken cancellationToken) =>
        (await gifts.ViewAsync(code, cancellationToken)).ToOk();

    [EndpointSummary("The member chooses (or changes to) an option, optionally correcting the address, until the deadline")]
    public static async Task<Results<Ok<GiftView>, ProblemHttpResult>> Choose(string code, GiftChoiceRequest request, MemberGifts gifts, CancellationToken cancellationToken) =>
        (await gifts.ChooseAsync(code, request, cancellationToken)).ToOk();

    [EndpointSummary("The member confirms the gift arrived")]
    public static async Task<Results<Ok<GiftView>, ProblemHttpResult>> ConfirmReceipt(string code, MemberGifts gifts, CancellationToken cancellationToken) =>
        (await gifts.ConfirmReceiptAsync(code, cancellationToken)).ToOk();

    [EndpointSummary("The member reports a problem with one of their parcels: an after-sales case the purchaser sees")]
    public static async Task<Results<Ok<Core.Fulfilment.AfterSalesView>, ProblemHttpResult>> ReportProblem(string code, GiftProblemRequest request, MemberGifts gifts,
        CancellationToken cancellationToken) =>
        (await gifts.ReportProblemAsync(code, request, cancellationToken)).ToOk();

    [EndpointSummary("Every member's code (format=xlsx|csv): 姓名,手机号,兑换码,链接,已选")]
    public static async Task<IResult> Codes(Guid id, string? format, OrderGifts gifts, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await gifts.CodesAsync(id, asked.Value, cancellationToken)).ToFile();
    }

    [EndpointSummary("How the members' choices stand: members and packages per option, who has not chosen, messages sent")]
    public static async Task<Results<Ok<GiftProgress>, ProblemHttpResult>> Progress(Guid id, OrderGifts gifts, CancellationToken cancellationToken) =>
        (await gifts.ProgressAsync(id, cancellationToken)).ToOk();

    [EndpointSummary("The text messages recorded for the order's members, newest first")]
    public static async Task<Results<Ok<Paged<MemberMessageView>>, ProblemHttpResult>> Messages(Guid id, OrderGifts gifts, CancellationToken cancellationToken,
        int page = 1, int pageSize = 50) =>
        (await gifts.MessagesAsync(id, page, pageSize, cancellationToken)).ToOk();

    [EndpointSummary("Reminds every member who has not chosen (one message each)")]
    public static async Task<Results<Ok<GiftRemindResponse>, ProblemHttpResult>> Remind(Guid id, OrderGifts gifts, CancellationToken cancellationToken) =>
        (await gifts.RemindAsync(id, cancellationToken)).ToOk(n => new GiftRemindResponse(n));
}
