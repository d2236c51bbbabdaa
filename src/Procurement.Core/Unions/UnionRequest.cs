using FluentValidation;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Core.Unions;

public sealed class UnionRequest
{
    public string Name { get; set; } = "";
    public string Uscc { get; set; } = "";
    public string ProvinceCode { get; set; } = "";
    public Guid? ParentId { get; set; }
    public int MemberCount { get; set; }
    public decimal AnnualCapPerMember { get; set; }
    public decimal? ApprovalThreshold { get; set; }

    /// <summary>The share of spending the union aims to place on certified 帮扶 products, 0–1 (0.3 = 30%); default 0.</summary>
    public decimal? TargetCertifiedShare { get; set; }
    public List<BudgetRequest> Budgets { get; set; } = [];
}

public sealed class BudgetRequest
{
    public int Year { get; set; }
    public decimal Amount { get; set; }
}

public sealed class UnionRequestValidator : AbstractValidator<UnionRequest>
{
    public UnionRequestValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Uscc).MustBeUscc();
        RuleFor(x => x.ProvinceCode).NotEmpty().Must(Regions.IsProvince)
            .WithMessage(_ => Texts.Pick("须为省级行政区代码（如 320000）。", "Must be a province code (such as 320000)."));
        RuleFor(x => x.MemberCount).GreaterThanOrEqualTo(1).LessThanOrEqualTo(100_000_000);
        RuleFor(x => x.AnnualCapPerMember).GreaterThan(0m).LessThanOrEqualTo(1_000_000m).MustBeMoney();
        RuleFor(x => x.ApprovalThreshold!.Value).GreaterThanOrEqualTo(0m).MustBeMoney()
            .OverridePropertyName(nameof(UnionRequest.ApprovalThreshold))
            .When(x => x.ApprovalThreshold is not null);
        RuleFor(x => x.TargetCertifiedShare!.Value).InclusiveBetween(0m, 1m)
            .Must(v => decimal.Round(v, 4) == v).WithMessage(_ => Texts.Pick("目标占比须为 0 到 1 之间的小数（最多 4 位小数）。", "The target share must be from 0 to 1 (at most 4 decimals)."))
            .OverridePropertyName(nameof(UnionRequest.TargetCertifiedShare))
            .When(x => x.TargetCertifiedShare is not null);
        RuleFor(x => x.Budgets).Must(b => b.Select(x => x.Year).Distinct().Count() == b.Count)
            .WithMessage(_ => Texts.Pick("同一年度只能有一条预算。", "Each year may have one budget only."));
        RuleForEach(x => x.Budgets).ChildRules(budget =>
        {
            budget.RuleFor(b => b.Year).InclusiveBetween(2000, 2100);
            budget.RuleFor(b => b.Amount).GreaterThanOrEqualTo(0m).LessThanOrEqualTo(100_000_000_000m).MustBeMoney();
        });
    }
}
