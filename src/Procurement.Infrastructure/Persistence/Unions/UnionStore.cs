using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Unions;

namespace Procurement.Infrastructure.Persistence.Unions;

public sealed class UnionStore(ProcurementDbContext db) : IUnionStore
{
    public Task<Union?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Unions.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public Task<bool> UsccTakenAsync(string uscc, Guid? exceptId, CancellationToken cancellationToken) =>
        db.Unions.AnyAsync(u => u.Uscc == uscc && u.Id != exceptId, cancellationToken);

    public async Task<IReadOnlyList<Guid>> AncestorsAsync(Guid id, CancellationToken cancellationToken)
    {
        // Trees are a few levels deep (province → city → enterprise); walking up is cheaper than a recursive CTE per provider.
        var ancestors = new List<Guid>();
        Guid? current = id;
        while (current is { } at && ancestors.Count < 32)
        {
            current = await db.Unions.Where(u => u.Id == at).Select(u => u.ParentId).FirstOrDefaultAsync(cancellationToken);
            if (current is { } parent)
            {
                ancestors.Add(parent);
            }
        }
        return ancestors;
    }

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Unions.Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
    }

    public async Task<Paged<Union>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var unions = db.Unions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            unions = unions.Where(u => u.Name.Contains(q) || u.Uscc.Contains(q));
        }
        var total = await unions.CountAsync(cancellationToken);
        var items = await unions.OrderBy(u => u.Name).ThenBy(u => u.Id)
            .Skip(query.Skip).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Paged<Union>(total, query.Page, query.PageSize, items);
    }

    public async Task AddAsync(Union union, CancellationToken cancellationToken) =>
        await db.Unions.AddAsync(union, cancellationToken);
}
