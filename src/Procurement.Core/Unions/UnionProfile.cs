using Procurement.Core.Common;

namespace Procurement.Core.Unions;

/// <summary>The caller's own union as its members see it (Purchaser, Approver): name, tree, cap, budgets.</summary>
public sealed class UnionProfile(IUnionStore store, ICurrentUser user)
{
    public async Task<Result<UnionDetails>> MineAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion) is { } denied)
        {
            return denied;
        }
        return await store.FindAsync(user.UnionId!.Value, cancellationToken) is { } union ? await store.DetailsAsync(union, cancellationToken) : Error.NotFound();
    }
}
