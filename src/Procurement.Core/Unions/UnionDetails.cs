using Procurement.Core.Common.Regions;

namespace Procurement.Core.Unions;

public sealed record UnionDetails(
    Guid Id, string Name, string Uscc, string ProvinceCode, string ProvinceName, Guid? ParentId, string? ParentName,
    int MemberCount, decimal AnnualCapPerMember, decimal ApprovalThreshold, IReadOnlyList<UnionBudget> Budgets,
    DateTimeOffset CreatedAt, decimal TargetCertifiedShare);

public static class UnionMapping
{
    /// <summary>A union's details with its parent's name.</summary>
    public static async Task<UnionDetails> DetailsAsync(this IUnionStore store, Union union, CancellationToken cancellationToken)
    {
        string? parentName = null;
        if (union.ParentId is { } parentId)
        {
            (await store.NamesAsync([parentId], cancellationToken)).TryGetValue(parentId, out parentName);
        }
        return union.ToDetails(parentName);
    }

    public static UnionDetails ToDetails(this Union union, string? parentName) =>
        new(union.Id, union.Name, union.Uscc, union.ProvinceCode, Regions.NameOf(union.ProvinceCode),
            union.ParentId, parentName, union.MemberCount, union.AnnualCapPerMember, union.ApprovalThreshold,
            union.Budgets.ToList(), union.CreatedAt, union.TargetCertifiedShare);
}
