namespace Procurement.Core.Users;

/// <summary>The five roles of the contract. A user has exactly one.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Purchaser = "Purchaser";
    public const string Approver = "Approver";
    public const string Finance = "Finance";
    public const string Supplier = "Supplier";

    public static readonly IReadOnlyList<string> All = [Admin, Purchaser, Approver, Finance, Supplier];

    /// <summary>Purchasers and approvers act for one union; supplier users for one supplier.</summary>
    public static bool BelongsToUnion(string role) => role is Purchaser or Approver;

    public static bool BelongsToSupplier(string role) => role is Supplier;

    public static string Label(string role) => role switch
    {
        Admin => Common.Texts.Pick("运营管理员", "Administrator"),
        Purchaser => Common.Texts.Pick("工会采购员", "Union purchaser"),
        Approver => Common.Texts.Pick("工会审批人", "Union approver"),
        Finance => Common.Texts.Pick("财务", "Finance"),
        Supplier => Common.Texts.Pick("供应商", "Supplier"),
        _ => role,
    };
}
