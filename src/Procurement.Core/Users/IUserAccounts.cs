using Procurement.Core.Common;

namespace Procurement.Core.Users;

/// <summary>Accounts, passwords and roles. Infrastructure answers with ASP.NET Core Identity.</summary>
public interface IUserAccounts
{
    /// <summary>Fails with a validation error naming <c>email</c> or <c>password</c> when the store refuses them.</summary>
    Task<Result<UserDetails>> CreateAsync(UserRequest request, CancellationToken cancellationToken);

    Task<Result<UserDetails>> UpdateAsync(Guid id, UserUpdateRequest request, CancellationToken cancellationToken);

    Task<UserDetails?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<Paged<UserDetails>> ListAsync(ListQuery query, CancellationToken cancellationToken);
}
