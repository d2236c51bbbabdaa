using System.Net;
using System.Text;
using Hangfire.Dashboard;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Platform;

/// <summary>
/// <c>/jobs/reconciliation</c>: the reconciliation runs queued and running, with their counts (rows read, classified,
/// stored), refreshed every two seconds, beside Hangfire's own pages — the dashboard has no progress of its own and
/// Hangfire.Console is not to be had here. The counts are the ones the run page shows, read from the run.
/// </summary>
public sealed class ReconciliationProgressPage : IDashboardDispatcher
{
    public const string Route = "/reconciliation";

    private static int _registered;

    /// <summary>Hangfire's routes and menu are process-wide: registered once, however many apps a test run starts.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        DashboardRoutes.Routes.Add(Route, new ReconciliationProgressPage());
        NavigationMenu.Items.Add(page => new MenuItem("Reconciliation", page.Url.To(Route)) { Active = page.RequestPath.StartsWith(Route, StringComparison.Ordinal) });
    }

    public async Task Dispatch(DashboardContext context)
    {
        var http = context.GetHttpContext();
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
        var today = BusinessDate.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var runs = (await scope.ServiceProvider.GetRequiredService<IReconciliationStore>().RunsAsync(null, today.AddDays(-400), today, http.RequestAborted))
            .Where(r => r.Status is RunStatus.Queued or RunStatus.Running).ToList();
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">");
        html.Append("<title>partner-reconcile · 陇品汇 jobs</title></head><body><h1>partner-reconcile</h1>");
        html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(context.Request.PathBase)).Append("\">← jobs</a></p>");
        if (runs.Count == 0)
        {
            html.Append("<p id=\"no-runs\">No reconciliation is queued or running.</p>");
        }
        else
        {
            html.Append("<table id=\"runs\"><thead><tr><th>Run</th><th>Partner</th><th>Date</th><th>Status</th><th>Rows read</th><th>Classified</th><th>Stored</th><th>Started (Beijing)</th></tr></thead><tbody>");
            foreach (var run in runs)
            {
                html.Append("<tr><td>").Append(run.Id).Append("</td><td>").Append(WebUtility.HtmlEncode(run.Partner)).Append("</td><td>").Append(run.Date.ToString("yyyy-MM-dd"))
                    .Append("</td><td>").Append(run.Status).Append("</td><td>").Append(run.RowsRead.ToString("N0")).Append("</td><td>").Append(run.Classified.ToString("N0"))
                    .Append("</td><td>").Append(run.Stored.ToString("N0")).Append("</td><td>")
                    .Append(run.StartedAt?.ToOffset(BusinessDate.Offset).ToString("yyyy-MM-dd HH:mm:ss") ?? "—").Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString());
    }
}
