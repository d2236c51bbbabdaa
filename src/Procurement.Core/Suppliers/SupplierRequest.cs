using FluentValidation;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Core.Suppliers;

/// <summary>What an admin enters to onboard or edit a supplier (API body and admin form alike).</summary>
public sealed class SupplierRequest
{
    public string Name { get; set; } = "";
    public string Uscc { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactPhone { get; set; } = "";
}

public sealed class SupplierRequestValidator : AbstractValidator<SupplierRequest>
{
    public SupplierRequestValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Uscc).MustBeUscc();
        RuleFor(x => x.CountyCode).NotEmpty().Must(Regions.IsGansuCounty)
            .WithMessage(_ => Texts.Pick("须为甘肃省的区县代码（62xxxx）。", "Must be a Gansu county code (62xxxx)."));
        RuleFor(x => x.ContactName).NotEmpty().MaximumLength(50);
        RuleFor(x => x.ContactPhone).NotEmpty().Must(MobileNumber.IsValid)
            .WithMessage(_ => Texts.Pick("手机号格式不正确（11 位，以 1 开头）。", "Not a valid mobile number (11 digits starting with 1)."));
    }
}
