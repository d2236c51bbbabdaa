using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Procurement.IntegrationTests.Auth;

namespace Procurement.IntegrationTests.Platform;

/// <summary>
/// The app behind a reverse proxy on 10.0.0.0/24, with a small per-address sign-in limit. The test server has no
/// sockets, so each request names the peer it comes from (<c>X-Test-Peer</c>), set as the connection's address
/// before anything of the app's pipeline runs.
/// </summary>
public sealed class ProxiedApp : ProcurementApp
{
    public const string ProxyNetwork = "10.0.0.0/24";
    public const string Proxy = "10.0.0.7";
    public const int PerIp = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:KnownNetworks", ProxyNetwork);
        builder.UseSetting("RateLimits:AuthPerIpPerMinute", PerIp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, PeerFromHeader>());
    }

    public HttpClient From(string peer, string? forwardedFor = null, bool followRedirects = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        return client;
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers["X-Test-Peer"].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// Rate limits count the client, not the proxy: behind a known proxy each client has its own partition, and nobody
/// else's <c>X-Forwarded-For</c> is believed, so a client cannot pick a partition of its own.
/// </summary>
public sealed class ProxyTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    private static async Task<List<HttpStatusCode>> RefreshesAsync(HttpClient client, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = $"not-a-token-{i}" })).StatusCode);
        }
        return statuses;
    }

    [Fact]
    public async Task Two_clients_behind_the_known_proxy_have_partitions_of_their_own()
    {
        var first = await RefreshesAsync(app.From(ProxiedApp.Proxy, "203.0.113.10"), ProxiedApp.PerIp + 1);
        var second = await RefreshesAsync(app.From(ProxiedApp.Proxy, "203.0.113.11"), 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.Equal(HttpStatusCode.Unauthorized, second.Single());
    }

    [Fact]
    public async Task The_client_address_is_the_one_the_known_proxy_saw_not_what_the_client_claimed()
    {
        // The proxy appends the address it saw to whatever the client sent: the rightmost entry is the one to believe.
        var first = await RefreshesAsync(app.From(ProxiedApp.Proxy, "203.0.113.20, 203.0.113.21"), ProxiedApp.PerIp + 1);
        var sameClientOtherClaim = await RefreshesAsync(app.From(ProxiedApp.Proxy, "198.51.100.99, 203.0.113.21"), 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameClientOtherClaim.Single());
    }

    [Theory]
    [InlineData("198.51.100.30")]
    // Loopback is no proxy unless configured: the framework's default would have believed it.
    [InlineData("127.0.0.1")]
    public async Task A_forwarded_for_header_from_an_unknown_peer_does_not_change_the_partition(string peer)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ProxiedApp.PerIp; i++)
        {
            statuses.AddRange(await RefreshesAsync(app.From(peer, $"203.0.113.{100 + i + (peer.Length * 10)}"), 1));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_sign_in_page_is_limited_per_client_address_and_says_so()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= ProxiedApp.PerIp; i++)
        {
            // A different account each time: the limit met is the address's, not an account's.
            answers.Add(await WebSignIn.PostAsync(app.From(ProxiedApp.Proxy, "203.0.113.40"), $"someone{i}@test.example.cn", "Wrong2026pass"));
        }
        var otherClient = await WebSignIn.PostAsync(app.From(ProxiedApp.Proxy, "203.0.113.41"), "someone@test.example.cn", "Wrong2026pass");

        Assert.All(answers.Take(ProxiedApp.PerIp), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var limited = answers[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var message = await WebSignIn.AlertAsync(limited);
        Assert.False(string.IsNullOrEmpty(message));
        Assert.NotEqual(await WebSignIn.AlertAsync(answers[0]), message);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }
}
