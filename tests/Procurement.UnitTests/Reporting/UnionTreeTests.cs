using Procurement.Core.Reporting;

namespace Procurement.UnitTests.Reporting;

public sealed class UnionTreeTests
{
    private static readonly Guid Province = Guid.NewGuid(), CityA = Guid.NewGuid(), CityB = Guid.NewGuid(), Enterprise = Guid.NewGuid();

    private static UnionNode[] Nodes =>
    [
        new(Province, null, "江苏省总工会", ""), new(CityA, Province, "南京市总工会", ""), new(CityB, Province, "苏州市总工会", ""),
        new(Enterprise, CityA, "南京紫金软件有限公司工会", ""),
    ];

    [Fact]
    public void A_city_sees_itself_and_below_never_its_sibling_or_its_parent()
    {
        var tree = new UnionTree(Nodes, CityA);

        Assert.Equal([CityA, Enterprise], tree.Subtree(CityA));
        Assert.True(tree.IsVisible(Enterprise));
        Assert.False(tree.IsVisible(CityB));
        Assert.False(tree.IsVisible(Province));
        // The ids are random: compared as sets, not in Guid order.
        Assert.Equal(new HashSet<Guid> { CityA, Enterprise }, tree.Visible().Select(n => n.Id).ToHashSet());
    }

    [Fact]
    public void Finance_sees_every_union_and_a_subtree_rolls_up_its_own_figures()
    {
        var tree = new UnionTree(Nodes, home: null);
        var own = new Dictionary<Guid, UnionFigures>
        {
            [CityA] = new(CityA, 5_000, 0, 1, 1), [Enterprise] = new(Enterprise, 41_000, 16_000, 3, 5), [CityB] = new(CityB, 10_000, 0, 1, 1),
        };

        Assert.True(tree.IsVisible(CityB));
        Assert.Equal(new Figures(46_000, 16_000, 4, 6), tree.RollUp(CityA, own));
        Assert.Equal(new Figures(56_000, 16_000, 5, 7), tree.RollUp(Province, own));
        Assert.Equal([(Province, 0), (CityA, 1), (Enterprise, 2), (CityB, 1)], tree.Walk(Province).Select(x => (x.Node.Id, x.Level)));
    }

    [Theory]
    // 200 reserved, half the year gone: 100 is due by now.
    [InlineData(100_00, 100_00, 0.5, true)]
    [InlineData(100_00, 99_99, 0.5, false)]
    // The share falls below the 30% target: behind, whatever was reserved.
    [InlineData(1_000_00, 200_00, 0.5, false)]
    public void On_track_means_the_reserved_amount_pro_rata_and_the_target_share(long amountFen, long assistedFen, double elapsed, bool onTrack)
    {
        var target = new UnionTarget(CityA, 2026, 0.3m, 200m, null, DateTimeOffset.UtcNow);

        var judged = UnionReports.Target(target, new Figures(amountFen, assistedFen, 1, 1), (decimal)elapsed);

        Assert.Equal(onTrack, judged.OnTrack);
        Assert.Equal(decimal.Round(assistedFen / 100m / 200m, 4), judged.Progress);
    }
}
