namespace Procurement.Infrastructure.Users;

/// <summary>Claims a sign-in carries besides the user id and role: the tenant it acts for.</summary>
public static class ProcurementClaims
{
    public const string UnionId = "union_id";
    public const string SupplierId = "supplier_id";
    public const string DisplayName = "display_name";
}
