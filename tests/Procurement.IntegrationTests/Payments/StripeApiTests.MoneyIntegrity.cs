using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Ordering;
using Procurement.IntegrationTests.Ledger;

namespace Procurement.IntegrationTests.Payments;

/// <summary>
/// Money integrity (contract v1.1): money that arrives for an order that can no longer take it is flagged unapplied
/// and returned by finance; one open online attempt an order; a refund retried after a lost answer keeps its key.
/// Each of these failed on the code before issue #20.
/// </summary>
public sealed partial class StripeApiTests
{
    private async Task<JsonElement> PaymentOfAsync(OrderingScenario s, Guid order, string intent) =>
        (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray()
        .Single(p => p.GetProperty("reference").GetString() == intent);

    [Fact]
    public async Task Money_that_arrives_for_a_cancelled_order_pays_nothing_is_flagged_unapplied_and_finance_returns_it()
    {
        var (s, _, order, intent) = await StartedAsync();
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "活动取消" })).EnsureSuccessStatusCode();
        // The purchaser had the payment page open and paid anyway.
        var outcome = await (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Applied", outcome.GetProperty("outcome").GetString());
        Assert.Equal("Cancelled", (await s.OrderAsync(order)).GetProperty("status").GetString());

        var finance = await s.FinanceAsync();
        var flagged = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/flagged-payments?pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("orderId").GetGuid() == order);
        Assert.Equal(("Unapplied", 250m), (flagged.GetProperty("flag").GetString(), flagged.GetProperty("received").GetDecimal()));
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((250m, 250m, 0m), (books[LedgerAccount.OnlineCash], books[LedgerAccount.Unapplied], books.GetValueOrDefault(LedgerAccount.Held)));

        // Finance returns it the way it came; never more than waits in suspense.
        var paymentId = flagged.GetProperty("id").GetGuid();
        await (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 250.01m, reason = "订单已取消，原路退回" }))
            .IsValidationProblemAsync("amount");
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 1m, reason = "x" })).StatusCode);
        var returned = await finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 250m, reason = "订单已取消，原路退回" });
        Assert.Equal(HttpStatusCode.Created, returned.StatusCode);
        var asked = app.Stripe.RefundCreates.Single(r => r.Form["payment_intent"] == intent);
        Assert.Equal("25000", asked.Form["amount"]);
        var refundId = (await returned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(refundId.ToString(), asked.Form["metadata[refund_id]"]);
        await (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 0.01m, reason = "再退" })).IsValidationProblemAsync("amount");
        books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 250m), (books[LedgerAccount.Unapplied], books[LedgerAccount.RefundsPending]));
    }

    [Fact]
    public async Task A_second_attempt_that_is_paid_after_the_first_paid_the_order_is_flagged_unapplied_not_kept()
    {
        var (s, _, order, first) = await StartedAsync();
        // Another tab, another type: the first attempt is cancelled at Stripe before the second is made.
        var second = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "card" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondIntent = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentIntentId").GetString()!;
        Assert.Contains(first, app.Stripe.Cancelled);
        Assert.Equal("Canceled", (await PaymentOfAsync(s, order, first)).GetProperty("status").GetString());

        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", secondIntent, 25000))).EnsureSuccessStatusCode();
        // The first one's money had already gone through at Stripe when the cancel arrived: it pays nothing here.
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", first, 25000))).EnsureSuccessStatusCode();
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal("Unapplied", (await PaymentOfAsync(s, order, first)).GetProperty("flag").GetString());
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((500m, 250m, 250m), (books[LedgerAccount.OnlineCash], books[LedgerAccount.Held], books[LedgerAccount.Unapplied]));
    }

    [Fact]
    public async Task Asking_again_for_the_same_way_to_pay_returns_the_open_attempt_and_another_way_cancels_it_first()
    {
        var (s, _, order, intent) = await StartedAsync();
        var creates = app.Stripe.Creates.Count;
        var again = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "alipay" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(intent, body.GetProperty("paymentIntentId").GetString());
        Assert.Equal($"{intent}_secret_test", body.GetProperty("clientSecret").GetString());
        // A double click: several at once make no second attempt.
        var clicks = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "alipay" })));
        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        Assert.Equal(creates, app.Stripe.Creates.Count);

        // Paying by bank transfer instead: the open attempt is cancelled at Stripe first.
        var transfer = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" });
        Assert.Equal(HttpStatusCode.Created, transfer.StatusCode);
        Assert.Contains(intent, app.Stripe.Cancelled);
        var payments = (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray().ToList();
        Assert.Single(payments, p => p.GetProperty("status").GetString() == "Pending");
    }

    [Fact]
    public async Task A_second_open_attempt_of_one_order_is_refused_by_the_database()
    {
        var (_, _, order, _) = await StartedAsync();
        var refused = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var open = await db.Payments.SingleAsync(p => p.OrderId == order);
            db.Payments.Add(new Core.Payments.Payment(order, open.UnionId, Core.Payments.PaymentMethod.Online, open.Amount, "pi_other", null, DateTimeOffset.UtcNow));
            return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        });
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Money_for_an_attempt_we_never_recorded_is_kept_on_the_books_as_unapplied()
    {
        var (s, _, order, _) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", "pi_never_saved", 25000, orderId: order))).EnsureSuccessStatusCode();
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal("Unapplied", (await PaymentOfAsync(s, order, "pi_never_saved")).GetProperty("flag").GetString());
        Assert.Equal(250m, (await app.OrderBooksAsync(order))[LedgerAccount.Unapplied]);
    }

    [Fact]
    public async Task A_refund_whose_answer_was_lost_is_retried_with_the_same_key_and_its_event_finds_it_by_our_id()
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
        var firstKey = app.Stripe.RefundCreates.First(r => r.Form["payment_intent"] == intent).Key;
        var finance = await s.FinanceAsync();
        var refund = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/refunds?status=Failed&pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("orderId").GetGuid() == order);
        (await finance.PostAsync($"/api/v1/finance/refunds/{refund.GetProperty("id").GetGuid()}/retry", null)).EnsureSuccessStatusCode();
        // Every call for this refund carried one key: Stripe answers the refund it made, never a second one.
        Assert.All(app.Stripe.RefundCreates.Where(r => r.Form["payment_intent"] == intent), r => Assert.Equal(firstKey, r.Key));
        Assert.Single(app.Stripe.Refunds, r => r.Key == firstKey);
        Assert.Equal(refund.GetProperty("id").GetGuid().ToString(), app.Stripe.RefundCreates.First(r => r.Key == firstKey).Form["metadata[refund_id]"]);
        var providerId = app.Stripe.Refunds[firstKey];
        (await DeliverAsync(RefundEvent($"evt_{Guid.NewGuid():N}", intent, providerId, "succeeded"))).EnsureSuccessStatusCode();
        var done = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray());
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 0m, 0m), (books[LedgerAccount.OnlineCash], books[LedgerAccount.Held], books[LedgerAccount.RefundsPending]));
    }
}
