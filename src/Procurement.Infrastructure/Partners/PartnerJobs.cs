using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.Infrastructure.Partners;

/// <summary>Runs go to Hangfire, each a job of its own.</summary>
public sealed class HangfireReconciliationQueue(IBackgroundJobClient jobs) : IReconciliationQueue
{
    public void Enqueue(long runId) => jobs.Enqueue<PartnerReconcileJob>(job => job.RunAsync(runId, CancellationToken.None));
}

/// <summary>
/// One reconciliation run. Not retried by Hangfire: a failure is recorded on the run (finance sees why and runs it
/// again), and the date's previous result stays.
/// </summary>
public sealed class PartnerReconcileJob(ReconciliationPipeline pipeline)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("partner-reconcile run {0}")]
    public Task<RunStatus> RunAsync(long runId, CancellationToken cancellationToken) => pipeline.RunAsync(runId, cancellationToken);
}

/// <summary>03:00 Beijing time: the previous business date of each partner.</summary>
public sealed class PartnerReconcileDailyJob(ReconciliationPipeline pipeline, ILogger<PartnerReconcileDailyJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = await pipeline.StartDailyAsync(cancellationToken);
        logger.LogInformation("Daily reconciliation: {Runs} runs queued", started.Count);
        return started.Count;
    }
}

/// <summary><c>Partners:Pull:*</c>: how the statement pull retries (Microsoft.Extensions.Http.Resilience).</summary>
public sealed class StatementPullOptions
{
    public int MaxRetries { get; set; } = 4;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A runaway partner that never says it is done stops here.</summary>
    public int MaxPages { get; set; } = 1000;

    /// <summary>
    /// The largest page read (8 MB; a page of JSGH is a few hundred KB): a bigger answer, by its Content-Length or
    /// while it is read, fails the pull and nothing is stored. The pages together are bounded like an upload
    /// (<see cref="StatementFormats.MaxBytes"/>).
    /// </summary>
    public long MaxPageBytes { get; set; } = 8L * 1024 * 1024;
}

/// <summary>
/// JSGH's statement API, <c>GET {BaseUrl}/statements?date=…&amp;page=…</c>, each page
/// <c>{ date, items: [...], page, pageCount }</c> (the last page is the one at <c>pageCount</c>, or the first with no
/// items). Requests are signed like the partner's pushes to us (timestamp + "." + empty body), so JSGH knows it is us.
/// Retries with exponential backoff and jitter come from the resilience handler on this client. Each page is read to
/// at most <see cref="StatementPullOptions.MaxPageBytes"/> and the whole to <see cref="StatementFormats.MaxBytes"/>;
/// past either the pull fails with <see cref="InvalidDataException"/>.
/// </summary>
public sealed class JsghStatementClient(HttpClient http, IReadOnlyDictionary<string, PartnerOptions> partners, StatementPullOptions options, TimeProvider clock)
{
    public bool Configured => partners.TryGetValue(PartnerCodes.Jsgh, out var jsgh) && !string.IsNullOrWhiteSpace(jsgh.BaseUrl);

