using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Persistence.Ledger;

/// <summary>
/// Degraded (still serving: the books are a matter for finance, not a reason to take the site out of rotation) while
/// the daily proof has open breaks, naming how many and the first few subjects. Reads as the system, since the
/// probe has no user and the breaks are finance's rows.
/// </summary>
public sealed class LedgerHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public const int Named = 5;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
        var open = db.LedgerBreaks.AsNoTracking().Where(b => b.ResolvedAt == null);
        var count = await open.CountAsync(cancellationToken);
        if (count == 0)
        {
            return HealthCheckResult.Healthy("no open ledger breaks");
        }
        var first = await open.OrderBy(b => b.Id).Take(Named).Select(b => new { b.Kind, b.Subject }).ToListAsync(cancellationToken);
        return HealthCheckResult.Degraded(
            $"{count} open ledger breaks (GET /api/v1/finance/ledger/breaks): {string.Join("; ", first.Select(b => $"{b.Kind} {b.Subject}"))}{(count > Named ? "; …" : "")}");
    }
}
