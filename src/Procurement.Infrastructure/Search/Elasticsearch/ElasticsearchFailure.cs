using Elastic.Transport.Products.Elasticsearch;

namespace Procurement.Infrastructure.Search.Elasticsearch;

/// <summary>Elasticsearch answered with an error or could not be reached; the message carries the cluster's reason.</summary>
public sealed class ElasticsearchFailure(string message, Exception? inner = null) : Exception(message, inner)
{
    public static ElasticsearchFailure From(string operation, ElasticsearchResponse response)
    {
        var status = response.ApiCallDetails?.HttpStatusCode;
        var reason = response.ElasticsearchServerError?.Error?.Reason ?? response.ApiCallDetails?.OriginalException?.Message ?? "no answer";
        return new ElasticsearchFailure($"Elasticsearch {operation} failed ({status?.ToString() ?? "no status"}): {reason}", response.ApiCallDetails?.OriginalException);
    }
}
