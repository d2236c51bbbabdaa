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

    /// <summary>
    /// The platform itself: background jobs, webhooks, partner pushes and start-up, each set where it starts. Never
    /// implied by the absence of a user: an anonymous caller sees public data only.
    /// </summary>
    bool IsSystem { get; }
}

public static class CurrentUserExtensions
{
    /// <summary>Signed-in admins and the explicit system identity see every tenant; everyone else sees their own, anonymous nobody's.</summary>
    public static bool SeesAllTenants(this ICurrentUser user) =>
        user.Can(Capability.Administer);
}

/// <summary>The system identity where no container is at hand (design-time tools, unit tests).</summary>
public sealed class SystemUser : ICurrentUser
{
    public static readonly SystemUser Instance = new();

    public Guid? UserId => null;
    public string? Role => null;
    public Guid? UnionId => null;
    public Guid? SupplierId => null;
    public bool IsSystem => true;
}
