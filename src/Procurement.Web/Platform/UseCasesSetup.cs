using FluentValidation;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Seeding;

namespace Procurement.Web.Platform;

/// <summary>Core's use cases and validators, registered by name so a reader can see what exists.</summary>
public static class UseCasesSetup
{
    public static IServiceCollection AddUseCases(this IServiceCollection services, IConfiguration configuration)
    {
        FieldNames.Configure();
        services.AddSingleton(TimeProvider.System);
        services.AddValidatorsFromAssemblyContaining<SupplierRequestValidator>(ServiceLifetime.Singleton);
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        services.AddScoped<SupplierAdmin>();
        services.AddScoped<UnionAdmin>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<ListingEditor>();
        services.AddScoped<ListingReview>();
        services.AddScoped<Core.Catalog.Search.CatalogIndexAdmin>();
        services.AddScoped<StockImport>();
        services.AddScoped<CertificateExpiry>();
        services.AddScoped<ListingImages>();
        services.AddScoped<Infrastructure.Jobs.CertificateExpiryJob>();
        services.AddScoped<ImageSweep>();
        services.AddScoped<Core.Catalog.Sales.SalesLedger>();
        services.AddScoped<Infrastructure.Jobs.ImageSweepJob>();
        services.AddScoped<Infrastructure.Jobs.RefreshTokenPurgeJob>();
        services.AddSingleton(configuration.GetSection("Ordering").Get<Core.Ordering.OrderingOptions>() ?? new Core.Ordering.OrderingOptions());
        services.AddScoped<Core.Ordering.OrderQueries>();
        services.AddScoped<Core.Ordering.OrderDrafting>();
        services.AddScoped<Core.Ordering.PurchaseLists>();
        services.AddScoped<Core.Ordering.UnionDashboard>();
        services.AddSingleton(configuration.GetSection("Payments:BankTransfer").Get<Core.Payments.BankTransferOptions>() ?? new Core.Payments.BankTransferOptions());
        services.AddScoped<Core.Payments.PaymentDesk>();
        services.AddScoped<Core.Payments.PaymentEvents>();
        services.AddSingleton(configuration.GetSection("Stripe").Get<Infrastructure.Payments.StripeOptions>() ?? new Infrastructure.Payments.StripeOptions());
        services.AddSingleton<Infrastructure.Payments.StripePaymentProvider>();
        services.AddSingleton<Core.Payments.IPaymentProvider>(sp => sp.GetRequiredService<Infrastructure.Payments.StripePaymentProvider>());
        services.AddSingleton<Core.Payments.IRefundProvider>(sp => sp.GetRequiredService<Infrastructure.Payments.StripePaymentProvider>());
        services.AddScoped<Core.Payments.RefundDesk>();
        services.AddScoped<Core.Ordering.IPaidOrderCancellation>(sp => sp.GetRequiredService<Core.Payments.RefundDesk>());
        services.AddSingleton(configuration.GetSection("Fulfilment").Get<Core.Fulfilment.FulfilmentOptions>() ?? new Core.Fulfilment.FulfilmentOptions());
        services.AddScoped<Core.Fulfilment.SupplierParcels>();
        services.AddScoped<Core.Fulfilment.TrackingImport>();
        services.AddScoped<Core.Fulfilment.OrderParcels>();
        services.AddScoped<Core.Fulfilment.DeliveryConfirmation>();
        services.AddScoped<Core.Fulfilment.AfterSalesReport>();
        services.AddScoped<Core.Fulfilment.AfterSalesResolution>();
        var settlement = configuration.GetSection("Settlement").Get<Core.Settlement.SettlementOptions>() ?? new Core.Settlement.SettlementOptions();
        if (settlement.ServiceFeeRate is < 0m or > 1m)
        {
            throw new InvalidOperationException($"Settlement:ServiceFeeRate must be between 0 and 1 (0.03 is 3%), not {settlement.ServiceFeeRate}.");
        }
        services.AddSingleton(settlement);
        services.AddScoped<Core.Settlement.SettlementDesk>();
        IReadOnlyDictionary<string, Core.Partners.PartnerOptions> partners = Core.Partners.PartnerCodes.All.ToDictionary(code => code,
            code => configuration.GetSection($"Partners:{code}").Get<Core.Partners.PartnerOptions>() ?? new Core.Partners.PartnerOptions());
        services.AddSingleton(partners);
        services.AddScoped<Core.Partners.PartnerOrderDesk>();
        services.AddScoped<Core.Partners.PartnerOrderQueries>();
        services.AddScoped<Core.Partners.StatementDesk>();
        services.AddScoped<Core.Partners.ReconciliationPipeline>();
        services.AddScoped<Core.Partners.ReconciliationReview>();
        Infrastructure.Partners.PartnersSetup.AddPartnerFiles(services, configuration);
        services.AddScoped<Infrastructure.Jobs.CompleteDeliveredOrdersJob>();
        services.AddSingleton<Infrastructure.Payments.StripeWebhookReader>();
        services.AddScoped<Core.Payments.IPaymentEventLog, Infrastructure.Payments.PaymentEventLog>();
        services.AddScoped<Core.Ordering.RecipientsImport>();
        services.AddScoped<Core.Ordering.OrderWorkflow>();
        services.AddScoped<Infrastructure.Jobs.ReleaseExpiredReservationsJob>();
        services.AddScoped<Infrastructure.Jobs.IdempotencyKeyPurgeJob>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoReconciliation>();
        return services;
    }
}
