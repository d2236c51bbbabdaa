using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Web.Components.Ordering;
using Procurement.Web.Components.Shared;

namespace Procurement.ComponentTests.Ordering;

/// <summary>The order page's timeline, status chip and sheet errors: what a purchaser reads about an order.</summary>
public class OrderTimelineTests : ComponentTestContext
{
    [Fact]
    public void Each_transition_shows_its_states_who_when_in_beijing_time_and_why_and_the_system_by_name()
    {
        var at = new DateTimeOffset(2026, 9, 20, 16, 30, 0, TimeSpan.Zero); // 00:30 the next day in Beijing
        var timeline = Render<OrderTimeline>(p => p.Add(x => x.Entries, new List<TimelineEntry>
        {
            new(at, Guid.NewGuid(), "王采购", nameof(OrderStatus.Draft), nameof(OrderStatus.PendingApproval), null),
            new(at.AddHours(49), null, null, nameof(OrderStatus.Approved), nameof(OrderStatus.Cancelled), "48 小时内未付款，预留已释放。"),
        }));

        var text = timeline.Markup;
        Assert.Contains("草稿 → 待审批", text);
        Assert.Contains("2026-09-21 00:30", text);
        Assert.Contains("王采购", text);
        Assert.Contains("已审批 → 已取消", text);
        Assert.Contains("系统", text);
        Assert.Contains("48 小时内未付款", text);
    }

    [Fact]
    public void An_order_not_yet_submitted_says_so()
    {
        Assert.Contains("尚未提交", Render<OrderTimeline>(p => p.Add(x => x.Entries, [])).Markup);
    }

    [Fact]
    public void Status_chips_read_in_chinese()
    {
        Assert.Contains("待审批", Render<OrderStatusChip>(p => p.Add(x => x.Status, nameof(OrderStatus.PendingApproval))).Markup);
    }

    [Fact]
    public void Sheet_errors_are_listed_in_row_order_with_the_file_message_first()
    {
        var error = new Error(ErrorKind.Validation, "3 行有误", new Dictionary<string, string[]>
        {
            ["row 12: 手机号"] = ["不是有效的手机号"],
            ["row 3: 省"] = ["火星 不是省级行政区名称。"],
            ["file"] = ["另有 1 行有误，未逐一列出。"],
        });
        var rows = SheetErrors.RowsOf(error);
        Assert.Equal([(0, "file"), (3, "省"), (12, "手机号")], rows.Select(r => (r.Row, r.Column)));
        Assert.Contains("火星", Render<SheetErrors>(p => p.Add(x => x.Error, error)).Markup);
    }
}
