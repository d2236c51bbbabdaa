using Microsoft.AspNetCore.Identity;

namespace Procurement.Infrastructure.Users;

/// <summary>An Identity account with the tenant it acts for. The role is an Identity role (exactly one per user).</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public Guid? UnionId { get; set; }
    public Guid? SupplierId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
