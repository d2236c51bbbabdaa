using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>The app with the gift page's per-client limit as low as a guesser would meet it.</summary>
public sealed class GiftLimitedApp : ProcurementApp
{
    public const int PerMinute = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:GiftPerIpPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Guessing codes is slow: past the limit a client is told to wait, found or not.</summary>
public sealed class GiftRateLimitTests(GiftLimitedApp app) : IClassFixture<GiftLimitedApp>
{
    [Fact]
    public async Task A_client_guessing_codes_is_limited_per_minute_with_retry_after()
    {
        var guesser = app.CreateClient();
        for (var i = 0; i < GiftLimitedApp.PerMinute; i++)
        {
            await (await guesser.GetAsync($"/api/v1/gift/{Core.Gifts.GiftCodes.New()}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
        var limited = await guesser.GetAsync($"/api/v1/gift/{Core.Gifts.GiftCodes.New()}");
        await limited.IsProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(limited.Headers.RetryAfter is not null);
        // Choosing counts against the same limit.
        await (await guesser.PostAsync($"/api/v1/gift/{Core.Gifts.GiftCodes.New()}/choice", null)).IsProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
    }
}

/// <summary>
/// The gift page's lookups inside a Blazor circuit carry no HTTP request, so the page counts them itself against the
/// same per-client allowance as the API and the page's requests (attack review, #24).
/// </summary>
public sealed class GiftCircuitLimitTests(GiftLimitedApp app) : IClassFixture<GiftLimitedApp>
{
    [Fact]
    public async Task Lookups_inside_a_circuit_count_against_the_clients_allowance_with_its_requests()
    {
        // The test server's requests come from one unknown address: three of its five lookups spent over HTTP.
        var guesser = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await guesser.GetAsync($"/api/v1/gift/{Core.Gifts.GiftCodes.New()}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
        // A circuit started on another page by the same client: two more codes, then refused.
        var circuit = Circuit("unknown", "/");
        Assert.True(circuit.TryLookUp(Core.Gifts.GiftCodes.New(), interactive: true));
        var seen = Core.Gifts.GiftCodes.New();
        Assert.True(circuit.TryLookUp(seen, interactive: true));
        Assert.False(Circuit("unknown", "/").TryLookUp(Core.Gifts.GiftCodes.New(), interactive: true));
        // Looking at the same code again is not another guess; and the API is now refused too.
        Assert.True(circuit.TryLookUp(seen, interactive: true));
        await (await guesser.GetAsync($"/api/v1/gift/{Core.Gifts.GiftCodes.New()}")).IsProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");

        // Another client has its own allowance. The page request that opened a circuit on a code was counted by the
        // middleware: its prerender and its first interactive render are free, once; a circuit takes three codes at most.
        var first = Core.Gifts.GiftCodes.New();
        var other = Circuit("203.0.113.7", $"/gift/{first}");
        Assert.True(other.TryLookUp(first, interactive: false));
        var fresh = Circuit("203.0.113.7", $"/gift/{first}");
        Assert.True(fresh.TryLookUp(first, interactive: true));
        Assert.True(fresh.TryLookUp(Core.Gifts.GiftCodes.New(), interactive: true));
        Assert.True(fresh.TryLookUp(Core.Gifts.GiftCodes.New(), interactive: true));
        Assert.False(fresh.TryLookUp(Core.Gifts.GiftCodes.New(), interactive: true));
        // Two counted so far: three more in new circuits, then none.
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => Circuit("203.0.113.7", "/").TryLookUp(Core.Gifts.GiftCodes.New(), interactive: true)));
    }

    /// <summary>A new circuit's scope, started as Routes starts it.</summary>
    private Web.Components.Gifts.GiftPageLookups Circuit(string address, string firstPath)
    {
        var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Web.Components.CircuitClient>().Start(address, firstPath);
        return scope.ServiceProvider.GetRequiredService<Web.Components.Gifts.GiftPageLookups>();
    }
}
