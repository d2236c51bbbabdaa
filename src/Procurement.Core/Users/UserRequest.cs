using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Users;

/// <summary>A new account (Admin). There is no self-registration.</summary>
public sealed class UserRequest
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public Guid? UnionId { get; set; }
    public Guid? SupplierId { get; set; }
}

/// <summary>Changes to an account. A blank password keeps the current one.</summary>
public sealed class UserUpdateRequest
{
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public Guid? UnionId { get; set; }
    public Guid? SupplierId { get; set; }
    public string? Password { get; set; }
    public bool Disabled { get; set; }
}

public static class UserRules
{
    public const int MinPasswordLength = 8;

    /// <summary>Purchasers and approvers need a union, supplier users a supplier, and nobody gets a tenant they do not use.</summary>
    public static void TenantRules<T>(this AbstractValidator<T> v, Func<T, string> role, Func<T, Guid?> unionId, Func<T, Guid?> supplierId)
    {
        v.RuleFor(x => role(x)).Must(r => Roles.All.Contains(r)).OverridePropertyName("Role")
            .WithMessage(_ => Texts.Pick($"角色须为 {string.Join("、", Roles.All)} 之一。", $"Role must be one of {string.Join(", ", Roles.All)}."));
        v.RuleFor(x => unionId(x)).NotNull().OverridePropertyName("UnionId").When(x => Roles.BelongsToUnion(role(x)))
            .WithMessage(_ => Texts.Pick("采购员和审批人须属于一个工会。", "Purchasers and approvers belong to a union."));
        v.RuleFor(x => unionId(x)).Null().OverridePropertyName("UnionId").When(x => !Roles.BelongsToUnion(role(x)))
            .WithMessage(_ => Texts.Pick("该角色不属于工会。", "This role does not belong to a union."));
        v.RuleFor(x => supplierId(x)).NotNull().OverridePropertyName("SupplierId").When(x => Roles.BelongsToSupplier(role(x)))
            .WithMessage(_ => Texts.Pick("供应商用户须属于一个供应商。", "Supplier users belong to a supplier."));
        v.RuleFor(x => supplierId(x)).Null().OverridePropertyName("SupplierId").When(x => !Roles.BelongsToSupplier(role(x)))
            .WithMessage(_ => Texts.Pick("该角色不属于供应商。", "This role does not belong to a supplier."));
    }
}

public sealed class UserRequestValidator : AbstractValidator<UserRequest>
{
    public UserRequestValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress().MaximumLength(256);
        RuleFor(x => x.Password).NotEmpty().MinimumLength(UserRules.MinPasswordLength).MaximumLength(128);
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(50);
        this.TenantRules(x => x.Role, x => x.UnionId, x => x.SupplierId);
    }
}

public sealed class UserUpdateRequestValidator : AbstractValidator<UserUpdateRequest>
{
    public UserUpdateRequestValidator()
    {
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Password!).MinimumLength(UserRules.MinPasswordLength).MaximumLength(128)
            .OverridePropertyName("Password").When(x => !string.IsNullOrEmpty(x.Password));
        this.TenantRules(x => x.Role, x => x.UnionId, x => x.SupplierId);
    }
}
