using Hangfire;
using Hangfire.Dashboard;
using Procurement.Core.Common;
using Procurement.Web.Auth;

namespace Procurement.Web.Platform;

public static class JobsDashboard
{
    /// <summary>Hangfire's dashboard at <c>/jobs</c>, for signed-in admins only.</summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        ReconciliationProgressPage.Register();
        app.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new Administrators()],
            DashboardTitle = "陇品汇 jobs",
            AppPath = "/",
        });
        return app;
    }

    /// <summary>The dashboard is the platform's to run: it asks the same capability as every admin page.</summary>
    private sealed class Administrators : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => new PrincipalUser(context.GetHttpContext().User).Can(Capability.Administer);
    }
}
