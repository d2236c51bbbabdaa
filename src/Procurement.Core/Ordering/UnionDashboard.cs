using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Unions;

namespace Procurement.Core.Ordering;

/// <summary>What a union's orders of a year add up to, as the store reads them (orders that count as spend only).</summary>
public sealed record SpendFacts(IReadOnlyList<OrderSpend> Orders, IReadOnlyList<MemberUsage> NearCap, int MembersServed);

public sealed record OrderSpend(Occasion Occasion, decimal Total, IReadOnlyList<LineSpend> Lines);

public sealed record LineSpend(string OriginCityCode, bool Certified, decimal Amount);

public sealed record MemberUsage(string Mobile, string? Name, decimal Used);

public interface IUnionSpend
{
    /// <summary>The union's orders of <paramref name="year"/> that count as spend, and the members whose usage is at least <paramref name="nearCapFrom"/>.</summary>
    Task<SpendFacts> SpendAsync(Guid unionId, int year, decimal nearCapFrom, int nearCapTop, CancellationToken cancellationToken);
}

public sealed record Amount(string Key, string Label, decimal Value);

public sealed record MemberNearCap(string Mobile, string? Name, decimal Used, decimal Left);

/// <summary>The union's year at a glance: budget, spend by occasion and origin, the 帮扶 share against its target, members near their cap.</summary>
public sealed record UnionDashboardView(
    string UnionName, BudgetPosition Budget, decimal Spent, int Orders, int MembersServed, IReadOnlyList<Amount> ByOccasion, IReadOnlyList<Amount> ByOriginCity,
    decimal CertifiedShare, decimal TargetCertifiedShare, IReadOnlyList<MemberNearCap> NearCap);

/// <summary>The union dashboard (Purchaser, Approver): read-only, for the caller's union and a Beijing calendar year.</summary>
public sealed class UnionDashboard(IUnionSpend spend, IUnionStore unions, OrderQueries orders, ICurrentUser user, TimeProvider clock)
{
    /// <summary>Members at or above this share of the cap are "near" it.</summary>
    public const decimal NearCapShare = 0.8m;

    public async Task<Result<UnionDashboardView>> ForYearAsync(int? year, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion) is { } denied)
        {
            return denied;
        }
        var unionId = user.UnionId!.Value;
        var union = await unions.FindAsync(unionId, cancellationToken);
        var budget = await orders.BudgetAsync(year ?? BusinessDate.Year(clock), cancellationToken);
        if (union is null || budget.Error is not null)
        {
            return budget.Error ?? Error.NotFound();
        }
        var position = budget.Value!;
        var facts = await spend.SpendAsync(unionId, position.Year, Money.Round(union.AnnualCapPerMember * NearCapShare), 20, cancellationToken);
        var lines = facts.Orders.SelectMany(o => o.Lines).ToList();
        var lineTotal = lines.Sum(l => l.Amount);
        return new UnionDashboardView(
            union.Name, position, facts.Orders.Sum(o => o.Total), facts.Orders.Count, facts.MembersServed,
            facts.Orders.GroupBy(o => o.Occasion).Select(g => new Amount(g.Key.ToString(), Occasions.Label(g.Key), g.Sum(o => o.Total)))
                .OrderByDescending(a => a.Value).ToList(),
            lines.GroupBy(l => l.OriginCityCode).Select(g => new Amount(g.Key, Regions.NameOf(g.Key) is { Length: > 0 } name ? name : "—", g.Sum(l => l.Amount)))
                .OrderByDescending(a => a.Value).ToList(),
            lineTotal == 0 ? 0m : decimal.Round(lines.Where(l => l.Certified).Sum(l => l.Amount) / lineTotal, 4),
            union.TargetCertifiedShare,
            facts.NearCap.Select(m => new MemberNearCap(Mask(m.Mobile), m.Name, m.Used, Math.Max(0, union.AnnualCapPerMember - m.Used))).ToList());
    }

    /// <summary>138****8000: enough to recognise a member on a shared screen, not to call them.</summary>
    public static string Mask(string mobile) => mobile.Length == 11 ? $"{mobile[..3]}****{mobile[7..]}" : mobile;
}
