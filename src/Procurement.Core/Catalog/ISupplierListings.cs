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
}
