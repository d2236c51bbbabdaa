using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>The body of <c>POST /api/v1/orders</c>: what the package builder sends.</summary>
public sealed class OrderRequest
{
    public string? Occasion { get; set; }
    public string? Note { get; set; }

    /// <summary>The union's own approval or budget-line number (审批单号 / 经费科目), optional, ≤ 64 characters once trimmed.</summary>
    public string? Reference { get; set; }
    public List<OrderLineRequest>? Lines { get; set; }

    /// <summary><c>standard</c> (default) or <c>choice</c>: each member chooses one of <see cref="Options"/> (issue #24).</summary>
    public string? Mode { get; set; }

    /// <summary>Choice orders: 2–6 named packages, each line's quantity per package.</summary>
    public List<OrderOptionRequest>? Options { get; set; }

    /// <summary>Choice orders: the index of the option members who do not choose receive.</summary>
    public int? DefaultOption { get; set; }

    /// <summary>Choice orders: until when members may choose; in the future.</summary>
    public DateTimeOffset? ChoiceDeadline { get; set; }

    public bool IsChoice => Mode == "choice";
}

/// <summary>One named package of a choice order.</summary>
public sealed class OrderOptionRequest
{
    public string? Name { get; set; }
    public List<OrderLineRequest>? Lines { get; set; }
}

/// <summary>
/// The body of <c>PUT /api/v1/orders/{id}/lines</c>: a draft's (or rejected order's) lines and note as they should
/// be, checked by the create's rules; its <see cref="Reference"/> replaces the order's (null or blank: none). <see cref="DropRecipients"/> confirms letting the recipients go when the new
/// quantities no longer divide by their packages (refused, naming the lines, without it).
/// </summary>
public sealed class OrderRevisionRequest
{
    public string? Note { get; set; }
    public string? Reference { get; set; }
    public List<OrderLineRequest>? Lines { get; set; }
    public bool DropRecipients { get; set; }
}

/// <summary>The body of <c>POST /api/v1/orders/{id}/reorder</c> (optional): what to copy besides the lines.</summary>
public sealed record ReorderRequest(bool Recipients = false);

public sealed class OrderLineRequest
{
    public Guid SkuId { get; set; }

    /// <summary>Sent as a number so that 2.5 is named as the mistake it is.</summary>
    public decimal Quantity { get; set; }
}

public sealed class OrderRequestValidator : AbstractValidator<OrderRequest>
{
    public const int MaxLines = 200;
    public const int MaxQuantity = 10_000_000;

