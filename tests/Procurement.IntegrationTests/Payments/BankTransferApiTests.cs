using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.Core.Users;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Payments;

/// <summary>对公转账: the purchaser starts it, finance confirms what arrived, and paying turns reservations into sales.</summary>
public sealed class BankTransferApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private async Task<(OrderingScenario S, Guid Sku, Guid Order, HttpClient Finance)> ApprovedAsync(decimal price = 25m, int quantity = 10)
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((price, 100)))[0];
        var order = await s.ReadyAsync([(sku, quantity)], Rows(quantity));
        var submitted = await (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", submitted.GetProperty("status").GetString());
        var email = $"f{Guid.NewGuid():N}"[..10] + "@test.example.cn";
        await app.CreateUserAsync(email, Password, Roles.Finance);
        return (s, sku, order, await app.SignedInClientAsync(email, Password));
    }

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient finance, Guid order, decimal amount, string reference = "LP 转账") =>
        finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount, reference, receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });

    [Fact]
    public async Task An_exact_transfer_pays_the_order_and_its_reservations_become_sales()
    {
        var (s, sku, order, finance) = await ApprovedAsync();
        var started = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var payment = await started.Content.ReadFromJsonAsync<JsonElement>();
        var number = (await s.OrderAsync(order)).GetProperty("number").GetString();
        Assert.Equal(number, payment.GetProperty("reference").GetString());
        Assert.Equal("陇品汇测试收款账户", payment.GetProperty("payee").GetProperty("accountName").GetString());
        Assert.Equal(250.00m, payment.GetProperty("amount").GetDecimal());
        // Asking again shows the same transfer, never a second one.
        var again = await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(payment.GetProperty("paymentId").GetGuid(), again.GetProperty("paymentId").GetGuid());

        var queue = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/bank-transfers");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), p => p.GetProperty("orderId").GetGuid() == order);

        var confirmed = await ConfirmAsync(finance, order, 250.00m);
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        var details = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Succeeded", "None", 0m), (details.GetProperty("status").GetString(), details.GetProperty("flag").GetString(), details.GetProperty("missing").GetDecimal()));

        var paid = await s.OrderAsync(order);
        Assert.Equal("Paid", paid.GetProperty("status").GetString());
        Assert.Equal("Paid", paid.GetProperty("timeline").EnumerateArray().Last().GetProperty("to").GetString());
        var after = await s.SkuAsync(sku);
        Assert.Equal((90, 0, 90), (after.GetProperty("stock").GetInt32(), after.GetProperty("reserved").GetInt32(), after.GetProperty("available").GetInt32()));
        // The supplier's ledger counts the sale; the budget stays committed.
        var overview = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(10, overview.GetProperty("salesByDay").EnumerateArray().Sum(d => d.GetProperty("units").GetInt32()));
        Assert.Equal(1_000_000m - 250m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        Assert.DoesNotContain((await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/bank-transfers")).GetProperty("items").EnumerateArray(),
            p => p.GetProperty("orderId").GetGuid() == order);

        // Paid orders take no further payment or receipt (cancelling one refunds it: RefundApiTests).
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await ConfirmAsync(finance, order, 1m)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task A_short_transfer_is_recorded_and_the_order_stays_unpaid_until_the_rest_arrives()
    {
        var (s, sku, order, finance) = await ApprovedAsync();
        var shortBy = await (await ConfirmAsync(finance, order, 200.00m, "第一笔")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Pending", 50.00m), (shortBy.GetProperty("status").GetString(), shortBy.GetProperty("missing").GetDecimal()));
        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Equal(10, (await s.SkuAsync(sku)).GetProperty("reserved").GetInt32());
        var queued = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/bank-transfers")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("orderId").GetGuid() == order);
        Assert.Equal(50.00m, queued.GetProperty("missing").GetDecimal());

        var rest = await (await ConfirmAsync(finance, order, 50.00m, "第二笔")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Succeeded", rest.GetProperty("status").GetString());
        Assert.Equal(2, rest.GetProperty("receipts").GetArrayLength());
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_overpayment_pays_the_order_and_is_flagged_for_finance()
    {
        var (s, _, order, finance) = await ApprovedAsync();
        var over = await (await ConfirmAsync(finance, order, 300.00m)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Succeeded", "Overpaid"), (over.GetProperty("status").GetString(), over.GetProperty("flag").GetString()));
        Assert.Equal("Paid", (await s.OrderAsync(order)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_payment_requests_are_refused_and_nothing_changes()
    {
        var (s, sku, order, finance) = await ApprovedAsync();
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "cash" })).IsValidationProblemAsync("method");
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "paypal" })).IsValidationProblemAsync("paymentMethodType");
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "stripe", paymentMethodType = "alipay" }))
            .IsProblemAsync(HttpStatusCode.ServiceUnavailable, "payment-provider-unavailable");
        var draft = await s.DraftAsync((sku, 1));
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{draft}/payments", new { method = "bank_transfer" })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await finance.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" })).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await (await ConfirmAsync(s.Purchaser, order, 250m)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await ConfirmAsync(s.Approver, order, 250m)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await s.Purchaser.GetAsync("/api/v1/finance/bank-transfers")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await ConfirmAsync(finance, order, 0m)).IsValidationProblemAsync("amount");
        await (await ConfirmAsync(finance, order, 10.001m)).IsValidationProblemAsync("amount");
        await (await ConfirmAsync(finance, order, 250m, " ")).IsValidationProblemAsync("reference");
        await (await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = 250m, reference = "x", receivedAt = DateTimeOffset.UtcNow.AddDays(1) })).IsValidationProblemAsync("receivedAt");
        await (await ConfirmAsync(finance, Guid.NewGuid(), 250m)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");

        Assert.Equal("Approved", (await s.OrderAsync(order)).GetProperty("status").GetString());
        Assert.Empty((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray());
        Assert.Equal(10, (await s.SkuAsync(sku)).GetProperty("reserved").GetInt32());
    }

    [Fact]
    public async Task Two_clerks_confirming_one_transfer_at_once_pay_it_once()
    {
        var (s, sku, order, finance) = await ApprovedAsync();
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" })).EnsureSuccessStatusCode();
        var answers = await Task.WhenAll(ConfirmAsync(finance, order, 250m, "甲"), ConfirmAsync(finance, order, 250m, "乙"));
        Assert.Single(answers, a => a.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Conflict, answers.Single(a => !a.IsSuccessStatusCode).StatusCode);
        var after = await s.SkuAsync(sku);
        Assert.Equal((90, 0), (after.GetProperty("stock").GetInt32(), after.GetProperty("reserved").GetInt32()));
        var payment = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray());
        Assert.Equal(1, payment.GetProperty("receipts").GetArrayLength());
    }
}

