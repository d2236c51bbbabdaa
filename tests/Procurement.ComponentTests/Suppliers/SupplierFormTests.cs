using Bunit;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Web.Components.Admin;

namespace Procurement.ComponentTests.Suppliers;

public class SupplierFormTests : ComponentTestContext
{
    private static SupplierRequest Valid() => new()
    {
        Name = "陇西县黄芪种植专业合作社",
        Uscc = "91350100M000100Y43",
        CountyCode = "621122",
        ContactName = "汪世荣",
        ContactPhone = "13909320029",
    };

    [Fact]
    public void A_bad_credit_code_shows_the_validator_message_and_is_not_submitted()
    {
        var model = Valid();
        model.Uscc = "91350100M000100Y44";
        var submitted = false;
        var form = Render<SupplierForm>(p => p.Add(x => x.Model, model).Add(x => x.OnValidSubmit, (SupplierRequest _) => submitted = true));

        form.Find("#supplier-save").Click();

        form.WaitForAssertion(() => Assert.Contains("统一社会信用代码无效", form.Markup, StringComparison.Ordinal));
        Assert.False(submitted);
    }

    [Fact]
    public void A_valid_supplier_is_handed_to_the_page()
    {
        SupplierRequest? submitted = null;
        var form = Render<SupplierForm>(p => p.Add(x => x.Model, Valid()).Add(x => x.OnValidSubmit, (SupplierRequest r) => submitted = r));

        form.Find("#supplier-save").Click();

        form.WaitForAssertion(() => Assert.Equal("621122", submitted?.CountyCode));
    }

    [Fact]
    public void The_county_picker_starts_on_the_county_city()
    {
        var form = Render<SupplierForm>(p => p.Add(x => x.Model, Valid()));
        Assert.Contains("定西市", form.Markup, StringComparison.Ordinal);
        Assert.Contains("陇西县", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_server_refused_is_shown_by_field()
    {
        var error = Error.Invalid("uscc", "该统一社会信用代码已登记。");
        var form = Render<SupplierForm>(p => p.Add(x => x.Model, Valid()).Add(x => x.ServerError, error));
        Assert.Contains("该统一社会信用代码已登记。", form.Find("#server-errors").TextContent, StringComparison.Ordinal);
    }
}
