using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog.Listings;

namespace Procurement.Infrastructure.Catalog;

public static class ListingFilesSetup
{
    /// <summary>
    /// What listings take in from suppliers: rich text (sanitized), photos (in <c>Storage:ImagesDirectory</c>, default
    /// <c>{data}/images</c>: one folder every web instance mounts) and stock sheets.
    /// </summary>
    public static IServiceCollection AddListingFiles(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddSingleton<IDescriptionSanitizer, DescriptionSanitizer>();
        var images = configuration["Storage:ImagesDirectory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(dataDirectory, "images");
        services.AddSingleton<IPhotoFiles>(new LocalPhotoFiles(images));
        services.AddSingleton<IImageStore, ImageStore>();
        services.AddSingleton<IStockSheetReader, StockSheetReader>();
        services.AddSingleton<IStockSheetWriter, StockSheetWriter>();
        services.AddSingleton<Core.Ordering.IRecipientSheetReader, Ordering.RecipientSheetReader>();
        services.AddSingleton<Core.Ordering.IOrderSheets, Ordering.OrderSheets>();
        services.AddSingleton<Core.Paperwork.ISignOffSheetWriter, Paperwork.SignOffSheetWriter>();
        services.AddSingleton<Core.Fulfilment.ITrackingSheetReader, Fulfilment.TrackingSheetReader>();
        services.AddSingleton<Core.Fulfilment.IPackingListSheets, Fulfilment.PackingListSheets>();
        services.AddSingleton<Core.Settlement.IStatementSheets, Settlement.StatementSheets>();
        services.AddSingleton<Core.Payments.IPaymentSheets, Payments.PaymentSheets>();
        return services;
    }
}
