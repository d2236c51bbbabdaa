using FluentValidation;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Core.Catalog.Listings;

public sealed class ProductRequestValidator : AbstractValidator<ProductRequest>
{
    public const int MaxSkus = 50;
    public const int MaxTiers = 10;
    public const int MaxDescriptionLength = 20_000;

    public ProductRequestValidator()
    {
        // One message per field: "must not be empty" is enough without "unknown category" after it.
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.CategoryCode).NotEmpty().Must(Category.Exists)
            .WithMessage(_ => Texts.Pick("未知的商品分类。", "Unknown category."));
        RuleFor(x => x.CountyCode).NotEmpty().Must(Regions.IsGansuCounty)
            .WithMessage(_ => Texts.Pick("产地须为甘肃省的区县（62xxxx）。", "The origin must be a Gansu county (62xxxx)."));
        RuleFor(x => x.Description).MaximumLength(MaxDescriptionLength);
        RuleFor(x => x.Certificate!).SetValidator(new CertificateRequestValidator()).When(x => x.Certificate is not null);

        RuleFor(x => x.Skus).NotEmpty().WithMessage(_ => Texts.Pick("至少需要一个规格（SKU）。", "At least one SKU is needed."))
            .Must(skus => skus.Count <= MaxSkus).WithMessage(_ => Texts.Pick($"最多 {MaxSkus} 个规格。", $"At most {MaxSkus} SKUs."));
        RuleForEach(x => x.Skus).SetValidator(new SkuRequestValidator());
        RuleFor(x => x.Skus).Custom((skus, context) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < skus.Count; i++)
            {
                if (SkuCode.Normalize(skus[i].Code) is { Length: > 0 } code && !seen.Add(code))
                {
                    context.AddFailure($"Skus[{i}].Code", Texts.Pick($"规格编码 {code} 重复。", $"SKU code {code} appears twice."));
                }
            }
        });
    }
}

public sealed class SkuRequestValidator : AbstractValidator<SkuRequest>
{
    public SkuRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        // Checked as stored: trimmed and upper-case (SkuCode), so " ab-1 " is the valid code AB-1.
        RuleFor(x => SkuCode.Normalize(x.Code)).NotEmpty().OverridePropertyName(nameof(SkuRequest.Code)).MaximumLength(40).Matches("^[A-Z0-9][A-Z0-9._-]*$")
            .WithMessage(_ => Texts.Pick("规格编码只能含字母、数字、点、下划线和连字符。", "SKU codes use letters, digits, dots, underscores and hyphens."));
        RuleFor(x => x.Spec).NotEmpty().MaximumLength(60);
        RuleFor(x => x.Price).GreaterThan(0).MustBeMoney().LessThanOrEqualTo(Sku.MaxPrice);
        RuleFor(x => x.Stock).GreaterThanOrEqualTo(0).LessThanOrEqualTo(Sku.MaxStock);
        RuleFor(x => x.MinOrderQuantity).GreaterThanOrEqualTo(1).LessThanOrEqualTo(100_000);
        RuleFor(x => x.TierPrices).Must(t => t.Count <= ProductRequestValidator.MaxTiers)
            .WithMessage(_ => Texts.Pick($"最多 {ProductRequestValidator.MaxTiers} 档阶梯价。", $"At most {ProductRequestValidator.MaxTiers} tiers."));
        RuleFor(x => x.TierPrices).Custom((tiers, context) =>
        {
            foreach (var (index, field, message) in TierPriceRules.Check(context.InstanceToValidate.Price, tiers))
            {
                context.AddFailure($"TierPrices[{index}].{field}", message);
            }
        });
    }
}

public sealed class CertificateRequestValidator : AbstractValidator<CertificateRequest>
{
    public CertificateRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Number).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Issuer).NotEmpty().MaximumLength(100);
        RuleFor(x => x.ValidFrom).NotEmpty();
        RuleFor(x => x.ValidTo).NotEmpty().GreaterThanOrEqualTo(x => x.ValidFrom)
            .WithMessage(_ => Texts.Pick("有效期止不能早于有效期起。", "The end of validity cannot precede its start."));
    }
}
