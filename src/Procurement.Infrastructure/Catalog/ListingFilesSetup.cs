using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog.Listings;

namespace Procurement.Infrastructure.Catalog;

public static class ListingFilesSetup
{
    /// <summary>What listings take in from suppliers: rich text (sanitized), photos (under the data directory) and stock sheets.</summary>
    public static IServiceCollection AddListingFiles(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<IDescriptionSanitizer, DescriptionSanitizer>();
        services.AddSingleton<IImageStore>(sp => new ImageStore(Path.Combine(dataDirectory, "images"), sp.GetRequiredService<ILogger<ImageStore>>()));
        services.AddSingleton<IStockSheetReader, StockSheetReader>();
        services.AddSingleton<IStockSheetWriter, StockSheetWriter>();
        return services;
    }
}
