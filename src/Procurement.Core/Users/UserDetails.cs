namespace Procurement.Core.Users;

public sealed record UserDetails(
    Guid Id, string Email, string DisplayName, string Role, Guid? UnionId, string? UnionName,
    Guid? SupplierId, string? SupplierName, bool Disabled, DateTimeOffset CreatedAt);
