using Hangfire;
using Hangfire.Dashboard;
using Procurement.Core.Users;

namespace Procurement.Web.Platform;

public static class JobsDashboard
{
    /// <summary>Hangfire's dashboard at <c>/jobs</c>, for signed-in admins only.</summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        ReconciliationProgressPage.Register();
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            DashboardTitle = "陇品汇 jobs",
            AppPath = "/",
        });
        return app;
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
