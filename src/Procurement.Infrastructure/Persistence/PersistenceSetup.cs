using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence.Suppliers;
using Procurement.Infrastructure.Persistence.Unions;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Persistence;

public static class PersistenceSetup
{
    /// <summary>The SQLite connection string used when <c>ConnectionStrings:Procurement</c> is not set.</summary>
    public static string DefaultSqliteConnection(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "procurement.db"),
            // Also SQLite's busy timeout: a writer waits this long for another instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();

    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.Read<DatabaseOptions>("Database");
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString("Procurement");
        services.AddSingleton<Catalog.CatalogOutboxSignal>();
        services.AddSingleton<Catalog.CatalogOutboxSignalInterceptor>();
        services.AddDbContext<ProcurementDbContext>((sp, db) =>
        {
            Configure(db, options.Provider, connectionString, dataDirectory);
            db.AddInterceptors(sp.GetRequiredService<Catalog.CatalogOutboxSignalInterceptor>());
        });

        services.AddScoped<StagedStatements>();
        services.AddScoped<Core.Common.IUnitOfWork, UnitOfWork>();
        services.AddScoped<Core.Ordering.IOrderStore, Ordering.OrderStore>();
        services.AddScoped<Core.Ordering.IRecipientStore, Ordering.RecipientStore>();
        services.AddScoped<Core.Ordering.IOrderCommitments, Ordering.OrderCommitments>();
        services.AddScoped<Core.Ordering.IPurchaseListStore, Ordering.PurchaseListStore>();
        services.AddScoped<Core.Ordering.IUnionSpend, Ordering.UnionSpend>();
        // Drafts and decisions (#21): the approver's decision facts.
        services.AddScoped<Core.Ordering.IDecisionFactsStore, Ordering.DecisionFactsStore>();
        services.AddScoped<Core.Payments.IPaymentStore, Payments.PaymentStore>();
        services.AddScoped<Core.Payments.IRefundStore, Payments.RefundStore>();
        services.AddScoped<Core.Fulfilment.IShipmentStore, Fulfilment.ShipmentStore>();
        services.AddScoped<Core.Fulfilment.IAfterSalesStore, Fulfilment.AfterSalesStore>();
        services.AddScoped<Core.Settlement.ISettlementStore, Settlement.SettlementStore>();
        services.AddScoped<Core.Ledger.ILedger, Ledger.LedgerPostings>();
        services.AddScoped<Ledger.LedgerOpening>();
        services.AddScoped<Core.Ledger.ILedgerBooks, Ledger.LedgerBooksStore>();
        services.AddScoped<Core.Ledger.ILedgerProofStore, Ledger.LedgerProofStore>();
        services.AddScoped<Core.Partners.IPartnerOrderStore, Partners.PartnerOrderStore>();
        services.AddScoped<Core.Partners.IStatementStore, Partners.StatementStore>();
        services.AddScoped<Core.Partners.IReconciliationStore, Partners.ReconciliationStore>();
        services.AddScoped<ISupplierStore, SupplierStore>();
        services.AddScoped<IUnionStore, UnionStore>();
        services.AddScoped<IUserAccounts, UserAccounts>();
        services.AddScoped<TokenIssuer>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<Core.Catalog.IProductCards, Catalog.ProductCards>();
        services.AddScoped<Core.Catalog.ISupplierListings, Catalog.SupplierListings>();
        services.AddScoped<Core.Catalog.Listings.IListingStore, Catalog.ListingStore>();
        services.AddScoped<Core.Suppliers.ISupplierNotices, Suppliers.SupplierNotices>();
        // Notifications (issue #21): one store for every audience; the supplier notices read it too.
        services.AddScoped<Notifications.NotificationStore>();
        services.AddScoped<Core.Notifications.INotifications>(sp => sp.GetRequiredService<Notifications.NotificationStore>());
        services.AddScoped<Core.Catalog.Listings.ICertificateWatch, Catalog.CertificateWatch>();
        services.AddScoped<Core.Catalog.Listings.IImageReferences, Catalog.ImageReferences>();
        services.AddScoped<Core.Catalog.Sales.ISalesStore, Catalog.SalesStore>();
        // Invoices (#22 Paperwork): one store is also Payments' port for what paying and refunding owe.
        services.AddScoped<Paperwork.InvoiceStore>();
        services.AddScoped<Core.Paperwork.IInvoiceStore>(sp => sp.GetRequiredService<Paperwork.InvoiceStore>());
        services.AddScoped<Core.Payments.IPaidOrderInvoices>(sp => sp.GetRequiredService<Paperwork.InvoiceStore>());
        services.AddScoped<Paperwork.InvoiceOpening>();
        services.AddScoped<DatabaseMigrator>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder db, DatabaseProvider provider, string? connectionString, string dataDirectory)
    {
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                db.UseSqlServer(
                    connectionString ?? throw new InvalidOperationException("Database:Provider=SqlServer needs ConnectionStrings:Procurement."),
                    sql => sql.MigrationsAssembly(DatabaseOptions.SqlServerMigrationsAssembly).EnableRetryOnFailure().UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                break;
            default:
                db.UseSqlite(connectionString ?? DefaultSqliteConnection(dataDirectory),
                    sqlite => sqlite.MigrationsAssembly(DatabaseOptions.SqliteMigrationsAssembly).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
                break;
        }
    }
}
