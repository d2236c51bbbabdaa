using FluentValidation;

namespace Procurement.Core.Common;

/// <summary>The 统一社会信用代码 rules suppliers and unions share: the validator's check and the store's uniqueness answer.</summary>
public static class UsccRules
{
    public static IRuleBuilderOptions<T, string> MustBeUscc<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(Uscc.IsValid)
            .WithMessage(_ => Texts.Pick("统一社会信用代码无效（18 位，末位校验码须符合 GB 32100-2015）。",
                "Not a valid unified social credit code (18 characters with a GB 32100-2015 check character)."));

    public static Error AlreadyRegistered() =>
        Error.Invalid("uscc", Texts.Pick("该统一社会信用代码已登记。", "This unified social credit code is already registered."));
}
