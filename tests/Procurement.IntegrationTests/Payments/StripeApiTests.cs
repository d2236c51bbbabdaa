using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Payments;

/// <summary>
/// A fake Stripe API on loopback that the real Stripe.net client talks to: it makes PaymentIntents and remembers every
/// create with its Idempotency-Key, answering a repeated key with the same intent, as Stripe does.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _next;

    public FakeStripe()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/payment_intents", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var key = request.Headers["Idempotency-Key"].ToString();
            Creates.Add((key, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            var id = Intents.GetOrAdd(key, _ => $"pi_test_{Interlocked.Increment(ref _next)}");
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = "payment_intent", ["amount"] = long.Parse(form["amount"]!, CultureInfo.InvariantCulture), ["currency"] = form["currency"].ToString(),
                ["client_secret"] = $"{id}_secret_test", ["status"] = "requires_payment_method", ["livemode"] = false,
            });
        });
        _app.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var key = request.Headers["Idempotency-Key"].ToString();
            Checkouts.Add((key, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            var id = Sessions.GetOrAdd(key, _ => $"cs_test_{Interlocked.Increment(ref _next)}");
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = "checkout.session", ["mode"] = "payment", ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"]!, CultureInfo.InvariantCulture),
                ["currency"] = "cny", ["url"] = $"https://checkout.stripe.test/c/pay/{id}", ["status"] = "open", ["livemode"] = false,
            });
        });
        _app.MapPost("/v1/refunds", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var key = request.Headers["Idempotency-Key"].ToString();
            RefundCreates.Add((key, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            var id = Refunds.GetOrAdd(key, _ => $"re_test_{Interlocked.Increment(ref _next)}");
            if (LoseRefundAnswers)
            {
                // Stripe made the refund; the answer never reaches us.
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            var status = FailRefunds ? "failed" : "pending";
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = "refund", ["amount"] = long.Parse(form["amount"]!, CultureInfo.InvariantCulture), ["currency"] = "cny",
                ["payment_intent"] = form["payment_intent"].ToString(), ["status"] = status, ["failure_reason"] = FailRefunds ? "expired_or_canceled_card" : null,
            });
        });
        _app.MapGet("/v1/payment_intents/{id}", (string id) => Results.Json(new Dictionary<string, object?>
        {
            ["id"] = id, ["object"] = "payment_intent", ["status"] = IntentStatus.GetValueOrDefault(id, "requires_payment_method"), ["client_secret"] = $"{id}_secret_test",
            ["livemode"] = false,
        }));
        _app.MapPost("/v1/payment_intents/{id}/cancel", (string id) =>
        {
            Cancelled.Add(id);
            IntentStatus[id] = "canceled";
            return Results.Json(new Dictionary<string, object?> { ["id"] = id, ["object"] = "payment_intent", ["status"] = "canceled", ["livemode"] = false });
        });
        _app.MapGet("/v1/checkout/sessions/{id}", (string id) => Results.Json(new Dictionary<string, object?>
        {
            ["id"] = id, ["object"] = "checkout.session", ["mode"] = "payment", ["status"] = SessionStatus.GetValueOrDefault(id, "open"),
            ["url"] = $"https://checkout.stripe.test/c/pay/{id}", ["livemode"] = false,
        }));
        _app.MapPost("/v1/checkout/sessions/{id}/expire", (string id) =>
        {
            Cancelled.Add(id);
            SessionStatus[id] = "expired";
            return Results.Json(new Dictionary<string, object?> { ["id"] = id, ["object"] = "checkout.session", ["status"] = "expired", ["livemode"] = false });
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }
    public ConcurrentBag<(string Key, Dictionary<string, string> Form)> Creates { get; } = [];
    public ConcurrentDictionary<string, string> Intents { get; } = new();
    public ConcurrentBag<(string Key, Dictionary<string, string> Form)> RefundCreates { get; } = [];
    public ConcurrentBag<(string Key, Dictionary<string, string> Form)> Checkouts { get; } = [];
    public ConcurrentDictionary<string, string> Sessions { get; } = new();
    public ConcurrentDictionary<string, string> Refunds { get; } = new();

    /// <summary>A PaymentIntent's status as GET answers it (default <c>requires_payment_method</c>: open).</summary>
    public ConcurrentDictionary<string, string> IntentStatus { get; } = new();

    /// <summary>A Checkout session's status (default <c>open</c>).</summary>
    public ConcurrentDictionary<string, string> SessionStatus { get; } = new();

    /// <summary>The intents cancelled and sessions expired, in order.</summary>
    public ConcurrentBag<string> Cancelled { get; } = [];

    /// <summary>Answers refunds as failed (the card was closed), as Stripe does.</summary>
    public bool FailRefunds { get; set; }

    /// <summary>Makes each refund asked (remembered by its key, as Stripe would) but answers 503, as a lost answer looks to the caller.</summary>
    public bool LoseRefundAnswers { get; set; }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The app with Stripe configured against <see cref="FakeStripe"/>.</summary>
public sealed class StripeApp : ProcurementApp
{
    public const string WebhookSecret = "whsec_test_longpinhui";

    public FakeStripe Stripe { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Stripe:SecretKey", "sk_test_longpinhui");
        builder.UseSetting("Stripe:WebhookSecret", WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", Stripe.BaseUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>Stripe payments: intents in 分 with one key per attempt, and signed webhooks applied exactly once.</summary>
public sealed partial class StripeApiTests(StripeApp app) : IClassFixture<StripeApp>
{
    private static string Sign(string payload, long timestamp, string secret = StripeApp.WebhookSecret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string Event(string id, string type, string intentId, long amount, string currency = "cny", string? apiVersion = null, Guid? orderId = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = apiVersion ?? Stripe.StripeConfiguration.ApiVersion, ["type"] = type,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = false, ["pending_webhooks"] = 1,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = intentId, ["object"] = "payment_intent", ["amount"] = amount, ["amount_received"] = amount, ["currency"] = currency,
                    ["metadata"] = orderId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["order_id"] = orderId.Value.ToString() },
                    ["last_payment_error"] = type == "payment_intent.payment_failed" ? new { message = "卡片余额不足" } : null,
                },
            },
        });

    private static string RefundEvent(string id, string intentId, string refundId, string status) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion, ["type"] = status == "succeeded" ? "charge.refunded" : "refund.failed",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = false, ["pending_webhooks"] = 1,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = status == "succeeded"
                    ? new Dictionary<string, object?>
                    {
                        ["id"] = "ch_test_1", ["object"] = "charge", ["payment_intent"] = intentId, ["amount_refunded"] = 25000, ["currency"] = "cny",
                        ["refunds"] = new { @object = "list", data = new[] { new { id = refundId, @object = "refund", status } } },
                    }
                    : new Dictionary<string, object?>
                    {
                        ["id"] = refundId, ["object"] = "refund", ["payment_intent"] = intentId, ["status"] = status, ["failure_reason"] = "lost_or_stolen_card",
                    },
            },
        });

    private Task<HttpResponseMessage> DeliverAsync(string payload, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Sign(payload, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        return app.CreateClient().SendAsync(request);
    }

    private async Task<(OrderingScenario S, Guid Sku, Guid Order, string IntentId)> StartedAsync()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 10)], Rows(10));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        var started = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "alipay" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("pi_test_", body.GetProperty("paymentIntentId").GetString());
        Assert.EndsWith("_secret_test", body.GetProperty("clientSecret").GetString());
        return (s, sku, order, body.GetProperty("paymentIntentId").GetString()!);
    }

    [Fact]
    public async Task An_intent_asks_the_order_total_in_fen_with_the_order_tagged_and_a_key_per_attempt()
    {
        var (_, _, order, intent) = await StartedAsync();
        var create = app.Stripe.Creates.Single(c => app.Stripe.Intents[c.Key] == intent);
        Assert.Equal("25000", create.Form["amount"]);
        Assert.Equal("cny", create.Form["currency"]);
        Assert.Equal(order.ToString(), create.Form["metadata[order_id]"]);
        Assert.Equal("alipay", create.Form.Single(f => f.Key.StartsWith("allowed_payment_method_types", StringComparison.Ordinal)).Value);
        Assert.StartsWith("payment-", create.Key);
    }

    [Fact]
    public async Task A_succeeded_event_pays_the_order_once_and_a_replay_or_a_late_failure_changes_nothing()
    {
        var (s, sku, order, intent) = await StartedAsync();
        var succeeded = Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000, orderId: order);
        var first = await DeliverAsync(succeeded);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Applied", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal(90, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());

        var replay = await DeliverAsync(succeeded);
        Assert.Equal("Duplicate", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(90, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());

        var failed = await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.payment_failed", intent, 25000));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
        var payment = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray());
        Assert.Equal("Succeeded", payment.GetProperty("status").GetString());
        var ledger = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(10, ledger.GetProperty("salesByDay").EnumerateArray().Sum(d => d.GetProperty("units").GetInt32()));
    }

    [Fact]
    public async Task The_same_event_delivered_many_times_at_once_is_applied_once()
    {
        var (s, sku, order, intent) = await StartedAsync();
        var succeeded = Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => DeliverAsync(succeeded)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var outcomes = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()));
        Assert.Single(outcomes, o => o == "Applied");
        var after = await s.SkuAsync(sku);
        Assert.Equal((90, 0), (after.GetProperty("stock").GetInt32(), after.GetProperty("reserved").GetInt32()));
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_wrong_amount_leaves_the_order_unpaid_and_flags_the_payment_and_a_failure_is_shown()
    {
        var (s, _, order, intent) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 24999))).EnsureSuccessStatusCode();
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
        var flagged = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray());
        Assert.Equal(("Pending", "WrongAmount"), (flagged.GetProperty("status").GetString(), flagged.GetProperty("flag").GetString()));

        var second = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "card" });
        var intent2 = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentIntentId").GetString()!;
        Assert.NotEqual(intent, intent2);
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.payment_failed", intent2, 25000))).EnsureSuccessStatusCode();
        var failed = (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray().Last();
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Forged_stale_or_malformed_deliveries_answer_400_and_change_nothing()
    {
        var (s, _, order, intent) = await StartedAsync();
        var payload = Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await (await DeliverAsync(payload, Sign(payload, now, "whsec_someone_else"))).IsValidationProblemAsync("Stripe-Signature");
        await (await DeliverAsync(payload, Sign(payload, now - 301))).IsValidationProblemAsync("Stripe-Signature");
        await (await DeliverAsync(payload, "")).IsValidationProblemAsync("Stripe-Signature");
        await (await DeliverAsync("not json", Sign("not json", now))).IsValidationProblemAsync("Stripe-Signature");
        await (await DeliverAsync(payload.Replace("25000", "25001", StringComparison.Ordinal), Sign(payload, now))).IsValidationProblemAsync("Stripe-Signature");
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_of_another_version_of_the_same_release_train_are_accepted_and_another_train_refused()
    {
        var (s, _, order, intent) = await StartedAsync();
        var train = Infrastructure.Payments.StripeWebhookReader.ReleaseTrain(Stripe.StripeConfiguration.ApiVersion);
        await (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000, apiVersion: "2025-01-27.acacia")))
            .IsValidationProblemAsync("api_version");
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
        var sameTrain = await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000, apiVersion: $"2026-09-30.{train}"));
        Assert.Equal(HttpStatusCode.OK, sameTrain.StatusCode);
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelling_an_order_paid_online_refunds_it_through_stripe_and_the_charge_refunded_event_completes_it()
    {
        var (s, sku, order, intent) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000))).EnsureSuccessStatusCode();
        var cancelled = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "单位活动取消" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        Assert.Equal("Refunded", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal(100, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());

        var asked = app.Stripe.RefundCreates.Single(r => r.Form["payment_intent"] == intent);
        Assert.Equal("25000", asked.Form["amount"]);
        Assert.StartsWith("refund-", asked.Key);
        var refund = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray());
        Assert.Equal(("stripe", "Pending"), (refund.GetProperty("method").GetString(), refund.GetProperty("status").GetString()));
        var refundId = refund.GetProperty("providerRefundId").GetString()!;

        var done = RefundEvent($"evt_{Guid.NewGuid():N}", intent, refundId, "succeeded");
        Assert.Equal("Applied", (await (await DeliverAsync(done)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("Duplicate", (await (await DeliverAsync(done)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        // A late failure report never undoes a refund Stripe said succeeded.
        (await DeliverAsync(RefundEvent($"evt_{Guid.NewGuid():N}", intent, refundId, "failed"))).EnsureSuccessStatusCode();
        refund = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray());
        Assert.Equal("Succeeded", refund.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_refund_stripe_refuses_stays_failed_for_finance_who_retries_it_with_a_new_key()
    {
        var (s, _, order, intent) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000))).EnsureSuccessStatusCode();
        app.Stripe.FailRefunds = true;
        try
        {
            (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { })).EnsureSuccessStatusCode();
        }
        finally
        {
            app.Stripe.FailRefunds = false;
        }
        var finance = await s.FinanceAsync();
        var failed = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/refunds?status=Failed&pageSize=100");
        var refund = Assert.Single(failed.GetProperty("items").EnumerateArray(), r => r.GetProperty("orderId").GetGuid() == order);
        Assert.Equal("expired_or_canceled_card", refund.GetProperty("failureReason").GetString());

        var retried = await finance.PostAsync($"/api/v1/finance/refunds/{refund.GetProperty("id").GetGuid()}/retry", null);
        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync());
        Assert.Equal("Pending", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var keys = app.Stripe.RefundCreates.Where(r => r.Form["payment_intent"] == intent).Select(r => r.Key).Distinct().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.PostAsync($"/api/v1/finance/refunds/{refund.GetProperty("id").GetGuid()}/retry", null)).StatusCode);
    }

    private static string SessionCompleted(string id, string sessionId, string intentId, long amount, Guid order) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = Stripe.StripeConfiguration.ApiVersion, ["type"] = "checkout.session.completed",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = false, ["pending_webhooks"] = 1,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = sessionId, ["object"] = "checkout.session", ["payment_intent"] = intentId, ["amount_total"] = amount, ["currency"] = "cny",
                    ["payment_status"] = "paid", ["metadata"] = new Dictionary<string, string> { ["order_id"] = order.ToString() },
                },
            },
        });

    [Fact]
    public async Task Checkout_asks_the_total_in_fen_returns_to_our_page_and_its_completion_pays_once_whichever_event_comes_second()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 4)], Rows(4));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        var started = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments/checkout", new { paymentMethodType = "wechat_pay" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var session = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        var asked = app.Stripe.Checkouts.Single(c => app.Stripe.Sessions[c.Key] == session);
        Assert.Equal("10000", asked.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("cny", asked.Form["line_items[0][price_data][currency]"]);
        Assert.Equal(order.ToString(), asked.Form["metadata[order_id]"]);
        Assert.Equal("web", asked.Form["payment_method_options[wechat_pay][client]"]);
        Assert.EndsWith($"/orders/{order}/payment?result=success", asked.Form["success_url"], StringComparison.Ordinal);
        Assert.EndsWith($"/orders/{order}/payment?result=cancel", asked.Form["cancel_url"], StringComparison.Ordinal);
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());

        var completed = await DeliverAsync(SessionCompleted($"evt_{Guid.NewGuid():N}", session, "pi_checkout_1", 10000, order));
        Assert.Equal("Applied", (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
        // Stripe also sends payment_intent.succeeded for the same money: it finds the same, paid, attempt.
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", "pi_checkout_1", 10000, orderId: order))).EnsureSuccessStatusCode();
        Assert.Equal(96, (await s.SkuAsync(sku)).GetProperty("stock").GetInt32());
        var payment = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray());
        Assert.Equal(("Succeeded", "pi_checkout_1"), (payment.GetProperty("status").GetString(), payment.GetProperty("reference").GetString()));

        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments/checkout", new { paymentMethodType = "card" })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments/checkout", new { paymentMethodType = "paypal" })).IsValidationProblemAsync("paymentMethodType");
    }

    [Fact]
    public async Task An_after_sales_refund_of_an_order_paid_online_is_a_partial_stripe_refund_of_the_package_value()
    {
        var (s, _, order, intent) = await StartedAsync();
        (await DeliverAsync(Event($"evt_{Guid.NewGuid():N}", "payment_intent.succeeded", intent, 25000))).EnsureSuccessStatusCode();
        var parcel = (await Fulfilment.FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments"))[0].GetProperty("id").GetInt64();
        (await Fulfilment.FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcel},EMS,EMS12345678\n")).EnsureSuccessStatusCode();
        var reported = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Lost", description = "丢件" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var refunded = await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{reported.GetProperty("id").GetGuid()}/refund", new { });
        Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());

        // One package of 25.00 yuan: 2,500 fen back on the same PaymentIntent; the order stays where it was.
        var asked = app.Stripe.RefundCreates.Single(r => r.Form["payment_intent"] == intent);
        Assert.Equal("2500", asked.Form["amount"]);
        var refund = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray());
        Assert.Equal(("stripe", 25.00m, "Pending"), (refund.GetProperty("method").GetString(), refund.GetProperty("amount").GetDecimal(), refund.GetProperty("status").GetString()));
        Assert.Equal("Shipping", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }
}