    /// <summary>Writes the date's statement, every page's items in order, as one JSGH JSON file to <paramref name="output"/>; the item count.</summary>
    public async Task<int> DownloadAsync(DateOnly date, Stream output, CancellationToken cancellationToken)
    {
        var jsgh = partners[PartnerCodes.Jsgh];
        var baseUrl = jsgh.BaseUrl!.TrimEnd('/');
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("date", date.ToString("yyyy-MM-dd"));
        json.WriteStartArray("items");
        var count = 0;
        for (var page = 1; page <= options.MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/statements?date={date:yyyy-MM-dd}&page={page}");
            if (!string.IsNullOrEmpty(jsgh.Secret))
            {
                var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                request.Headers.Add("X-Partner-Timestamp", timestamp);
                request.Headers.Add("X-Partner-Signature", PartnerSignature.Sign(jsgh.Secret, timestamp, []));
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            // A declared length over the limit is refused before a byte is read; an undeclared one is read to one byte past it.
            var body = response.Content.Headers.ContentLength is not { } declared || declared <= options.MaxPageBytes
                ? await ReadAtMostAsync(await response.Content.ReadAsStreamAsync(cancellationToken), options.MaxPageBytes, cancellationToken)
                : null;
            if (body is null)
            {
                throw new InvalidDataException($"JSGH page {page} of {date:yyyy-MM-dd} is over {options.MaxPageBytes / 1024 / 1024} MB (Partners:Pull:MaxPageBytes)");
            }
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"JSGH page {page} has no items array");
            }
            foreach (var item in items.EnumerateArray())
            {
                item.WriteTo(json);
                count++;
            }
            if (json.BytesCommitted + json.BytesPending > StatementFormats.MaxBytes)
            {
                throw new InvalidDataException($"JSGH's statement of {date:yyyy-MM-dd} is over {StatementFormats.MaxBytes / 1024 / 1024} MB by page {page}");
            }
            var pageCount = root.TryGetProperty("pageCount", out var pages) && pages.TryGetInt32(out var n) ? n : (int?)null;
            if (items.GetArrayLength() == 0 || (pageCount is { } last && page >= last))
            {
                break;
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        await using (body)
        {
            return await BoundedRead.ReadAsync(body, limit, cancellationToken);
        }
    }
}

/// <summary>
/// 02:00 Beijing time: yesterday's JSGH statement, fetched page by page and stored exactly like an upload (the same
/// checks, the same content-hash de-duplication: pulling a day twice stores it once).
/// </summary>
public sealed class PartnerStatementPullJob(JsghStatementClient client, StatementPulls pulls, IStatementFiles files, TimeProvider clock, ILogger<PartnerStatementPullJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task<long?> RunAsync(CancellationToken cancellationToken) => await PullAsync(BusinessDate.Today(clock).AddDays(-1), cancellationToken);

    public async Task<long?> PullAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (!client.Configured)
        {
            logger.LogInformation("Statement pull: Partners:JSGH:BaseUrl is not set; nothing pulled");
            return null;
        }
        var path = Path.Combine(Path.GetTempPath(), $"jsgh-{date:yyyyMMdd}-{Guid.NewGuid():N}.json");
        try
        {
            int items;
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                try
                {
                    items = await client.DownloadAsync(date, output, cancellationToken);
                }
                catch (Exception exception) when (exception is InvalidDataException or JsonException)
                {
                    // An answer too big or not JSGH's shape is not a retry's to mend; nothing was stored.
                    logger.LogError("Statement pull of JSGH {Date:yyyy-MM-dd} failed: {Reason}; nothing stored", date, exception.Message);
                    throw;
                }
            }
            await using var content = File.OpenRead(path);
            await using var spooled = await files.SpoolAsync(content, $"JSGH-{date:yyyy-MM-dd}.json", StatementFormats.MaxBytes, cancellationToken)
                ?? throw new InvalidDataException($"JSGH's statement of {date:yyyy-MM-dd} is over {StatementFormats.MaxBytes / 1024 / 1024} MB");
            var stored = await pulls.StoreAsync(PartnerCodes.Jsgh, date, spooled, cancellationToken);
            if (stored.Error is { } refused)
            {
                // A statement we cannot take is finance's to see, not a retry's: the partner sent bad rows.
                logger.LogError("Statement pull of JSGH {Date:yyyy-MM-dd}: {Items} items refused: {Detail} {Fields}", date, items, refused.Detail,
                    string.Join("; ", (refused.Fields ?? new Dictionary<string, string[]>()).Take(20).Select(f => $"{f.Key}: {string.Join(" ", f.Value)}")));
                throw new InvalidOperationException($"JSGH statement of {date:yyyy-MM-dd} refused: {refused.Detail}");
            }
            logger.LogInformation("Statement pull of JSGH {Date:yyyy-MM-dd}: {Items} items, statement {StatementId} ({Outcome})", date, items, stored.Value!.StatementId,
                stored.Value.Created ? "stored" : "already stored");
            return stored.Value.StatementId;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
