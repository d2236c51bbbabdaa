using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Unions;

/// <summary>Registering unions, their tree, caps and yearly budgets (Admin).</summary>
public sealed class UnionAdmin(IUnionStore store, IUnitOfWork unitOfWork, IValidator<UnionRequest> validator, ICurrentUser user, TimeProvider clock)
{
    public async Task<Result<UnionDetails>> CreateAsync(UnionRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        if (await ValidateAsync(request, null, cancellationToken) is { } error)
        {
            return error;
        }
        var union = new Union(request, clock.GetUtcNow());
        await store.AddAsync(union, cancellationToken);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return await store.DetailsAsync(union, cancellationToken);
    }

    public async Task<Result<UnionDetails>> UpdateAsync(Guid id, UnionRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var union = await store.FindAsync(id, cancellationToken);
        if (union is null)
        {
            return Error.NotFound();
        }
        if (await ValidateAsync(request, id, cancellationToken) is { } error)
        {
            return error;
        }
        union.Update(request);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return await store.DetailsAsync(union, cancellationToken);
    }

    public async Task<Result<UnionDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return await store.FindAsync(id, cancellationToken) is { } union ? await store.DetailsAsync(union, cancellationToken) : Error.NotFound();
    }

    public async Task<Result<Paged<UnionDetails>>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var page = await store.ListAsync(query, cancellationToken);
        var parents = await store.NamesAsync(page.Items.Where(u => u.ParentId is not null).Select(u => u.ParentId!.Value), cancellationToken);
        var items = page.Items.Select(u => u.ToDetails(u.ParentId is { } p ? parents.GetValueOrDefault(p) : null)).ToList();
        return new Paged<UnionDetails>(page.Total, page.Page, page.PageSize, items);
    }

    private async Task<Error?> ValidateAsync(UnionRequest request, Guid? id, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(request, cancellationToken);
        if (!result.IsValid)
        {
            return Error.Invalid(result.ToFieldErrors());
        }
        if (await store.UsccTakenAsync(request.Uscc, id, cancellationToken))
        {
            return UsccRules.AlreadyRegistered();
        }
        if (request.ParentId is { } parentId)
        {
            if (await store.FindAsync(parentId, cancellationToken) is null)
            {
                return Error.Invalid("parentId", Texts.Pick("上级工会不存在。", "The parent union does not exist."));
            }
            // A union cannot sit below itself or below one of its own descendants.
            if (id is { } self && (parentId == self || (await store.AncestorsAsync(parentId, cancellationToken)).Contains(self)))
            {
                return Error.Invalid("parentId", Texts.Pick("上级工会不能是自身或其下级。", "The parent cannot be the union itself or one below it."));
            }
        }
        return null;
    }
}
