using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Suppliers;

/// <summary>Onboarding and editing suppliers (Admin). API endpoints and admin pages both call this.</summary>
public sealed class SupplierAdmin(ISupplierStore store, IUnitOfWork unitOfWork, IValidator<SupplierRequest> validator, ICurrentUser user, TimeProvider clock)
{
    public async Task<Result<SupplierDetails>> CreateAsync(SupplierRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        if (await ValidateAsync(request, null, cancellationToken) is { } error)
        {
            return error;
        }
        var supplier = new Supplier(request.Name.Trim(), request.Uscc, request.CountyCode, request.ContactName.Trim(),
            request.ContactPhone, clock.GetUtcNow());
        await store.AddAsync(supplier, cancellationToken);
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : supplier.ToDetails();
    }

    public async Task<Result<SupplierDetails>> UpdateAsync(Guid id, SupplierRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var supplier = await store.FindAsync(id, cancellationToken);
        if (supplier is null)
        {
            return Error.NotFound();
        }
        if (await ValidateAsync(request, id, cancellationToken) is { } error)
        {
            return error;
        }
        supplier.Update(request);
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : supplier.ToDetails();
    }

    public async Task<Result<SupplierDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return await store.FindAsync(id, cancellationToken) is { } supplier ? supplier.ToDetails() : Error.NotFound();
    }

    public async Task<Result<Paged<SupplierDetails>>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var page = await store.ListAsync(query, cancellationToken);
        return new Paged<SupplierDetails>(page.Total, page.Page, page.PageSize, page.Items.Select(s => s.ToDetails()).ToList());
    }

    private async Task<Error?> ValidateAsync(SupplierRequest request, Guid? id, CancellationToken cancellationToken)
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
        return null;
    }
}
