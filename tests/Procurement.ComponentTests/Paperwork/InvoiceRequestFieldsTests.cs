using Bunit;
using Procurement.Core.Common;
using Procurement.Core.Paperwork;
using Procurement.Web.Components.Paperwork;

namespace Procurement.ComponentTests.Paperwork;

/// <summary>The invoice request's fields, shared by the order's paperwork and the union's invoice profile.</summary>
public class InvoiceRequestFieldsTests : ComponentTestContext
{
    private static InvoiceRequestBody Request() => new() { Type = "normal", Title = "南京市总工会", TaxNumber = "81320100MC1234567X" };

    [Theory]
    [InlineData("invoice")]
    [InlineData("profile")]
    public void Each_element_id_starts_with_the_pages_prefix(string prefix)
    {
        var fields = Render<InvoiceRequestFields>(p => p.Add(x => x.Model, Request()).Add(x => x.IdPrefix, prefix));

        foreach (var id in new[] { "type", "title", "tax-number", "email" })
        {
            Assert.Single(fields.FindAll($"#{prefix}-{id}"));
        }
        Assert.Equal("南京市总工会", fields.Find($"#{prefix}-title").GetAttribute("value"));
    }

    [Fact]
    public void What_is_typed_is_written_into_the_model()
    {
        var model = Request();
        var fields = Render<InvoiceRequestFields>(p => p.Add(x => x.Model, model).Add(x => x.IdPrefix, "invoice"));

        fields.Find("#invoice-tax-number").Change("91620100MA7ABCDE1X");
        fields.Find("#invoice-email").Change("caiwu@union.example.cn");

        Assert.Equal("91620100MA7ABCDE1X", model.TaxNumber);
        Assert.Equal("caiwu@union.example.cn", model.Email);
        Assert.Equal("南京市总工会", model.Title);
    }

    [Fact]
    public void What_the_server_refused_is_shown_on_its_field_only()
    {
        var error = Error.Invalid("taxNumber", "纳税人识别号须为 15、17、18 或 20 位数字和大写字母。");
        var fields = Render<InvoiceRequestFields>(p => p.Add(x => x.Model, Request()).Add(x => x.IdPrefix, "invoice").Add(x => x.Errors, error));

        var invalid = fields.FindAll("input[aria-invalid=true]");
        Assert.Equal("invoice-tax-number", Assert.Single(invalid).Id);
        Assert.Contains("纳税人识别号须为", fields.Markup, StringComparison.Ordinal);
        Assert.Contains("mud-input-error", fields.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_error_no_field_is_marked()
    {
        var fields = Render<InvoiceRequestFields>(p => p.Add(x => x.Model, Request()).Add(x => x.IdPrefix, "profile"));

        Assert.Empty(fields.FindAll("input[aria-invalid=true]"));
        Assert.DoesNotContain("mud-input-error", fields.Markup, StringComparison.Ordinal);
    }
}
