using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.Core.Ledger;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;
using Procurement.IntegrationTests.Ledger;

namespace Procurement.IntegrationTests.Payments;

/// <summary>
/// Attacks on online money (the review of issue #20). Tests named for what they refuse failed on the code they were
/// written against (since fixed); <c>RESISTED_…</c> tests pin an attack the code already withstood.
/// </summary>
public sealed partial class StripeApiTests
{
    /// <summary>
    /// Found by the review, now refused: a refund whose create answer was lost (Stripe made it) is Failed+unanswered; finance may then record it
    /// "sent by bank transfer". The union gets the money twice (Stripe's refund and the transfer), and Stripe's later
    /// charge.refunded is silently ignored (a success is final), so the books show one refund and nothing is flagged.
    /// </summary>
    [Fact]
    public async Task A_refund_whose_answer_was_lost_cannot_also_be_recorded_sent_by_transfer()
    {
        var (s, _, order, intent) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000))).EnsureSuccessStatusCode();
        app.Stripe.LoseRefundAnswers = true;
        try
        {
            (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { })).EnsureSuccessStatusCode();
        }
        finally
        {
            app.Stripe.LoseRefundAnswers = false;
        }
        var key = app.Stripe.RefundCreates.First(r => r.Form["payment_intent"] == intent).Key;
        Assert.True(app.Stripe.Refunds.ContainsKey(key)); // Stripe made it.
        var finance = await s.FinanceAsync();
        var refund = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/refunds?status=Failed&pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("orderId").GetGuid() == order);
        var sent = await finance.PostAsJsonAsync($"/api/v1/finance/refunds/{refund.GetProperty("id").GetGuid()}/completion",
            new { reference = "BANK-REFUND-1", sentAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        // Stripe may have refunded it: until it answers (retry with the same key), a transfer would pay the union twice.
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
    }

    /// <summary>
    /// Found by the review, now refused: a hosted checkout paid with another amount: checkout.session.completed flags it (WrongAmount, still
    /// Pending) and posts its receipt; Stripe's payment_intent.succeeded for the same money then posts the same receipt
    /// key again, the commit fails and the webhook answers 409 — for ever: Stripe retries for days and then disables the
    /// endpoint, and every other event of the platform stops being applied.
    /// </summary>
    [Fact]
    public async Task A_wrong_amount_reported_by_both_checkout_events_is_applied_once_and_the_second_answers_200()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 4)], Rows(4));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        var started = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments/checkout", new { paymentMethodType = "card" });
        var session = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        var intent = $"pi_wrong_{Guid.NewGuid():N}";

        (await DeliverAsync(SessionCompleted($"evt_{Guid.NewGuid():N}", session, intent, 9999, order))).EnsureSuccessStatusCode();
        var second = await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 9999, orderId: order));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((99.99m, 99.99m), (books[LedgerAccount.OnlineCash], books[LedgerAccount.Unapplied]));
    }

    /// <summary>RESISTED: finance cannot "return" the money that paid an order (it is not unapplied), online either.</summary>
    [Fact]
    public async Task RESISTED_finance_cannot_return_money_that_paid_an_order_as_if_it_were_unapplied()
    {
        var (s, _, order, intent) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000))).EnsureSuccessStatusCode();
        var paymentId = (await PaymentOfAsync(s, order, intent)).GetProperty("id").GetGuid();
        var finance = await s.FinanceAsync();
        await (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 1m, reason = "试探" })).IsValidationProblemAsync("amount");
        Assert.DoesNotContain(app.Stripe.RefundCreates, r => r.Form["payment_intent"] == intent);
        Assert.Equal(HttpStatusCode.NotFound, (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{Guid.NewGuid()}/refunds", new { amount = 1m, reason = "x" })).StatusCode);
    }

    /// <summary>RESISTED: an event tagged with another union's order, for an attempt we know, pays the attempt's own order only.</summary>
    [Fact]
    public async Task RESISTED_an_event_naming_another_unions_order_pays_only_the_attempts_own_order()
    {
        var (s, _, order, intent) = await StartedAsync();
        var (other, _, otherOrder, _) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000, orderId: otherOrder))).EnsureSuccessStatusCode();
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal("Approved", (await other.OrderAsync(otherOrder)).GetProperty("status").GetString());
        Assert.Empty(await app.OrderBooksAsync(otherOrder));
    }
}
