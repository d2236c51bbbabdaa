namespace Procurement.Infrastructure.Users;

/// <summary>
/// One refresh token, stored as a SHA-256 hash. Each is good for one refresh: using it consumes it, and a
/// consumed token presented again revokes every token of that user (somebody replayed a stolen one).
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the sign-in this token descends from happened: refreshing never carries a session past <see cref="TokenIssuer.AbsoluteLifetime"/> from it.</summary>
    public DateTimeOffset SignedInAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
}
