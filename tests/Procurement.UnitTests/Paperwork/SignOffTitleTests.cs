using Procurement.Core.Paperwork;

namespace Procurement.UnitTests.Paperwork;

public sealed class SignOffTitleTests
{
    [Fact]
    public void The_title_names_the_unions_own_reference_after_the_order_number_when_there_is_one()
    {
        var title = new SignOffTitle("南京紫金软件有限公司工会", "中秋", "LP20261203-000001", "苏工财〔2026〕12号");
        Assert.Equal("实名发放签领表　南京紫金软件有限公司工会　中秋　订单号 LP20261203-000001　审批单号/经费科目 苏工财〔2026〕12号", title.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_reference_the_title_ends_at_the_order_number(string? reference)
    {
        var title = new SignOffTitle("南京紫金软件有限公司工会", "中秋", "LP20261203-000001", reference);
        Assert.EndsWith("订单号 LP20261203-000001", title.Text);
    }
}
