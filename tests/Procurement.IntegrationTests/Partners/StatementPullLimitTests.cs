using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Partners;

namespace Procurement.IntegrationTests.Partners;

/// <summary>The JSGH pull reads a bounded answer: a page over the limit fails the pull, logged, with nothing stored.</summary>
public sealed class StatementPullLimitTests(PartnerApp app) : IClassFixture<PartnerApp>
{
    /// <summary>JSGH answering one page of valid items, <paramref name="bytes"/> long, with or without a Content-Length.</summary>
    private sealed class OversizedPage(DateOnly date, int bytes, bool declared) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var item = $$"""{"partnerOrderNo":"BIG0001","orderNo":"","amount":10.00,"refundAmount":0,"status":"Completed","settledAt":"{{day}}"}""";
            var body = new StringBuilder($$"""{"date":"{{day}}","page":1,"pageCount":1,"items":[{{item}}""");
            while (body.Length < bytes)
            {
                body.Append(',').Append(item);
            }
            body.Append("]}");
            var content = Encoding.UTF8.GetBytes(body.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = declared ? new ByteArrayContent(content) : new StreamContent(new Unseekable(content)),
            });
        }
    }

    /// <summary>A body whose length the client cannot know in advance (a chunked answer).</summary>
    private sealed class Unseekable(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    private sealed class Recorded<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Theory]
    [InlineData(true, -10)]
    [InlineData(false, -11)]
    public async Task A_page_over_the_limit_fails_the_pull_with_a_logged_error_and_nothing_stored(bool declared, int daysBack)
    {
        var d = BusinessDate.Today(TimeProvider.System).AddDays(daysBack);
        var handler = new OversizedPage(d, 9 * 1024 * 1024, declared);
        var log = new Recorded<PartnerStatementPullJob>();
        var partners = new Dictionary<string, PartnerOptions> { [PartnerCodes.Jsgh] = new() { BaseUrl = "http://jsgh.test", Secret = PartnerApp.SecretJsgh } };

        var failure = await app.WithScopeAsync(async sp =>
        {
            var client = new JsghStatementClient(new HttpClient(handler), partners, new StatementPullOptions(), TimeProvider.System);
            var job = new PartnerStatementPullJob(client, sp.GetRequiredService<StatementPulls>(), sp.GetRequiredService<IStatementFiles>(), TimeProvider.System, log);
            return await Record(() => job.PullAsync(d, CancellationToken.None));
        });

        Assert.NotNull(failure);
        Assert.Equal(1, handler.Calls);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("8 MB", StringComparison.Ordinal));
        Assert.Empty(await app.WithScopeAsync(sp => sp.GetRequiredService<IStatementStore>().ListAsync(PartnerCodes.Jsgh, d, d, CancellationToken.None)));
    }

    private static async Task<Exception?> Record(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
