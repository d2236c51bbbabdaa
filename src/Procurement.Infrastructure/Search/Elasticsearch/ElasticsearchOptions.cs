namespace Procurement.Infrastructure.Search.Elasticsearch;

/// <summary>The <c>Search:Elasticsearch</c> section: where the cluster is and how to sign in.</summary>
public sealed class ElasticsearchOptions
{
    public const string Section = "Search:Elasticsearch";

    /// <summary>The cluster's address, e.g. https://es.internal:9200. Required when Search:Provider=Elasticsearch.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The contract's <c>IndexPrefix</c>: the alias searches and writes go through, and the prefix of the indices behind
    /// it (each rebuild makes a new <c>{IndexPrefix}-{timestamp}</c> and moves the alias).
    /// </summary>
    public string IndexPrefix { get; set; } = "catalog";

    /// <summary>An API key (the encoded form Kibana shows), or <see cref="Username"/> and <see cref="Password"/>.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>SHA-256 fingerprint of the cluster's CA, for self-signed clusters (as printed by Elasticsearch at first start).</summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>Documents per bulk request while rebuilding.</summary>
    public int BulkSize { get; set; } = 1000;
}
