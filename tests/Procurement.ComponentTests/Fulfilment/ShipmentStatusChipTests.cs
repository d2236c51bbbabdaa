using Procurement.Core.Fulfilment;
using Procurement.Web.Components.Fulfilment;

namespace Procurement.ComponentTests.Fulfilment;

/// <summary>What a purchaser and a supplier read about a parcel's state.</summary>
public class ShipmentStatusChipTests : ComponentTestContext
{
    [Theory]
    [InlineData(nameof(ShipmentStatus.Pending), "待发货")]
    [InlineData(nameof(ShipmentStatus.Shipped), "已发货")]
    [InlineData(nameof(ShipmentStatus.Delivered), "已签收")]
    [InlineData(nameof(ShipmentStatus.Cancelled), "已取消")]
    public void Each_state_reads_in_chinese(string status, string label) =>
        Assert.Contains(label, Render<ShipmentStatusChip>(p => p.Add(x => x.Status, status)).Markup);

    [Fact]
    public void Every_state_has_a_label() =>
        Assert.All(Enum.GetNames<ShipmentStatus>(), s => Assert.DoesNotContain("ShipmentStatus.", Render<ShipmentStatusChip>(p => p.Add(x => x.Status, s)).Markup));
}
