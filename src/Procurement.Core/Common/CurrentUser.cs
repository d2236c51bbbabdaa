namespace Procurement.Core.Common;

/// <summary>
/// Who is calling, from the sign-in's claims. Tenancy hangs off this one object: the persistence layer filters
/// union- and supplier-owned rows by it, so no endpoint or page has to remember to.
/// </summary>
public interface ICurrentUser
{
    Guid? UserId { get; }
    string? Role { get; }
    Guid? UnionId { get; }
    Guid? SupplierId { get; }
}

public static class CurrentUserExtensions
{
    /// <summary>Admins and background jobs (no user at all) see every tenant; everyone else sees their own.</summary>
    public static bool SeesAllTenants(this ICurrentUser user) => user.UserId is null || user.Role == Users.Roles.Admin;
}

/// <summary>Background work and design-time tools act as nobody in particular, and so see every tenant.</summary>
public sealed class NoUser : ICurrentUser
{
    public static readonly NoUser Instance = new();

    public Guid? UserId => null;
    public string? Role => null;
    public Guid? UnionId => null;
    public Guid? SupplierId => null;
}
