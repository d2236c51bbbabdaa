using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Reporting;

/// <summary>
/// A union's 消费帮扶 target for one budget year: the share of its welfare spending meant for certified (帮扶) goods
/// and the amount it reserved for them (预留份额). Without a row, the share is <see cref="DefaultShare"/> and nothing is reserved.
/// </summary>
public sealed class UnionTarget
{
    /// <summary>The agreement's usual floor: at least 30% of welfare purchases.</summary>
    public const decimal DefaultShare = 0.30m;

    private UnionTarget()
    {
    }

    public UnionTarget(Guid unionId, int year, decimal share, decimal reservedAmount, Guid? by, DateTimeOffset at)
    {
        UnionId = unionId;
        Year = year;
        Set(share, reservedAmount, by, at);
    }

    public Guid UnionId { get; private set; }
    public int Year { get; private set; }

    /// <summary>帮扶占比目标 (0–1).</summary>
    public decimal AssistanceTargetShare { get; private set; }

    /// <summary>预留份额: 元 reserved for 帮扶 goods this year.</summary>
    public decimal ReservedAmount { get; private set; }

    public Guid? UpdatedBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Set(decimal share, decimal reservedAmount, Guid? by, DateTimeOffset at)
    {
        AssistanceTargetShare = share;
        ReservedAmount = reservedAmount;
        UpdatedBy = by;
        UpdatedAt = at;
    }
}

/// <summary>The body of <c>PUT …/targets/{year}</c>.</summary>
public sealed class TargetRequest
{
    public decimal? AssistanceTargetShare { get; set; }
    public decimal? ReservedAmount { get; set; }
}

public sealed class TargetRequestValidator : AbstractValidator<TargetRequest>
{
    /// <summary>Far above any union's year (a province's whole welfare spending), far below what 分 in a long can hold.</summary>
    public const decimal MaxReserved = 100_000_000_000m;

    public TargetRequestValidator()
    {
        RuleFor(x => x.AssistanceTargetShare).Must(s => s is { } share && share >= 0m && share <= 1m && decimal.Round(share, 4) == share)
            .WithMessage(_ => Texts.Pick("帮扶占比目标须在 0 到 1 之间（最多四位小数）。", "The target share must be between 0 and 1 (at most 4 decimals)."));
        RuleFor(x => x.ReservedAmount).Must(a => a is { } amount && amount >= 0m && amount <= MaxReserved && Money.HasAtMostTwoDecimals(amount))
            .WithMessage(_ => Texts.Pick("预留份额须不小于 0，最多两位小数。", "The reserved amount must be 0 or more with at most 2 decimals."));
    }
}

/// <summary>A union's target for a year as the API answers it.</summary>
public sealed record TargetView(Guid UnionId, int Year, decimal AssistanceTargetShare, decimal ReservedAmount, DateTimeOffset? UpdatedAt)
{
    public static TargetView Of(Guid unionId, int year, UnionTarget? target) =>
        new(unionId, year, target?.AssistanceTargetShare ?? UnionTarget.DefaultShare, target?.ReservedAmount ?? 0m, target?.UpdatedAt);
}
