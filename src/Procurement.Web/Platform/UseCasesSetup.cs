using FluentValidation;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure;
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
        services.AddScoped<UnionProfile>();
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
        services.AddSingleton(configuration.Read<Core.Ordering.OrderingOptions>("Ordering", rules =>
        {
            rules.RuleFor(o => o.ReservationHours).InclusiveBetween(1, 24 * 30);
            rules.RuleFor(o => o.WarnHoursBefore).GreaterThanOrEqualTo(0).LessThan(o => o.ReservationHours);
        }));
        services.AddScoped<Core.Ordering.OrderQueries>();
        services.AddScoped<Core.Paperwork.SignOffSheets>();
        // Invoices and acceptance (#22 Paperwork).
        services.AddScoped<Core.Paperwork.InvoiceProfiles>();
        services.AddScoped<Core.Paperwork.OrderInvoices>();
        services.AddScoped<Core.Paperwork.SupplierInvoices>();
        services.AddScoped<Core.Paperwork.FinanceInvoices>();
        services.AddScoped<Core.Paperwork.OrderAcceptances>();
        services.AddScoped<Core.Ordering.OrderDrafting>();
        services.AddScoped<Core.Ordering.PurchaseLists>();
        // Issue #21 (build with stock in sight): the package builder's stock check.
        services.AddScoped<Core.Ordering.StockCheck>();
        services.AddScoped<Components.Ordering.ListAdded>();
        services.AddScoped<Core.Ordering.UnionDashboard>();
        // Drafts and decisions (#21): the approver's decision facts.
        services.AddScoped<Core.Ordering.DecisionFacts>();
        services.AddSingleton(configuration.Read<Core.Payments.BankTransferOptions>("Payments:BankTransfer", rules =>
            rules.RuleFor(o => o).Must(o => o.Configured || (string.IsNullOrWhiteSpace(o.AccountName) && string.IsNullOrWhiteSpace(o.BankName)
                && string.IsNullOrWhiteSpace(o.AccountNumber))).OverridePropertyName("AccountName")
                .WithMessage("set AccountName, BankName and AccountNumber together, or none of them")));
        services.AddSingleton(Api.PaymentsEndpoints.MethodNames);
        services.AddScoped<Core.Payments.PayOrder>();
        services.AddScoped<Core.Payments.TransferConfirmations>();
        services.AddScoped<Core.Payments.PaymentResolutions>();
        services.AddScoped<Core.Payments.PaymentQueries>();
        services.AddScoped<Core.Payments.FinanceRefunds>();
        services.AddScoped<Core.Payments.RefundSender>();
        services.AddScoped<Core.Payments.RefundBooks>();
        services.AddScoped<Core.Settlement.SupplierPayouts>();
        services.AddScoped<Core.Ordering.IPaidOrderCancellation, Core.Payments.PaidOrderRefunds>();
        services.AddScoped<Core.Payments.IPaidOrderParcels, Core.Fulfilment.PaidOrderParcels>();
        services.AddScoped<Core.Payments.PaymentEvents>();
        services.AddSingleton(configuration.Read<Infrastructure.Payments.StripeOptions>("Stripe", rules =>
        {
            rules.RuleFor(o => o.ToleranceSeconds).InclusiveBetween(1, 3600);
            rules.RuleFor(o => o.ApiBase).Must(Settings.IsHttpUrlOrEmpty).WithMessage("an absolute http(s) address");
        }));
        services.AddSingleton<Core.Payments.IOnlinePayments, Infrastructure.Payments.StripePaymentProvider>();
        services.AddSingleton(configuration.Read<Core.Fulfilment.FulfilmentOptions>("Fulfilment", rules => rules.RuleFor(o => o.CompleteAfterDays).InclusiveBetween(1, 90)));
        services.AddScoped<Core.Fulfilment.SupplierParcels>();
        services.AddScoped<Core.Fulfilment.TrackingImport>();
        services.AddScoped<Core.Fulfilment.OrderParcels>();
        services.AddScoped<Core.Fulfilment.DeliveryConfirmation>();
        services.AddScoped<Core.Fulfilment.AfterSalesReport>();
        services.AddScoped<Core.Fulfilment.AfterSalesResolution>();
        // 0.03 is 3%.
        var settlement = configuration.Read<Core.Settlement.SettlementOptions>("Settlement", rules => rules.RuleFor(o => o.ServiceFeeRate).InclusiveBetween(0m, 1m));
        services.AddSingleton(settlement);
        services.AddScoped<Core.Settlement.SettlementStatements>();
        services.AddScoped<Core.Settlement.MonthSettlement>();
        services.AddSingleton<Core.Ledger.ILedgerSheets, Infrastructure.Ledger.LedgerSheets>();
        services.AddScoped<Core.Ledger.LedgerBooks>();
        services.AddScoped<Core.Ledger.LedgerProof>();
        services.AddScoped<Infrastructure.Ledger.LedgerCheckJob>();
        IReadOnlyDictionary<string, Core.Partners.PartnerOptions> partners = Core.Partners.PartnerCodes.All.ToDictionary(code => code,
            code => configuration.Read<Core.Partners.PartnerOptions>($"Partners:{code}", rules =>
                rules.RuleFor(o => o.BaseUrl).Must(Settings.IsHttpUrlOrEmpty).WithMessage("an absolute http(s) address")));
        services.AddSingleton(partners);
        services.AddScoped<Core.Partners.PartnerOrderDesk>();
        services.AddScoped<Core.Partners.PartnerOrderQueries>();
        services.AddScoped<Core.Partners.StatementIntake>();
        services.AddScoped<Core.Partners.StatementUploads>();
        services.AddScoped<Core.Partners.StatementPulls>();
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
        // Notifications and bank-transfer paperwork (issue #21).
        services.AddScoped<Core.Notifications.MyNotifications>();
        services.AddScoped<Core.Payments.TransferPaperwork>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoReconciliation>();
        // Member choice (issue #24): codes, the gift page, the purchaser's progress and the deadline job.
        services.AddSingleton(configuration.Read<Core.Gifts.GiftOptions>("Gifts", rules =>
            rules.RuleFor(o => o.PublicBaseUrl).Must(u => Uri.TryCreate(u, UriKind.Absolute, out _)).WithMessage("must be an absolute URL")));
        services.AddScoped<Core.Gifts.IGiftStore, Infrastructure.Persistence.Gifts.GiftStore>();
        services.AddScoped<Core.Gifts.IMemberMessages, Infrastructure.Persistence.Gifts.RecordedMemberMessages>();
        // The SMS provider (plain HTTPS, signed; resilience from Microsoft.Extensions.Http.Resilience) where Sms:Endpoint is set.
        var sms = configuration.Read<Infrastructure.Gifts.SmsOptions>("Sms", rules =>
        {
            rules.RuleFor(o => o.Endpoint).Must(Settings.IsHttpUrlOrEmpty).WithMessage("an absolute http(s) address");
            rules.RuleFor(o => o.AccessKey).NotEmpty().When(o => o.Configured).WithMessage("set AccessKey with Endpoint");
            rules.RuleFor(o => o.Secret).NotEmpty().When(o => o.Configured).WithMessage("set Secret with Endpoint");
            rules.RuleFor(o => o.TimeoutSeconds).InclusiveBetween(1, 120);
        });
        services.AddSingleton(sms);
        if (sms.Configured)
        {
            services.AddHttpClient<Core.Gifts.ISmsGateway, Infrastructure.Gifts.HttpsSmsGateway>(client => client.Timeout = TimeSpan.FromSeconds(sms.TimeoutSeconds * 4))
                .AddStandardResilienceHandler(resilience =>
                {
                    resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(sms.TimeoutSeconds);
                    resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(sms.TimeoutSeconds * 3);
                    resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(sms.TimeoutSeconds * 2, 30));
                });
        }
        else
        {
            services.AddSingleton<Core.Gifts.ISmsGateway, Infrastructure.Gifts.NoSmsGateway>();
        }
        services.AddScoped<Core.Gifts.IMemberMessageOutbox, Infrastructure.Persistence.Gifts.MemberMessageOutbox>();
        services.AddScoped<Core.Gifts.MemberMessageDelivery>();
        services.AddScoped<Infrastructure.Jobs.MemberMessagesJob>();
        services.AddSingleton<Core.Gifts.IGiftSheets, Infrastructure.Gifts.GiftSheets>();
        services.AddScoped<Core.Gifts.GiftIssuing>();
        services.AddScoped<Core.Gifts.MemberGifts>();
        services.AddScoped<Core.Gifts.OrderGifts>();
        services.AddScoped<Core.Gifts.GiftDeadlines>();
        services.AddScoped<Infrastructure.Jobs.GiftDeadlinesJob>();
        services.AddScoped<Components.Gifts.GiftPageLookups>();
        services.AddSingleton<Components.Gifts.GiftLookupLimit>();
        services.AddScoped<Components.CircuitClient>();
        return services;
    }
}
