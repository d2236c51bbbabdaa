using Procurement.Core.Common;

namespace Procurement.Core.Catalog;

/// <summary>
/// A supplier's own listings. Implementations answer only with the caller's products (admins: all), so
/// another supplier's product is simply absent.
/// </summary>
public interface ISupplierListings
{
    Task<Paged<Product>> ListAsync(ListQuery query, CancellationToken cancellationToken);

    Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<SupplierOverview> OverviewAsync(OverviewQuery query, CancellationToken cancellationToken);
}

public sealed record LowStockSku(Guid ProductId, string ProductName, string Code, string Spec, int Available);

public sealed record ExpiringCertificate(Guid ProductId, string ProductName, string Number, DateOnly ValidTo);

/// <summary>A product's sales over the overview's window: units (<paramref name="Sales"/>) and CNY.</summary>
public sealed record ProductSales(Guid ProductId, string Name, int Sales, decimal Amount);

/// <summary>All the supplier's products together on one business day; days without sales are listed with zeros.</summary>
public sealed record DailySales(DateOnly Day, int Units, decimal Amount);

/// <summary>What the dashboard looks at.</summary>
/// <param name="LowStock">A SKU with fewer units available than this is running low.</param>
/// <param name="CertificatesUntil">Certificates ending on or before this day are listed.</param>
/// <param name="SalesFrom">The first day of the sales window (the last is today).</param>
public sealed record OverviewQuery(int LowStock, DateOnly CertificatesUntil, DateOnly SalesFrom, DateOnly SalesTo)
{
    public const int SalesDays = 30;

    public static OverviewQuery For(DateOnly today) =>
        new(StockAlerts.LowBelow, today.AddDays(Listings.CertificateExpiry.WarnDays), today.AddDays(1 - SalesDays), today);
}

/// <summary>
/// A supplier's dashboard: listings by status, SKUs running low, certificates ending, and the sales window's best
/// sellers and days.
/// </summary>
public sealed record SupplierOverview(
    IReadOnlyDictionary<ProductStatus, int> ByStatus,
    IReadOnlyList<LowStockSku> LowStock,
    IReadOnlyList<ExpiringCertificate> Certificates,
    IReadOnlyList<ProductSales> TopSellers,
    IReadOnlyList<DailySales> SalesByDay);

public static class StockAlerts
{
    /// <summary>A SKU with fewer units than this available is running low (dashboard alert, red in the product list).</summary>
    public const int LowBelow = 10;
}
