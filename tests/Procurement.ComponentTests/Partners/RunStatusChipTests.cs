using Procurement.Core.Partners;
using Procurement.Web.Components.Partners;

namespace Procurement.ComponentTests.Partners;

/// <summary>What finance reads about a reconciliation run's state.</summary>
public class RunStatusChipTests : ComponentTestContext
{
    private static RunView Run(RunStatus status, bool current) => new(1, PartnerCodes.P832, new DateOnly(2026, 12, 1), status.ToString(), null,
        new RunSummary(0, 0, 0, 0, 0, 0), new RunTotals(0, 0, 0, 0), current, null, new RunProgress(0, 0, 0), DateTimeOffset.UtcNow, null, null);

    [Theory]
    [InlineData(RunStatus.Queued, false, "排队中")]
    [InlineData(RunStatus.Running, false, "对账中")]
    [InlineData(RunStatus.Succeeded, true, "已完成")]
    [InlineData(RunStatus.Succeeded, false, "已被取代")]
    [InlineData(RunStatus.Failed, false, "失败")]
    public void Each_state_reads_in_chinese_and_a_replaced_result_says_so(RunStatus status, bool current, string label) =>
        Assert.Contains(label, Render<RunStatusChip>(p => p.Add(x => x.Run, Run(status, current))).Markup);

    [Fact]
    public void Every_state_has_a_label() =>
        Assert.All(Enum.GetValues<RunStatus>(), s => Assert.DoesNotContain("RunStatus.", Render<RunStatusChip>(p => p.Add(x => x.Run, Run(s, true))).Markup));
}
