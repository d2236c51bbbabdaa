using Microsoft.AspNetCore.Identity;

namespace Procurement.Infrastructure.Users;

/// <summary>An Identity account with the tenant it acts for. The role is an Identity role (exactly one per user).</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public Guid? UnionId { get; set; }
    public Guid? SupplierId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Disabled by an admin (locked out for good, <c>LockoutEnd = DateTimeOffset.MaxValue</c>), as opposed to the
    /// 15-minute lockout after wrong passwords: that one only stops new sign-ins, this one ends every session.
    /// </summary>
    public bool IsDisabled(DateTimeOffset now) => LockoutEnd > now.AddYears(100);
}
