using System.Net;
using Microsoft.AspNetCore.Hosting;

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
