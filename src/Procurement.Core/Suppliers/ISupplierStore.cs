using Procurement.Core.Common;

namespace Procurement.Core.Suppliers;

public interface ISupplierStore
{
    Task<Supplier?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> UsccTakenAsync(string uscc, Guid? exceptId, CancellationToken cancellationToken);

    Task<Paged<Supplier>> ListAsync(ListQuery query, CancellationToken cancellationToken);

    Task AddAsync(Supplier supplier, CancellationToken cancellationToken);
}
