using FluentValidation;

namespace Procurement.Core.Common;

public static class MoneyRules
{
    public static IRuleBuilderOptions<T, decimal> MustBeMoney<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(Money.HasAtMostTwoDecimals)
            .WithMessage(_ => Texts.Pick("金额最多两位小数。", "Amounts have at most two decimals."));
}
