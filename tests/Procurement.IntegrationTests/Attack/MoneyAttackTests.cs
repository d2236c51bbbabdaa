using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Fulfilment;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;
using Procurement.IntegrationTests.Ledger;

namespace Procurement.IntegrationTests.Attack;

/// <summary>
/// Attacks on the money of issue #20 (the review before it was resolved). Tests named for what they refuse failed on
/// the code they were written against (each showed a leak, since fixed); tests named <c>RESISTED_…</c> pin an attack the
/// code already withstood.
/// </summary>
public sealed class MoneyAttackTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient finance, Guid order, decimal amount, string reference) =>
        finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount, reference, receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });

    /// <summary>
    /// Found by the review, now refused: a transfer's receipts are counted gross. Finance returns the first half of a transfer (the union asked for
    /// it back), then the union sends the other half: the order is paid although the platform kept only half of its total,
    /// and the order's suspense goes below zero (the payment's own counter goes negative with it, so the daily proof,
    /// comparing the two, sees nothing).
    /// </summary>
    [Fact]
    public async Task A_transfer_half_returned_then_topped_up_does_not_pay_the_order_with_half_its_money()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], Rows(1));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        var finance = await s.FinanceAsync();

        var first = await ConfirmAsync(finance, order, 50m, "BANK-1");
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        var paymentId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var returned = await finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 50m, reason = "工会要求退回首笔转账" });
        Assert.Equal(HttpStatusCode.Created, returned.StatusCode);

        (await ConfirmAsync(finance, order, 50m, "BANK-2")).EnsureSuccessStatusCode();

        // Net money kept for the order: 50 + 50 − 50 = 50 of 100. The order must not be paid.
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
        var books = await app.OrderBooksAsync(order);
        Assert.True(books.GetValueOrDefault(LedgerAccount.Unapplied) >= 0m, $"suspense of the order is {books.GetValueOrDefault(LedgerAccount.Unapplied)}");
    }

    /// <summary>
    /// Found by the review, now refused: a parcel of two packages, one reported lost in transit and refunded: the whole parcel becomes Cancelled,
    /// so the other package can never be delivered or reported, and its value stays in held:orders for ever — neither
    /// the supplier's payable nor refunded — while the order completes its delivery.
    /// </summary>
    [Fact]
    public async Task A_parcel_lost_before_it_arrived_is_reported_whole_so_no_value_stays_held()
    {
        var s = await CreateAsync(app, cap: 1_000m, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 2)], Rows(1, packages: 2));
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var parcel = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Single().GetProperty("id").GetInt64();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcel},EMS,EMS{parcel:D10}\n")).EnsureSuccessStatusCode();

        // One of its two packages "lost" while the box is on its way: refused, naming the packages (the box is lost whole).
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Lost", packages = 1, description = "两份中丢了一份" }))
            .IsValidationProblemAsync("packages");
        var lost = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Lost", description = "整件丢失" });
        Assert.Equal(HttpStatusCode.Created, lost.StatusCode);
        var reported = await lost.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 200m), (reported.GetProperty("packages").GetInt32(), reported.GetProperty("value").GetDecimal()));
        (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{reported.GetProperty("id").GetGuid()}/refund", new { })).EnsureSuccessStatusCode();
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 200m, 0m), (books.GetValueOrDefault(LedgerAccount.Held), books[LedgerAccount.RefundsPending],
            books.GetValueOrDefault(LedgerAccount.Payable(s.Supplier.SupplierId))));
    }

    /// <summary>RESISTED: six finance clerks return the same overpayment at once: one refund, never more than the excess.</summary>
    [Fact]
    public async Task RESISTED_returning_an_overpayment_many_times_at_once_refunds_it_once()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], Rows(1));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        var finance = await s.FinanceAsync();
        var paid = await ConfirmAsync(finance, order, 130m, "BANK-OVER");
        var paymentId = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var returns = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 30m, reason = $"多付退回 {i}" })));
        Assert.Single(returns, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(returns.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.True(r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest));
        // What paid the order cannot be "returned" as unapplied money.
        await (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{paymentId}/refunds", new { amount = 0.01m, reason = "再退" })).IsValidationProblemAsync("amount");
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 100m, 30m), (books[LedgerAccount.Unapplied], books[LedgerAccount.Held], books[LedgerAccount.RefundsPending]));
    }

    /// <summary>RESISTED: a purchaser cancelling a paid order twice at once is refunded once; the books stay whole.</summary>
    [Fact]
    public async Task RESISTED_cancelling_a_paid_order_many_times_at_once_refunds_it_once()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 2)], Rows(2));
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var cancels = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "不要了" })));
        Assert.Contains(cancels, c => c.IsSuccessStatusCode);
        Assert.All(cancels, c => Assert.True((int)c.StatusCode < 500, c.StatusCode.ToString()));
        var refunds = (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray().ToList();
        Assert.Equal(200m, Assert.Single(refunds).GetProperty("amount").GetDecimal());
        var books = await app.OrderBooksAsync(order);
        Assert.Equal((0m, 200m), (books[LedgerAccount.Held], books[LedgerAccount.RefundsPending]));
    }

    /// <summary>RESISTED: another union's purchaser cannot report after-sales on, or read the refunds of, someone else's order (404).</summary>
    [Fact]
    public async Task RESISTED_another_union_cannot_touch_an_orders_after_sales_or_refunds()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((100m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], Rows(1));
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var parcel = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Single().GetProperty("id").GetInt64();
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcel},EMS,EMS{parcel:D10}\n")).EnsureSuccessStatusCode();
        var other = await CreateAsync(app, threshold: 1_000_000m);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales",
            new { shipmentId = parcel, kind = "Lost", description = "不是我的" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Purchaser.GetAsync($"/api/v1/orders/{order}/refunds")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { })).StatusCode);
    }

    /// <summary>RESISTED: malformed money bodies answer 400 (never 500) on the new finance endpoints.</summary>
    [Fact]
    public async Task RESISTED_malformed_refund_and_payout_bodies_answer_400_not_500()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var finance = await s.FinanceAsync();
        var id = Guid.NewGuid();
        foreach (var body in new[] { "{\"amount\":\"abc\",\"reason\":\"x\"}", "{\"amount\":1e40,\"reason\":\"x\"}", "{\"amount\":-1,\"reason\":null}", "[]", "" })
        {
            var refund = await finance.PostAsync($"/api/v1/finance/payments/{id}/refunds", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True((int)refund.StatusCode is 400 or 404, $"refund {body}: {(int)refund.StatusCode} {await refund.Content.ReadAsStringAsync()}");
            var payout = await finance.PostAsync($"/api/v1/finance/settlements/2026-11/{id}/payouts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True((int)payout.StatusCode is 400 or 404, $"payout {body}: {(int)payout.StatusCode} {await payout.Content.ReadAsStringAsync()}");
        }
        var month = await finance.PostAsJsonAsync($"/api/v1/finance/settlements/2026-13/{id}/payouts", new { amount = 1m, paidAt = DateTimeOffset.UtcNow, bankReference = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, month.StatusCode);
    }
}
