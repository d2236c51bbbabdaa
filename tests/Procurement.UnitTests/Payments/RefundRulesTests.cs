using Procurement.Core.Payments;

namespace Procurement.UnitTests.Payments;

/// <summary>What a refund may take from its payment, and the key the provider sees when it is asked again.</summary>
public sealed class RefundRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Clerk = Guid.NewGuid();

    private static Payment Paid(decimal amount)
    {
        var payment = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.Online, amount, "pi_1", null, At);
        Assert.True(payment.ProviderSucceeded(amount, At));
        return payment;
    }

    private static Refund RefundOf(Payment payment, decimal amount) => new(payment.OrderId, payment.UnionId, payment, amount, "售后", null, Clerk, At, "held:orders");

    [Fact]
    public void An_unanswered_call_is_asked_again_with_the_same_key()
    {
        var refund = RefundOf(Paid(100m), 100m);
        var key = refund.IdempotencyKey;
        refund.Unreached("timeout");
        Assert.Null(refund.Retry());
        Assert.Equal(key, refund.IdempotencyKey);
        refund.Unreached("timeout again");
        Assert.Null(refund.Retry());
        Assert.Equal(key, refund.IdempotencyKey);
    }

    [Fact]
    public void A_definite_refusal_is_retried_as_a_new_attempt_with_a_key_of_its_own()
    {
        var refund = RefundOf(Paid(100m), 100m);
        var first = refund.IdempotencyKey;
        refund.Refused("insufficient balance");
        Assert.Null(refund.Retry());
        var second = refund.IdempotencyKey;
        Assert.NotEqual(first, second);
        refund.Asked("re_2", ProviderOutcome.Failed, "declined", At);
        Assert.Null(refund.Retry());
        Assert.NotEqual(second, refund.IdempotencyKey);
        Assert.NotEqual(first, refund.IdempotencyKey);
    }

    [Fact]
    public void Only_a_failed_online_refund_is_retried()
    {
        var refund = RefundOf(Paid(100m), 100m);
        Assert.NotNull(refund.Retry());
        refund.Asked("re_1", ProviderOutcome.Succeeded, null, At);
        Assert.NotNull(refund.Retry());
    }

    [Fact]
    public void A_payment_refunds_at_most_what_it_received()
    {
        var payment = Paid(100m);
        Assert.Null(payment.TakeRefund(60m));
        Assert.NotNull(payment.TakeRefund(40.01m));
        Assert.Null(payment.TakeRefund(40m));
        Assert.NotNull(payment.TakeRefund(0.01m));
        Assert.Equal((100m, 0m), (payment.Refunded, payment.Refundable));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_refund_of_nothing_is_refused(decimal amount)
    {
        var payment = Paid(100m);
        Assert.NotNull(payment.TakeRefund(amount));
        Assert.Equal(0m, payment.Refunded);
    }

    [Fact]
    public void Finance_returns_at_most_what_waits_in_suspense_for_the_payment()
    {
        var transfer = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.BankTransfer, 100m, "PO-1", null, At);
        Assert.True(transfer.Receive(130m, "BANK-1", At, Clerk, At).Value);
        Assert.Equal(30m, transfer.UnappliedAmount);
        Assert.NotNull(transfer.ReturnUnapplied(30.01m));
        Assert.NotNull(transfer.ReturnUnapplied(0m));
        Assert.NotNull(transfer.ReturnUnapplied(0.001m));
        Assert.Null(transfer.ReturnUnapplied(30m));
        Assert.Equal((0m, 30m), (transfer.UnappliedAmount, transfer.Refunded));
        Assert.NotNull(transfer.ReturnUnapplied(0.01m));
    }

    [Fact]
    public void A_paid_payment_has_nothing_in_suspense_to_return()
    {
        var payment = Paid(100m);
        Assert.NotNull(payment.ReturnUnapplied(0.01m));
        Assert.Equal(0m, payment.Refunded);
    }

    [Fact]
    public void A_part_of_a_transfer_finance_returned_no_longer_counts_toward_the_total()
    {
        var transfer = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.BankTransfer, 100m, "PO-1", null, At);
        Assert.False(transfer.Receive(60m, "BANK-1", At, Clerk, At).Value);
        Assert.Null(transfer.ReturnUnapplied(60m));
        Assert.Equal(100m, transfer.Missing);
        Assert.False(transfer.Receive(40m, "BANK-2", At, Clerk, At).Value);
        Assert.Equal((PaymentStatus.Pending, 40m, 60m), (transfer.Status, transfer.UnappliedAmount, transfer.Missing));
        Assert.True(transfer.Receive(70m, "BANK-3", At, Clerk, At).Value);
        Assert.Equal((PaymentFlag.Overpaid, 10m), (transfer.Flag, transfer.UnappliedAmount));
    }
}
