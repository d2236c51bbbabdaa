using Procurement.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Suppliers;
using Procurement.Web.Auth;
using Procurement.Web.Components.Notifications;
using Microsoft.Extensions.Localization;

namespace Procurement.Web.Api;

public sealed record NoticeResponse(Guid Id, string Kind, Guid? ProductId, string ProductName, string Message, DateTimeOffset CreatedAt, bool Read);

public sealed record NoticesResponse(int Unread, IReadOnlyList<NoticeResponse> Items);

/// <summary>The supplier's in-app notices: review decisions and certificate expiry.</summary>
public static class SupplierNoticesEndpoints
{
    public static IEndpointRouteBuilder MapSupplierNotices(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/supplier/notices").WithTags("Supplier listings").RequireCapability(Capability.Supply);
        group.MapGet("/", List);
        group.MapPost("/read", MarkRead);
        return app;
    }

    [EndpointSummary("The 50 most recent notices, newest first, in the caller's language")]
    public static async Task<Ok<NoticesResponse>> List(ISupplierNotices notices, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        var recent = await notices.RecentAsync(50, cancellationToken);
        return TypedResults.Ok(new NoticesResponse(await notices.UnreadCountAsync(cancellationToken),
            recent.Select(n => new NoticeResponse(n.Id, n.Kind.ToString(), n.ProductId, n.ProductName, NotificationText.Message(localizer, n.View), n.CreatedAt, n.ReadAt is not null)).ToList()));
    }

    [EndpointSummary("Mark every notice read")]
    public static async Task<NoContent> MarkRead(ISupplierNotices notices, TimeProvider clock, CancellationToken cancellationToken)
    {
        await notices.MarkAllReadAsync(clock.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }
}
