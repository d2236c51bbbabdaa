using Procurement.Core.Common;

namespace Procurement.Core.Unions;

public interface IUnionStore
{
    Task<Union?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> UsccTakenAsync(string uscc, Guid? exceptId, CancellationToken cancellationToken);

    /// <summary>The chain of parents above a union, nearest first, to refuse cycles.</summary>
    Task<IReadOnlyList<Guid>> AncestorsAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken);

    Task<Paged<Union>> ListAsync(ListQuery query, CancellationToken cancellationToken);

    Task AddAsync(Union union, CancellationToken cancellationToken);
}
