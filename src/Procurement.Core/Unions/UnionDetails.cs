using Procurement.Core.Common.Regions;

namespace Procurement.Core.Unions;

public sealed record UnionDetails(
    Guid Id, string Name, string Uscc, string ProvinceCode, string ProvinceName, Guid? ParentId, string? ParentName,
    int MemberCount, decimal AnnualCapPerMember, decimal ApprovalThreshold, IReadOnlyList<UnionBudget> Budgets,
    DateTimeOffset CreatedAt, decimal TargetCertifiedShare);

public static class UnionMapping
{
    public static UnionDetails ToDetails(this Union union, string? parentName) =>
        new(union.Id, union.Name, union.Uscc, union.ProvinceCode, Regions.NameOf(union.ProvinceCode),
            union.ParentId, parentName, union.MemberCount, union.AnnualCapPerMember, union.ApprovalThreshold,
            union.Budgets.ToList(), union.CreatedAt, union.TargetCertifiedShare);
}
