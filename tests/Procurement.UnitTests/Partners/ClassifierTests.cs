using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.UnitTests.Partners;

public sealed class ClassifierTests
{
    private static LocalEntry Local(string key, decimal paid, PartnerOrderStatus status = PartnerOrderStatus.Completed, decimal refunded = 0) =>
        new(key, "LP" + key, paid, refunded, status);

    private static RemoteEntry Remote(int line, string key, decimal net, PartnerOrderStatus status = PartnerOrderStatus.Completed) => new(line, key, net, status);

    /// <summary>
    /// Hand-checked. Ours: A 100; B 80; C 50 Refunded (net 0); D 60; E 40; F 100 PartiallyRefunded 30 (net 70);
    /// G 20 Cancelled (net 20 — cancelled after payment, nothing refunded yet); H 10.
    /// Rows in order: A 100 → matched. Ｂ(full-width) 80.01 → amountMismatch (+0.01: any fen). C 50 Completed →
    /// statusMismatch (+50). D 60 → matched. X 70 → missingLocal (+70). F 70 PartiallyRefunded → matched (part refund
    /// is not "refunded"; nets agree). G 20 Refunded → matched (both closed, nets agree). " A " → duplicate (+100).
    /// A again → duplicate (+100). H 10 Cancelled → statusMismatch (+0: ours live, theirs closed).
    /// E is missingRemote (−40).
    /// matched 4 (A, D, F, G); amountMismatch 1 (B); statusMismatch 2 (C, H); missingLocal 1 (X); missingRemote 1 (E);
    /// duplicate 2. Local 100+80+0+60+40+70+20+10 = 380; remote 100+80.01+50+60+70+70+20+100+100+10 = 660.01;
    /// net 280.01; gross 0.01 + 50 + 70 + 100 + 100 + 0 + 40 = 360.01.
    /// </summary>
    [Fact]
    public void Every_class_is_counted_as_the_contract_orders_them()
    {
        var classifier = new Classifier([
            Local("A", 100m), Local("B", 80m), Local("C", 50m, PartnerOrderStatus.Refunded, 50m), Local("D", 60m), Local("E", 40m),
            Local("F", 100m, PartnerOrderStatus.PartiallyRefunded, 30m), Local("G", 20m, PartnerOrderStatus.Cancelled), Local("H", 10m),
        ]);
        var items = new[]
        {
            Remote(2, "A", 100m), Remote(3, "Ｂ", 80.01m), Remote(4, "C", 50m), Remote(5, "D", 60m), Remote(6, "X", 70m),
            Remote(7, "F", 70m, PartnerOrderStatus.PartiallyRefunded), Remote(8, "G", 20m, PartnerOrderStatus.Refunded), Remote(9, " A ", 100m), Remote(10, "A", 100m),
            Remote(11, "H", 10m, PartnerOrderStatus.Cancelled),
        }.Select(classifier.Classify).Concat(classifier.MissingRemote()).ToList();

        Assert.Equal(new RunSummary(Matched: 4, AmountMismatch: 1, StatusMismatch: 2, MissingLocal: 1, MissingRemote: 1, Duplicate: 2), classifier.Summary);
        Assert.Equal(new RunTotals(380m, 660.01m, 280.01m, 360.01m), classifier.Totals);
        Assert.Equal(
            ["matched", "amountMismatch", "statusMismatch", "matched", "missingLocal", "matched", "matched", "duplicate", "duplicate", "statusMismatch", "missingRemote"],
            items.Select(i => ReconciliationViews.CategoryName(i.Category)).ToArray());
        var b = items[1];
        Assert.Equal(("B", "LPB", 80m, 80.01m, 0.01m), (b.PartnerOrderNo, b.OrderNumber, b.LocalAmount, b.RemoteAmount, b.Difference));
        var e = items[^1];
        Assert.Equal((null, 40m, -40m, (int?)null), (e.RemoteAmount, e.LocalAmount, e.Difference, e.Line));
    }

    [Fact]
    public void Only_a_matched_item_cannot_be_resolved()
    {
        var classifier = new Classifier([Local("A", 1m)]);
        var matched = classifier.Classify(Remote(2, "A", 1m));
        var missing = classifier.Classify(Remote(3, "Z", 1m));
        Assert.Equal(ErrorKind.InvalidState, matched.Resolve(ItemResolution.Accepted, "n", Guid.NewGuid(), DateTimeOffset.UtcNow).Error!.Kind);
        Assert.True(missing.Resolve(ItemResolution.Ignored, "平台测试单", Guid.NewGuid(), DateTimeOffset.UtcNow).Succeeded);
        Assert.Equal(ItemResolution.Ignored, missing.Resolution);
    }

    [Fact]
    public void Repeats_are_told_apart_by_occurrence_so_a_decision_finds_the_same_repeat_again()
    {
        var classifier = new Classifier([]);
        var first = classifier.Classify(Remote(2, "A", 1m));
        var repeats = new[] { classifier.Classify(Remote(3, "A", 1m)), classifier.Classify(Remote(4, "A", 1m)) };
        Assert.Equal(0, classifier.OccurrenceOf(first));
        Assert.Equal([0, 1], repeats.Select(classifier.OccurrenceOf).ToArray());
    }
}
