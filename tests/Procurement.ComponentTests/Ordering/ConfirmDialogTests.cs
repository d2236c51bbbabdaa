using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Procurement.Web;
using Procurement.Web.Components.Ordering;

namespace Procurement.ComponentTests.Ordering;

/// <summary>One-way actions say what they will do, with the amount, and go ahead only when confirmed (#21).</summary>
public class ConfirmDialogTests : ComponentTestContext
{
    private (IRenderedComponent<MudDialogProvider> Provider, IDialogService Dialogs) Provider() =>
        (Render<MudDialogProvider>(), Context.Services.GetRequiredService<IDialogService>());

    [Fact]
    public async Task Approving_says_the_amount_with_thousands_separators_and_going_back_does_nothing()
    {
        var (provider, dialogs) = Provider();
        var l = Context.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var message = l["Orders.Confirm.Approve", "LP20261203-000001", 899_100m.ToString("N2"), 3_000.ToString("N0")].Value;
        Task<ConfirmDialog.ConfirmAnswer?> asked = null!;
        await provider.InvokeAsync(() => { asked = ConfirmDialog.AskAsync(dialogs, new()
        {
            { x => x.Title, "审批通过？" }, { x => x.Message, message }, { x => x.ConfirmText, "审批通过" },
        }, "审批通过？"); });

        Assert.Contains("¥899,100.00", provider.Find("#confirm-message").TextContent);
        Assert.Contains("3,000 位收件人", provider.Find("#confirm-message").TextContent);
        Assert.False(asked.IsCompleted);
        await provider.Find("#confirm-back").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.True(asked.IsCompleted), TimeSpan.FromSeconds(5));
        Assert.Null(await asked);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_before_it_goes_ahead()
    {
        var (provider, dialogs) = Provider();
        Task<ConfirmDialog.ConfirmAnswer?> asked = null!;
        await provider.InvokeAsync(() => { asked = ConfirmDialog.AskAsync(dialogs, new()
        {
            { x => x.Title, "驳回订单？" }, { x => x.Message, "驳回订单 LP20261203-000001（¥899,100.00）" }, { x => x.ConfirmText, "驳回" },
            { x => x.ReasonLabel, "驳回原因" },
        }, "驳回订单？"); });

        await provider.Find("#confirm-ok").ClickAsync(new());
        Assert.Contains("请填写原因", provider.Markup);
        Assert.False(asked.IsCompleted);

        await provider.Find("#confirm-reason").InputAsync(new() { Value = " 超出年度预算 " });
        await provider.Find("#confirm-ok").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.True(asked.IsCompleted), TimeSpan.FromSeconds(5));
        Assert.Equal(new ConfirmDialog.ConfirmAnswer("超出年度预算", false), await asked);
    }

    [Fact]
    public async Task Reorder_offers_the_recipients_and_says_what_was_chosen()
    {
        var (provider, dialogs) = Provider();
        Task<ConfirmDialog.ConfirmAnswer?> asked = null!;
        await provider.InvokeAsync(() => { asked = ConfirmDialog.AskAsync(dialogs, new()
        {
            { x => x.Title, "再来一单" }, { x => x.Message, "新建草稿，复制 1 种商品" }, { x => x.ConfirmText, "新建草稿" },
            { x => x.RecipientsLabel, "同时复制收件人（3,000 位）" }, { x => x.RecipientsByDefault, true },
        }, "再来一单"); });

        Assert.Contains("3,000 位", provider.Markup);
        await provider.Find("input#confirm-recipients").ChangeAsync(new() { Value = false });
        await provider.Find("#confirm-ok").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.True(asked.IsCompleted), TimeSpan.FromSeconds(5));
        Assert.Equal(new ConfirmDialog.ConfirmAnswer(null, false), await asked);
    }
}
