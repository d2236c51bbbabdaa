using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Jobs;

/// <summary>
/// The loop of a job that works through what has fallen due (orders to expire, orders to complete): asks for a batch,
/// acts on each item in a system scope of its own (its own unit of work, so one item's conflict never holds up the
/// rest), and asks again until a batch brings nothing new. Items seen once are not tried again in the same run: one
/// that no longer qualifies, or failed, would otherwise come back in every batch.
/// </summary>
public static class DueBatches
{
    public const int Size = 200;

    /// <summary>How many items <paramref name="act"/> answered true for.</summary>
    public static async Task<int> EachInSystemScopeAsync<TService>(IServiceScopeFactory scopes, Func<int, CancellationToken, Task<IReadOnlyList<Guid>>> due,
        Func<TService, Guid, CancellationToken, Task<bool>> act, CancellationToken cancellationToken)
        where TService : notnull
    {
        var done = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var batch = (await due(Size, cancellationToken)).Where(seen.Add).ToList();
            if (batch.Count == 0)
            {
                return done;
            }
            foreach (var id in batch)
            {
                await using var scope = scopes.CreateSystemScope();
                if (await act(scope.ServiceProvider.GetRequiredService<TService>(), id, cancellationToken))
                {
                    done++;
                }
            }
        }
    }
}
