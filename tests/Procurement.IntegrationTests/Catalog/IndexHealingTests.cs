using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Persistence.Catalog;

namespace Procurement.IntegrationTests.Catalog;

/// <summary>The outbox, leases and health on the real database.</summary>
public sealed class IndexHealingTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task One_holder_at_a_time_holds_a_lease_across_scopes()
    {
        var name = $"test-{Guid.NewGuid():N}";
        Task<bool> Take(string holder, TimeSpan duration) =>
            app.WithScopeAsync(sp => sp.GetRequiredService<ILeases>().TryAcquireAsync(name, holder, duration, CancellationToken.None));

        var both = await Task.WhenAll(Take("a", TimeSpan.FromMinutes(1)), Take("b", TimeSpan.FromMinutes(1)));
        Assert.Single(both, taken => taken);
        var winner = both[0] ? "a" : "b";
        var loser = both[0] ? "b" : "a";

        Assert.True(await Take(winner, TimeSpan.FromMinutes(1)));
        Assert.False(await Take(loser, TimeSpan.FromMinutes(1)));
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<ILeases>().ReleaseAsync(name, winner, CancellationToken.None); return 0; });
        Assert.True(await Take(loser, TimeSpan.FromMilliseconds(1)));
        await Task.Delay(20);
        // Expired: anyone may take it.
        Assert.True(await Take(winner, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Removing_processed_changes_keeps_a_row_that_committed_late_with_a_smaller_id()
    {
        var ids = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var rows = Enumerable.Range(0, 3).Select(_ => new CatalogOutboxEntry { ProductId = Guid.NewGuid(), EnqueuedAt = DateTimeOffset.UtcNow, RetryAt = DateTimeOffset.UtcNow.AddHours(1) }).ToList();
            db.CatalogOutbox.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

        // The drainer saw the first and the last; the middle one was not yet visible to it.
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<ICatalogOutbox>().RemoveAsync([ids[0], ids[2]], CancellationToken.None); return 0; });

        var left = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ProcurementDbContext>().CatalogOutbox.Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToList()));
        Assert.Equal([ids[1]], left);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<ICatalogOutbox>().RemoveAsync(left, CancellationToken.None); return 0; });
    }

    [Fact]
    public async Task Ready_says_degraded_while_search_lags_or_products_are_set_aside_and_admins_can_requeue_them()
    {
        var product = Guid.NewGuid();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            // A change a minute old, postponed after failures: the worker leaves it, and search is behind.
            db.CatalogOutbox.Add(new CatalogOutboxEntry { ProductId = product, EnqueuedAt = DateTimeOffset.UtcNow.AddMinutes(-1), Attempts = 2, RetryAt = DateTimeOffset.UtcNow.AddHours(1) });
            db.CatalogDeadLetters.Add(new CatalogDeadLetterEntry { ProductId = product, Error = "mapper_parsing_exception", Attempts = 5, FailedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });

        var ready = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Degraded", ready.GetProperty("status").GetString());
        var search = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "search");
        Assert.Contains("behind", search.GetProperty("description").GetString());
        Assert.Contains("set aside", search.GetProperty("description").GetString());

        var admin = await app.AdminClientAsync();
        var status = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/search/status");
        Assert.Contains(status.GetProperty("deadLetters").EnumerateArray(), d => d.GetProperty("productId").GetGuid() == product);
        var retried = await admin.PostAsync("/api/v1/admin/search/dead-letters/retry", null);
        Assert.Equal(1, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requeued").GetInt32());

        // The worker may already have drained the requeued change; either way it goes.
        await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().CatalogOutbox.Where(e => e.ProductId == product).ExecuteDeleteAsync());
        var healthy = await app.CreateClient().GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", healthy.GetProperty("status").GetString());
    }
}
