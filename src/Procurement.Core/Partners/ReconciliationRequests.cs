using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Partners;

/// <summary>The body of <c>POST /api/v1/finance/reconciliation/runs</c>: a partner and its business date.</summary>
public sealed class StartRun
{
    public string? PartnerCode { get; set; }
    public string? Date { get; set; }
}

public sealed class StartRunValidator : AbstractValidator<StartRun>
{
    public StartRunValidator(TimeProvider clock)
    {
        RuleFor(x => x.PartnerCode).Must(c => PartnerCodes.Normalize(c) is not null).WithMessage(_ => PartnerCodes.UnknownMessage());
        RuleFor(x => x.Date).Must(d => BusinessDay.Parse(d, clock) is not null)
            .WithMessage(_ => Texts.Pick("请填写对账日期（yyyy-MM-dd），不能晚于今天。", "Give the business date (yyyy-MM-dd), not after today."));
    }
}

/// <summary>The body of <c>POST /api/v1/finance/reconciliation/items/{id}/resolution</c>.</summary>
public sealed class ResolveItem
{
    public string? Resolution { get; set; }
    public string? Note { get; set; }
}

public sealed class ResolveItemValidator : AbstractValidator<ResolveItem>
{
    public ResolveItemValidator()
    {
        RuleFor(x => x.Resolution).Must(r => ResolutionOf(r) is not null)
            .WithMessage(_ => Texts.Pick("处理结果须为 Accepted、Adjusted 或 Ignored。", "The resolution must be Accepted, Adjusted or Ignored."));
        RuleFor(x => x.Note).Must(n => (n?.Trim() ?? "").Length is > 0 and <= ReconciliationItem.MaxNoteLength)
            .WithMessage(_ => Texts.Pick($"请填写处理说明（最多 {ReconciliationItem.MaxNoteLength} 字）。",
                $"Give a note (at most {ReconciliationItem.MaxNoteLength} characters)."));
    }

    /// <summary>Accepted, Adjusted or Ignored in any case; never Open, and never a number.</summary>
    public static ItemResolution? ResolutionOf(string? name) =>
        Enum.TryParse<ItemResolution>(name, ignoreCase: true, out var resolution) && Enum.IsDefined(resolution) && resolution != ItemResolution.Open
            && !int.TryParse(name, out _)
            ? resolution
            : null;
}

/// <summary>
/// The fields of finance's multipart upload (<c>POST /api/v1/finance/reconciliation/statements</c>): the partner, the
/// statement's date and the file. The file's content is checked row by row as it is stored (<see cref="StatementIntake"/>).
/// </summary>
public sealed record StatementUpload(string? PartnerCode, string? Date, Stream? File, string? FileName);

public sealed class StatementUploadValidator : AbstractValidator<StatementUpload>
{
    public StatementUploadValidator(TimeProvider clock)
    {
        RuleFor(x => x.PartnerCode).Must(c => PartnerCodes.Normalize(c) is not null).WithMessage(_ => PartnerCodes.UnknownMessage());
        RuleFor(x => x.Date).Must(d => BusinessDay.Parse(d, clock) is not null)
            .WithMessage(_ => Texts.Pick("请填写对账日期（yyyy-MM-dd），不能晚于今天。", "Give the statement's date (yyyy-MM-dd), not after today."));
        RuleFor(x => x.File).NotNull().WithMessage(_ => Texts.Pick("请选择对账单文件。", "Choose the statement file."));
    }
}

/// <summary>A partner's business date as finance types it: exactly yyyy-MM-dd (ten characters), today at the latest.</summary>
public static class BusinessDay
{
    public static DateOnly? Parse(string? text, TimeProvider clock) =>
        (text ?? "").Trim().Length == 10 && StatementFormats.ParseDate(text!) is { } date && date <= BusinessDate.Today(clock) ? date : null;
}
