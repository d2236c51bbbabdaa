using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Search.Elasticsearch;

public static class ElasticsearchSetup
{
    /// <summary>Search:Provider=Elasticsearch: the catalog is read from and written to the cluster at Search:Elasticsearch:Url.</summary>
    public static IServiceCollection AddElasticsearchCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.Read<ElasticsearchOptions>(ElasticsearchOptions.Section);
        if (string.IsNullOrWhiteSpace(options.Url) || !Uri.TryCreate(options.Url, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException(
                "Search:Provider=Elasticsearch needs Search:Elasticsearch:Url, the cluster's address (e.g. https://es.internal:9200).");
        }
        services.AddSingleton(options);
        services.AddSingleton(_ => CreateClient(options));
        services.AddSingleton<ICatalogIndex, ElasticsearchCatalogIndex>();
        services.AddSingleton<ICatalogSearch, ElasticsearchCatalogSearch>();
        return services;
    }

    /// <param name="invoker">Tests pass a recording in-memory invoker; production talks HTTP.</param>
    public static ElasticsearchClient CreateClient(ElasticsearchOptions options, IRequestInvoker? invoker = null)
    {
        var pool = new SingleNodePool(new Uri(options.Url!));
        var settings = invoker is null ? new ElasticsearchClientSettings(pool) : new ElasticsearchClientSettings(pool, invoker);
        settings.RequestTimeout(TimeSpan.FromSeconds(30));
        if (options.ApiKey is { Length: > 0 } apiKey)
        {
            settings.Authentication(new ApiKey(apiKey));
        }
        else if (options.Username is { Length: > 0 } username)
        {
            settings.Authentication(new BasicAuthentication(username, options.Password ?? ""));
        }
        if (options.CertificateFingerprint is { Length: > 0 } fingerprint)
        {
            settings.CertificateFingerprint(fingerprint);
        }
        return new ElasticsearchClient(settings);
    }
}