/// <summary>Finance's flagged payments: listed until settled with a note, who and when kept.</summary>
public sealed class FlaggedPaymentTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task An_overpayment_is_listed_until_finance_settles_it_with_a_note()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((10m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 5)], Rows(5));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        await app.CreateUserAsync("flagged-finance@test.example.cn", Password, Roles.Finance);
        var finance = await app.SignedInClientAsync("flagged-finance@test.example.cn", Password);
        (await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = 60m, reference = "多付10元", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-1) })).EnsureSuccessStatusCode();

        var flagged = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/flagged-payments");
        var item = flagged.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("orderId").GetGuid() == order);
        Assert.Equal("Overpaid", item.GetProperty("flag").GetString());
        var id = item.GetProperty("id").GetGuid();

        await (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{id}/resolution", new { note = " " })).IsValidationProblemAsync("note");
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/finance/payments/{id}/resolution", new { note = "退回" })).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await s.Purchaser.GetAsync("/api/v1/finance/flagged-payments")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var settled = await finance.PostAsJsonAsync($"/api/v1/finance/payments/{id}/resolution", new { note = "已退回多付的 10 元" });
        Assert.True(settled.IsSuccessStatusCode, await settled.Content.ReadAsStringAsync());
        Assert.Equal("已退回多付的 10 元", (await settled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resolutionNote").GetString());
        await (await finance.PostAsJsonAsync($"/api/v1/finance/payments/{id}/resolution", new { note = "again" })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");

        Assert.DoesNotContain((await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/flagged-payments")).GetProperty("items").EnumerateArray(),
            p => p.GetProperty("id").GetGuid() == id);
        var all = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/flagged-payments?all=true");
        Assert.Contains(all.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id && p.GetProperty("resolvedAt").ValueKind == JsonValueKind.String);
    }
}
