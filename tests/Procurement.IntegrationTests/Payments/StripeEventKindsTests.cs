using Procurement.Core.Payments;
using Procurement.Infrastructure.Payments;

namespace Procurement.IntegrationTests.Payments;

/// <summary>
/// Stripe's names become Core's words in the adapter, and only there. Plain unit tests (no host); they live here
/// because the unit tests reference Core alone, which no longer knows Stripe.
/// </summary>
public sealed class StripeEventKindsTests
{
    [Theory]
    [InlineData("payment_intent.succeeded", PaymentEventKind.Succeeded)]
    [InlineData("checkout.session.completed", PaymentEventKind.Succeeded)]
    [InlineData("payment_intent.payment_failed", PaymentEventKind.Failed)]
    [InlineData("payment_intent.canceled", PaymentEventKind.Canceled)]
    [InlineData("charge.refunded", PaymentEventKind.Refunded)]
    [InlineData("refund.updated", PaymentEventKind.Refunded)]
    [InlineData("refund.failed", PaymentEventKind.Refunded)]
    public void Each_Stripe_event_we_act_on_maps_to_its_core_kind(string type, PaymentEventKind kind)
    {
        Assert.Equal(kind, StripeWebhookReader.KindOf(type));
    }

    [Theory]
    [InlineData("payment_intent.created")]
    [InlineData("payment_intent.processing")]
    [InlineData("charge.succeeded")]
    [InlineData("customer.created")]
    [InlineData("PAYMENT_INTENT.SUCCEEDED")]
    [InlineData("")]
    [InlineData(null)]
    public void Any_other_event_is_of_no_kind_and_is_ignored(string? type)
    {
        Assert.Equal(PaymentEventKind.Other, StripeWebhookReader.KindOf(type));
    }

    [Theory]
    [InlineData("succeeded", ProviderOutcome.Succeeded)]
    [InlineData("failed", ProviderOutcome.Failed)]
    [InlineData("canceled", ProviderOutcome.Canceled)]
    [InlineData("pending", ProviderOutcome.Pending)]
    [InlineData("requires_action", ProviderOutcome.Pending)]
    [InlineData(null, ProviderOutcome.Pending)]
    public void A_Stripe_refund_status_maps_to_its_core_outcome_and_an_undecided_one_changes_nothing(string? status, ProviderOutcome outcome)
    {
        Assert.Equal(outcome, StripePaymentProvider.RefundOutcome(status));
    }
}
