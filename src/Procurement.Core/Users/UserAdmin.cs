using FluentValidation;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;

namespace Procurement.Core.Users;

/// <summary>Creating and editing accounts (Admin): validates, checks the tenant exists, then hands over to the account store.</summary>
public sealed class UserAdmin(
    IUserAccounts accounts, IUnionStore unions, ISupplierStore suppliers,
    IValidator<UserRequest> createValidator, IValidator<UserUpdateRequest> updateValidator, ICurrentUser caller)
{
    public async Task<Result<UserDetails>> CreateAsync(UserRequest request, CancellationToken cancellationToken)
    {
        if (caller.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var result = await createValidator.ValidateAsync(request, cancellationToken);
        if (!result.IsValid)
        {
            return Error.Invalid(result.ToFieldErrors());
        }
        if (await TenantErrorAsync(request.UnionId, request.SupplierId, cancellationToken) is { } error)
        {
            return error;
        }
        return await accounts.CreateAsync(request, cancellationToken);
    }

    public async Task<Result<UserDetails>> UpdateAsync(Guid id, UserUpdateRequest request, CancellationToken cancellationToken)
    {
        if (caller.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        if (await accounts.FindAsync(id, cancellationToken) is null)
        {
            return Error.NotFound();
        }
        var result = await updateValidator.ValidateAsync(request, cancellationToken);
        if (!result.IsValid)
        {
            return Error.Invalid(result.ToFieldErrors());
        }
        if (await TenantErrorAsync(request.UnionId, request.SupplierId, cancellationToken) is { } error)
        {
            return error;
        }
        return await accounts.UpdateAsync(id, request, cancellationToken);
    }

    public async Task<Result<UserDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (caller.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return await accounts.FindAsync(id, cancellationToken) is { } user ? user : Error.NotFound();
    }

    public async Task<Result<Paged<UserDetails>>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (caller.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return await accounts.ListAsync(query, cancellationToken);
    }

    private async Task<Error?> TenantErrorAsync(Guid? unionId, Guid? supplierId, CancellationToken cancellationToken)
    {
        if (unionId is { } u && await unions.FindAsync(u, cancellationToken) is null)
        {
            return Error.Invalid("unionId", Texts.Pick("工会不存在。", "The union does not exist."));
        }
        if (supplierId is { } s && await suppliers.FindAsync(s, cancellationToken) is null)
        {
            return Error.Invalid("supplierId", Texts.Pick("供应商不存在。", "The supplier does not exist."));
        }
        return null;
    }
}
