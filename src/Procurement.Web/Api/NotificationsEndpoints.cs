using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Procurement.Core.Common;
using Procurement.Core.Notifications;
using Procurement.Web.Auth;
using Procurement.Web.Components.Notifications;

namespace Procurement.Web.Api;

public sealed record NotificationResponse(Guid Id, string Kind, Guid? SubjectId, string Subject, string Message, string? Link, DateTimeOffset CreatedAt, bool Read);

public sealed record NotificationsResponse(int Unread, IReadOnlyList<NotificationResponse> Items);

/// <summary>Every user's own notifications (the bell): a union's, a supplier's, finance's or the admins'.</summary>
public static class NotificationsEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireCapability(Capability.ReadOrder, Capability.Supply);
        group.MapGet("/", List);
        group.MapPost("/read", MarkRead);
        return app;
    }

    [EndpointSummary("The caller's newest notifications (take: 1–100, default 20), in the caller's language, with the unread count")]
    public static async Task<Results<Ok<NotificationsResponse>, ProblemHttpResult>> List(int? take, MyNotifications notifications, IStringLocalizer<SharedResource> localizer,
        CancellationToken cancellationToken) =>
        (await notifications.RecentAsync(take, cancellationToken)).ToOk(list => new NotificationsResponse(list.Unread,
            list.Items.Select(n => new NotificationResponse(n.Id, n.Kind.ToString(), n.SubjectId, n.Subject, NotificationText.Message(localizer, n), NotificationText.Link(n),
                n.CreatedAt, n.Read)).ToList()));

    [EndpointSummary("Mark every notification the caller can see read, for the caller")]
    public static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(MyNotifications notifications, CancellationToken cancellationToken) =>
        await notifications.MarkAllReadAsync(cancellationToken) is { } refused ? refused.ToProblem() : TypedResults.NoContent();
}
