using System.Text;
using Elastic.Transport;

namespace Procurement.IntegrationTests.Catalog.Elasticsearch;

/// <summary>
/// Stands in for the cluster: records every request the client sends (method, path and query, body) and answers
/// each with the first scripted response whose method and path match, built by Elastic.Transport's
/// <see cref="InMemoryRequestInvoker"/> exactly as a real HTTP answer would be.
/// </summary>
public sealed class RecordingInvoker : IRequestInvoker
{
    // Every Elasticsearch answer carries this header; the client refuses answers without it (its product check).
    private readonly InMemoryRequestInvoker _builder = new([], 200, null, "application/json",
        new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase) { ["X-Elastic-Product"] = ["Elasticsearch"] });
    private readonly List<Script> _scripts = [];

    public List<Recorded> Requests { get; } = [];

    public ResponseFactory ResponseFactory => _builder.ResponseFactory;

    /// <summary>Answer requests whose path (without query) equals or starts with <paramref name="path"/> (a trailing *).</summary>
    public RecordingInvoker On(string method, string path, string json, int status = 200, bool once = false)
    {
        _scripts.Add(new Script(method, path, Encoding.UTF8.GetBytes(json), status, once));
        return this;
    }

    public Recorded Single(string method, string pathStart) => Assert.Single(Requests, r => r.Method == method && r.Path.StartsWith(pathStart, StringComparison.Ordinal));

    public TResponse Request<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
        where TResponse : TransportResponse, new()
    {
        var (bytes, status) = Answer(endpoint, boundConfiguration, postData);
        return _builder.BuildResponse<TResponse>(endpoint, boundConfiguration, postData, bytes, status, "application/json");
    }

    public Task<TResponse> RequestAsync<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData, CancellationToken cancellationToken)
        where TResponse : TransportResponse, new()
    {
        var (bytes, status) = Answer(endpoint, boundConfiguration, postData);
        return _builder.BuildResponseAsync<TResponse>(endpoint, boundConfiguration, postData, cancellationToken, bytes, status, "application/json");
    }

    private (byte[] Bytes, int Status) Answer(Endpoint endpoint, BoundConfiguration configuration, PostData? postData)
    {
        string? body = null;
        if (postData is not null)
        {
            using var stream = new MemoryStream();
            postData.Write(stream, configuration.ConnectionSettings, disableDirectStreaming: true);
            body = Encoding.UTF8.GetString(stream.ToArray());
        }
        var pathAndQuery = endpoint.PathAndQuery;
        var path = pathAndQuery.Split('?')[0];
        var method = endpoint.Method.ToString();
        Requests.Add(new Recorded(method, path, pathAndQuery, body));

        var script = _scripts.FirstOrDefault(s => s.Method == method && (s.Path.EndsWith('*') ? path.StartsWith(s.Path[..^1], StringComparison.Ordinal) : path == s.Path))
            ?? throw new InvalidOperationException($"No scripted answer for {method} {pathAndQuery}");
        if (script.Once)
        {
            _scripts.Remove(script);
        }
        return (script.Body, script.Status);
    }

    public void Dispose() => ((IDisposable)_builder).Dispose();

    private sealed record Script(string Method, string Path, byte[] Body, int Status, bool Once);

    public sealed record Recorded(string Method, string Path, string PathAndQuery, string? Body);
}
