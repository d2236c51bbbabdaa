using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Core.Gifts;
using Procurement.Infrastructure.Gifts;
using Procurement.Infrastructure.Jobs;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the SMS provider: it checks every request's signature as a provider
/// would, refuses one number for good (400), is down once for another (503, then takes it), and keeps what it took.
/// </summary>
public sealed class FakeSmsProvider : IAsyncDisposable
{
    public const string AccessKey = "test-access-key";
    public const string Secret = "test-secret-0123456789";
    public const string RefusedMobile = "13800000002";
    public const string FlakyMobile = "13800000003";

    private readonly WebApplication _server;
    private int _flakyFailures;

    public FakeSmsProvider()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1/messages", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var timestamp = context.Request.Headers["X-Timestamp"].ToString();
            if (context.Request.Headers["X-Access-Key"] != AccessKey || context.Request.Headers["X-Signature"] != HttpsSmsGateway.Sign(Secret, timestamp, body))
            {
                return Results.Json(new { error = "bad signature" }, statusCode: 401);
            }
            var message = JsonDocument.Parse(body).RootElement;
            var mobile = message.GetProperty("mobile").GetString()!;
            var requestId = message.GetProperty("requestId").GetString()!;
            Received.Enqueue((requestId, mobile, message.GetProperty("text").GetString()!, message.GetProperty("signName").GetString()!));
            if (mobile == RefusedMobile)
            {
                return Results.Json(new { error = "invalid mobile" }, statusCode: 400);
            }
            if (mobile == FlakyMobile && Interlocked.Increment(ref _flakyFailures) == 1)
            {
                return Results.Json(new { error = "busy" }, statusCode: 503);
            }
            return Results.Json(new { messageId = $"sms-{requestId}" });
        });
        _server.StartAsync().GetAwaiter().GetResult();
        Url = _server.Urls.Single();
    }

    public string Url { get; }

    /// <summary>Every request that passed the signature check: the provider's idempotency key, the mobile, the text, the signature name.</summary>
    public ConcurrentQueue<(string RequestId, string Mobile, string Text, string SignName)> Received { get; } = new();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}

/// <summary>The app with an SMS provider configured: the fake one above.</summary>
public sealed class SmsApp : ProcurementApp
{
    public FakeSmsProvider Provider { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sms:Endpoint", $"{Provider.Url}/v1/messages");
        builder.UseSetting("Sms:AccessKey", FakeSmsProvider.AccessKey);
        builder.UseSetting("Sms:Secret", FakeSmsProvider.Secret);
        builder.UseSetting("Sms:TimeoutSeconds", "5");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>
/// Member messages reach members through the SMS provider where one is configured (#24): signed, once each (the
/// message id is the provider's idempotency key and a run's claim keeps two runs apart), a number the provider refuses
/// given up and shown as failed, a provider down for a moment retried; the purchaser sees each message's state.
/// </summary>
public sealed class SmsDeliveryTests(SmsApp app) : IClassFixture<SmsApp>
{
    [Fact]
    public async Task Codes_go_out_signed_once_each_a_refused_number_is_shown_failed_and_a_busy_provider_is_retried()
    {
        var g = await GiftScenario.CreateAsync(app);
        var id = await g.PaidAsync(DateTimeOffset.UtcNow.AddDays(5),
            "职工1,13800000001,江苏省,南京市,鼓楼区,中山北路1号,1", $"职工2,{FakeSmsProvider.RefusedMobile},江苏省,南京市,鼓楼区,中山北路2号,1",
            $"职工3,{FakeSmsProvider.FlakyMobile},江苏省,南京市,鼓楼区,中山北路3号,1");
        var before = await Messages(g, id);
        Assert.All(before, m => Assert.Equal("Recorded", m.GetProperty("state").GetString()));

        var run = await app.WithScopeAsync(sp => sp.GetRequiredService<MemberMessagesJob>().RunAsync(CancellationToken.None));
        Assert.Equal((2, 1, 0), (run.Sent, run.Refused, run.Unreached));
        var ours = app.Provider.Received.Where(r => before.Any(m => $"mm-{m.GetProperty("id").GetInt64()}" == r.RequestId)).ToList();
        // Each message went out under its own id; the busy provider's one twice (the same id: the provider keeps one).
        Assert.Equal(3, ours.Select(r => r.RequestId).Distinct().Count());
        Assert.Equal(2, ours.Count(r => r.Mobile == FakeSmsProvider.FlakyMobile));
        Assert.All(ours, r => Assert.Equal("陇品汇", r.SignName));
        Assert.Contains(ours, r => r.Mobile == "13800000001" && r.Text.Contains("/gift/", StringComparison.Ordinal));

        var after = await Messages(g, id);
        Assert.Equal(["Sent", "Failed", "Sent"], after.OrderBy(m => m.GetProperty("id").GetInt64()).Select(m => m.GetProperty("state").GetString()!).ToArray());
        Assert.StartsWith("400", after.Single(m => m.GetProperty("state").GetString() == "Failed").GetProperty("failure").GetString());

        // Nothing is sent twice: another run finds nothing to do.
        var count = app.Provider.Received.Count;
        var again = await app.WithScopeAsync(sp => sp.GetRequiredService<MemberMessagesJob>().RunAsync(CancellationToken.None));
        Assert.Equal((0, 0, 0), (again.Sent, again.Refused, again.Unreached));
        Assert.Equal(count, app.Provider.Received.Count);
    }

    [Fact]
    public async Task Two_delivery_runs_at_once_send_each_message_once()
    {
        var g = await GiftScenario.CreateAsync(app);
        var rows = Enumerable.Range(0, 30).Select(i => $"职工{i},1390000{i:D4},江苏省,南京市,鼓楼区,中山北路{i}号,1").ToArray();
        var id = await g.PaidAsync(DateTimeOffset.UtcNow.AddDays(5), rows);
        var ids = (await Messages(g, id)).Select(m => $"mm-{m.GetProperty("id").GetInt64()}").ToHashSet();
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            app.WithScopeAsync(sp => sp.GetRequiredService<MemberMessageDelivery>().DeliverAsync(CancellationToken.None)))));
        Assert.Equal(30, runs.Sum(r => r.Sent));
        var sent = app.Provider.Received.Where(r => ids.Contains(r.RequestId)).ToList();
        Assert.Equal(30, sent.Count);
        Assert.Equal(30, sent.Select(r => r.RequestId).Distinct().Count());
    }

    private static async Task<List<JsonElement>> Messages(GiftScenario g, Guid order) =>
        (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/gift-messages?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
}