    public OrderRequestValidator()
    {
        RuleFor(x => x.Occasion).Must(o => Occasions.TryParse(o, out _))
            .WithMessage(_ => Texts.Pick("节日须为 NewYear、SpringFestival、Qingming、LabourDay、DragonBoat、MidAutumn、NationalDay 或 Other。",
                "The occasion must be NewYear, SpringFestival, Qingming, LabourDay, DragonBoat, MidAutumn, NationalDay or Other."));
        RuleFor(x => x.Note).MaximumLength(Order.MaxNoteLength);
        RuleFor(x => x.Reference).Must(r => Order.NormalizeReference(r) is not { Length: > Order.MaxReferenceLength })
            .OverridePropertyName("reference")
            .WithMessage(_ => Texts.Pick($"审批单号/经费科目（reference）最多 {Order.MaxReferenceLength} 个字符。",
                $"The reference (approval or budget-line number) is at most {Order.MaxReferenceLength} characters."));
        RuleFor(x => x.Mode).Must(m => MemberChoice.TryParseMode(m, out _))
            .WithMessage(_ => Texts.Pick("mode 须为 standard 或 choice。", "The mode must be standard or choice."));
        RuleFor(x => x.Lines).NotEmpty()
            .WithMessage(_ => Texts.Pick("订单至少要有一种商品。", "An order needs at least one line."))
            .When(x => !x.IsChoice);
        When(x => x.IsChoice, () =>
        {
            RuleFor(x => x.Lines).Empty()
                .WithMessage(_ => Texts.Pick("自选订单的商品写在各选项中，lines 须为空。", "A choice order's goods are in its options; lines must be empty."));
            RuleFor(x => x.Options).NotNull()
                .WithMessage(_ => Texts.Pick($"自选订单须有 {MemberChoice.MinOptions}–{MemberChoice.MaxOptions} 个选项。",
                    $"A choice order needs {MemberChoice.MinOptions}–{MemberChoice.MaxOptions} options."));
            RuleFor(x => x.Options!.Count).InclusiveBetween(MemberChoice.MinOptions, MemberChoice.MaxOptions).OverridePropertyName("options")
                .WithMessage(_ => Texts.Pick($"自选订单须有 {MemberChoice.MinOptions}–{MemberChoice.MaxOptions} 个选项。",
                    $"A choice order needs {MemberChoice.MinOptions}–{MemberChoice.MaxOptions} options."))
                .When(x => x.Options is not null);
            RuleForEach(x => x.Options).ChildRules(option =>
            {
                option.RuleFor(o => o.Name).Must(n => n?.Trim() is { Length: > 0 and <= OrderOption.MaxNameLength })
                    .WithMessage(_ => Texts.Pick($"请填写选项名称（1–{OrderOption.MaxNameLength} 字）。", $"Give the option a name (1–{OrderOption.MaxNameLength} characters)."));
                option.RuleFor(o => o.Lines).NotEmpty()
                    .WithMessage(_ => Texts.Pick("每个选项至少要有一种商品。", "Each option needs at least one line."));
                option.RuleFor(o => o.Lines!.Count).LessThanOrEqualTo(20).OverridePropertyName("lines")
                    .WithMessage(_ => Texts.Pick("每个选项最多 20 种商品。", "An option has at most 20 lines."))
                    .When(o => o.Lines is not null);
                option.RuleForEach(o => o.Lines).ChildRules(line =>
                {
                    line.RuleFor(l => l.SkuId).NotEmpty();
                    line.RuleFor(l => l.Quantity).Must(q => q >= 1 && q <= 1000 && q == decimal.Truncate(q))
                        .WithMessage(_ => Texts.Pick("每份数量须为 1 到 1000 之间的整数。", "The quantity per package must be a whole number from 1 to 1,000."));
                });
                option.RuleFor(o => o.Lines).Must(lines => lines!.Select(l => l.SkuId).Distinct().Count() == lines!.Count)
                    .WithMessage(_ => Texts.Pick("同一选项中同一规格只能出现一次，请合并数量。", "Each SKU may appear once in an option; add the quantities together."))
                    .When(o => o.Lines is { Count: > 0 });
            });
            RuleFor(x => x.DefaultOption).NotNull()
                .WithMessage(_ => Texts.Pick("请指定默认选项（defaultOption）。", "Name the default option (defaultOption)."));
            RuleFor(x => x.DefaultOption!.Value).Must((x, d) => d >= 0 && d < (x.Options?.Count ?? 0)).OverridePropertyName("defaultOption")
                .WithMessage(_ => Texts.Pick("默认选项须是某个选项的序号（从 0 开始）。", "The default option must be one of the options' indexes (from 0)."))
                .When(x => x.DefaultOption is not null);
            RuleFor(x => x.ChoiceDeadline).NotNull()
                .WithMessage(_ => Texts.Pick("请填写自选截止时间（choiceDeadline）。", "Give the choice deadline (choiceDeadline)."));
        });
        RuleFor(x => x.Lines!.Count).LessThanOrEqualTo(MaxLines).OverridePropertyName("lines")
            .WithMessage(_ => Texts.Pick($"一张订单最多 {MaxLines} 种商品。", $"An order has at most {MaxLines} lines."))
            .When(x => x.Lines is not null);
        RuleForEach(x => x.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.SkuId).NotEmpty();
            line.RuleFor(l => l.Quantity).Must(q => q >= 1 && q <= MaxQuantity && q == decimal.Truncate(q))
                .WithMessage(_ => Texts.Pick($"数量须为 1 到 {MaxQuantity} 之间的整数。", $"The quantity must be a whole number from 1 to {MaxQuantity:N0}."));
        });
        RuleFor(x => x.Lines).Must(lines => lines!.Select(l => l.SkuId).Distinct().Count() == lines!.Count)
            .WithMessage(_ => Texts.Pick("同一规格只能出现一次，请合并数量。", "Each SKU may appear once; add the quantities together."))
            .When(x => x.Lines is { Count: > 0 });
    }
}

public static class Occasions
{
    /// <summary>The contract's names only, in their exact case: numbers and other spellings are refused.</summary>
    public static bool TryParse(string? text, out Occasion occasion)
    {
        occasion = default;
        return text is not null && !text.Any(char.IsDigit) && Enum.TryParse(text, ignoreCase: false, out occasion) && Enum.IsDefined(occasion);
    }

    public static string Label(Occasion occasion) => occasion switch
    {
        Occasion.NewYear => Texts.Pick("元旦", "New Year"),
        Occasion.SpringFestival => Texts.Pick("春节", "Spring Festival"),
        Occasion.Qingming => Texts.Pick("清明", "Qingming"),
        Occasion.LabourDay => Texts.Pick("劳动节", "Labour Day"),
        Occasion.DragonBoat => Texts.Pick("端午", "Dragon Boat"),
        Occasion.MidAutumn => Texts.Pick("中秋", "Mid-Autumn"),
        Occasion.NationalDay => Texts.Pick("国庆", "National Day"),
        _ => Texts.Pick("其他", "Other"),
    };
}
