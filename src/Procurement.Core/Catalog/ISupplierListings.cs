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

    /// <param name="lowStock">A SKU with fewer units available than this is running low.</param>
    /// <param name="certificatesUntil">Certificates ending on or before this day are listed.</param>
    Task<SupplierOverview> OverviewAsync(int lowStock, DateOnly certificatesUntil, CancellationToken cancellationToken);
}

public sealed record LowStockSku(Guid ProductId, string ProductName, string Code, string Spec, int Available);

public sealed record ExpiringCertificate(Guid ProductId, string ProductName, string Number, DateOnly ValidTo);

public sealed record ProductSales(Guid ProductId, string Name, int Sales);

/// <summary>A supplier's dashboard: listings by status, SKUs running low, certificates ending, best sellers.</summary>
public sealed record SupplierOverview(
    IReadOnlyDictionary<ProductStatus, int> ByStatus,
    IReadOnlyList<LowStockSku> LowStock,
    IReadOnlyList<ExpiringCertificate> Certificates,
    IReadOnlyList<ProductSales> TopSellers);

public static class StockAlerts
{
    /// <summary>A SKU with fewer units than this available is running low (dashboard alert, red in the product list).</summary>
    public const int LowBelow = 10;
}
