using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Fulfilment;

/// <summary>The body of <c>POST /api/v1/orders/{id}/after-sales</c>.</summary>
public sealed record AfterSalesRequest(long? ShipmentId, string? Kind, int? Packages, string? Description);

/// <summary>
/// What the purchaser sent: a parcel, a kind by its exact name, and a description. How many packages may be reported
/// depends on the parcel and its earlier cases, so <see cref="AfterSalesReport"/> checks that against the database.
/// </summary>
public sealed class AfterSalesRequestValidator : AbstractValidator<AfterSalesRequest>
{
    public AfterSalesRequestValidator()
    {
        RuleFor(x => x.ShipmentId).NotNull().WithMessage(_ => Texts.Pick("请选择包裹。", "Choose the parcel."));
        RuleFor(x => x.Kind).Must(k => KindOf(k) is not null)
            .WithMessage(_ => Texts.Pick("问题类型须为 Damaged（损坏）或 Lost（丢失）。", "The kind must be Damaged or Lost."));
        RuleFor(x => x.Description).Must(d => (d?.Trim() ?? "").Length is > 0 and <= AfterSalesCase.MaxDescriptionLength)
            .WithMessage(_ => Texts.Pick($"请描述问题（1–{AfterSalesCase.MaxDescriptionLength} 字）。",
                $"Describe the problem (1–{AfterSalesCase.MaxDescriptionLength} characters)."));
    }

    /// <summary>The kind a name stands for, case as written ("Damaged", "Lost"); null for anything else, numbers included.</summary>
    public static AfterSalesKind? KindOf(string? name) =>
        Enum.TryParse<AfterSalesKind>(name, ignoreCase: false, out var kind) && Enum.IsDefined(kind) ? kind : null;
}

/// <summary>The body of a supplier's decision on a case.</summary>
public sealed record AfterSalesDecision(string? Note);

/// <summary>The decision's note is optional and as long as a description at most.</summary>
public sealed class AfterSalesDecisionValidator : AbstractValidator<AfterSalesDecision>
{
    public AfterSalesDecisionValidator() =>
        RuleFor(x => x.Note).Must(n => (n?.Trim().Length ?? 0) <= AfterSalesCase.MaxDescriptionLength)
            .WithMessage(_ => Texts.Pick($"说明最多 {AfterSalesCase.MaxDescriptionLength} 字。", $"The note may have at most {AfterSalesCase.MaxDescriptionLength} characters."));
}
