using Procurement.Core.Common;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;

namespace Procurement.UnitTests.Fulfilment;

/// <summary>Fulfilment's rules without a database: how an order follows its parcels, refunds' states, delivery dates.</summary>
public sealed class FulfilmentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid SupplierA = Guid.NewGuid(), SupplierB = Guid.NewGuid();

    private static Order Paid()
    {
        var lines = new[]
        {
            new OrderLine(Guid.NewGuid(), "BH-500", Guid.NewGuid(), "兰州百合", SupplierA, 4, 39.90m),
            new OrderLine(Guid.NewGuid(), "NR-1", Guid.NewGuid(), "牦牛肉", SupplierB, 8, 60m),
        };
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), OrderNumber.Format(new DateOnly(2026, 12, 2), 1), Occasion.NewYear, null, lines, Now);
        Assert.True(order.PackInto(4, 3).Succeeded);
        Assert.Null(order.Submit(1_000_000m, Guid.NewGuid(), Now));
        Assert.Null(order.Pay(Guid.NewGuid(), Now, "paid"));
        return order;
    }

    [Fact]
    public void A_paid_order_ships_with_its_first_parcel_and_is_delivered_with_its_last()
    {
        var order = Paid();
        var version = order.Version;
        order.Follow(new ShipmentCounts(6, 0, 0), null, Now);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.True(order.Version > version, "every change of its parcels bumps the order's version");
        order.Follow(new ShipmentCounts(5, 1, 0), null, Now);
        Assert.Equal(OrderStatus.Shipping, order.Status);
        order.Follow(new ShipmentCounts(0, 1, 5), null, Now);
        Assert.Equal(OrderStatus.Shipping, order.Status);
        order.Follow(new ShipmentCounts(0, 0, 6), null, Now.AddHours(1));
        Assert.Equal((OrderStatus.Delivered, Now.AddHours(1)), (order.Status, order.DeliveredAt));
    }

    [Fact]
    public void Parcels_delivered_straight_away_move_the_order_through_shipping_to_delivered_at_once()
    {
        var order = Paid();
        order.Follow(new ShipmentCounts(0, 0, 6), null, Now);
        Assert.Equal([OrderStatus.Shipping, OrderStatus.Delivered], order.Timeline.TakeLast(2).Select(t => t.To));
    }

    [Fact]
    public void Only_a_paid_order_is_refunded_whole_and_only_a_delivered_one_completes()
    {
        var order = Paid();
        Assert.Equal(ErrorKind.InvalidState, order.Complete(null, Now, null)?.Kind);
        order.Follow(new ShipmentCounts(5, 1, 0), null, Now);
        var refused = order.Refund(Guid.NewGuid(), Now, "x");
        Assert.Equal(ErrorKind.InvalidState, refused?.Kind);
        Assert.Contains("售后", refused!.Detail, StringComparison.Ordinal);
        order.Follow(new ShipmentCounts(0, 0, 6), null, Now);
        Assert.Null(order.Complete(null, Now, "auto"));
        Assert.Equal(OrderStatus.Completed, order.Status);

        var other = Paid();
        Assert.Null(other.Refund(Guid.NewGuid(), Now, "活动取消"));
        Assert.Equal(OrderStatus.Refunded, other.Status);
        Assert.Equal(ErrorKind.InvalidState, other.Refund(Guid.NewGuid(), Now, "again")?.Kind);
    }

    [Fact]
    public void A_package_is_worth_its_suppliers_lines_per_package()
    {
        var order = Paid();
        Assert.Equal(39.90m, order.PackageValueOf(SupplierA));
        Assert.Equal(120m, order.PackageValueOf(SupplierB));
        Assert.Equal(0m, order.PackageValueOf(Guid.NewGuid()));
    }

    [Fact]
    public void A_refund_that_succeeded_is_never_undone_and_a_failed_one_can_be_retried_with_a_new_key()
    {
        var payment = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.Online, 100m, "pi_1", null, Now);
        var refund = new Refund(payment.OrderId, payment.UnionId, payment, 100m, "取消", null, null, Now, Procurement.Core.Ledger.LedgerAccount.Held);
        var key = refund.IdempotencyKey;
        refund.Asked("re_1", ProviderOutcome.Failed, "expired_or_canceled_card", Now);
        Assert.Equal((RefundStatus.Failed, "expired_or_canceled_card"), (refund.Status, refund.FailureReason));
        Assert.Null(refund.Retry());
        Assert.NotEqual(key, refund.IdempotencyKey);
        Assert.True(refund.Provider(ProviderOutcome.Succeeded, null, Now));
        Assert.False(refund.Provider(ProviderOutcome.Failed, "late", Now));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal(ErrorKind.InvalidState, refund.Retry()?.Kind);
        Assert.Equal(ErrorKind.InvalidState, refund.Sent("x", Now, Guid.NewGuid(), Now)?.Kind);
    }

    [Fact]
    public void A_failed_online_refund_may_be_returned_by_transfer_instead_but_not_a_pending_one()
    {
        var payment = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.Online, 100m, "pi_1", null, Now);
        var refund = new Refund(payment.OrderId, payment.UnionId, payment, 100m, "取消", null, null, Now, Procurement.Core.Ledger.LedgerAccount.Held);
        Assert.Equal(ErrorKind.InvalidState, refund.Sent("转账退回", Now, Guid.NewGuid(), Now)?.Kind);
        // Unanswered, the provider may have made it: sending it by transfer too would return the money twice.
        refund.Unreached("Stripe 不可用");
        Assert.Equal(ErrorKind.InvalidState, refund.Sent("转账退回 01", Now, Guid.NewGuid(), Now)?.Kind);
        // Refused by the provider: then it goes back by transfer.
        refund.Refused("card_closed");
        Assert.Null(refund.Sent("转账退回 01", Now, Guid.NewGuid(), Now));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
    }

    [Fact]
    public void A_bank_refund_is_recorded_sent_with_a_reference_and_a_time_not_in_the_future()
    {
        var payment = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.BankTransfer, 100m, "LP1", null, Now);
        var refund = new Refund(payment.OrderId, payment.UnionId, payment, 100m, "取消", null, null, Now, Procurement.Core.Ledger.LedgerAccount.Held);
        var invalid = refund.Sent(" ", Now.AddHours(1), Guid.NewGuid(), Now);
        Assert.Equal(["reference", "sentAt"], invalid!.Fields!.Keys.Order());
        Assert.Null(refund.Sent("退款流水 01", Now, Guid.NewGuid(), Now));
        Assert.Equal((RefundStatus.Succeeded, "退款流水 01"), (refund.Status, refund.Reference));
    }

    [Theory]
    [InlineData("2026-12-02", "2026-12-01T16:00:00Z")]
    [InlineData("2026/12/2 9:05", "2026-12-02T01:05:00Z")]
    [InlineData("2026-12-02 09:05:30", "2026-12-02T01:05:30Z")]
    [InlineData("2026-12-02T09:05:00+08:00", "2026-12-02T01:05:00Z")]
    [InlineData("2026-12-02T01:05:00Z", "2026-12-02T01:05:00Z")]
    public void Delivery_times_are_read_as_Beijing_time_unless_they_carry_an_offset(string text, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), TrackingRowValidator.ParseDate(text));

    [Theory]
    [InlineData("明天")]
    [InlineData("12/02/2026")]
    [InlineData("2026-13-01")]
    [InlineData("")]
    public void Anything_else_is_not_a_delivery_time(string text) => Assert.Null(TrackingRowValidator.ParseDate(text));
}
