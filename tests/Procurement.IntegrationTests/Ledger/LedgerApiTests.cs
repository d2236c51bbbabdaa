using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.Core.Ledger;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ledger.LedgerScenario;

namespace Procurement.IntegrationTests.Ledger;

/// <summary>Finance reads the books through the API: the trial balance as of a day, entries filtered and paged, an order's money trail, the exports.</summary>
public sealed class LedgerApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task The_trial_balance_balances_lists_every_fixed_account_and_as_of_a_day_leaves_later_days_out()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var order = await OrderAsync(s);
        var supplier = s.Supplier.SupplierId;
        // Years before anything else in this database: the figures are these entries' alone.
        await PostAsync(app,
            Postings.Received(Guid.NewGuid(), order.Id, order.Number, 300.00m, Beijing("2020-01-10T12:00:00")),
            // 23:30 in Beijing on the 15th is still the 15th (15:30 UTC).
            Postings.Delivered(990_001, order.Id, supplier, order.Number, 120.00m, Beijing("2020-01-15T23:30:00"), null),
            Postings.Delivered(990_002, order.Id, supplier, order.Number, 80.00m, Beijing("2020-01-16T00:30:00"), null));

        var first = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/trial-balance?asOf=2020-01-14");
        Assert.Equal("2020-01-14", first.GetProperty("asOf").GetString());
        Assert.Equal(LedgerAccount.Fixed.Order(), first.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("code").GetString()!).Order());
        Assert.Equal((300.00m, 300.00m), (first.GetProperty("totalDebit").GetDecimal(), first.GetProperty("totalCredit").GetDecimal()));
        Assert.Equal(300.00m, Account(first, "cash:stripe").GetProperty("balance").GetDecimal());
        Assert.Equal(300.00m, Account(first, "held:orders").GetProperty("balance").GetDecimal());
        Assert.Equal(0m, Account(first, "revenue:service-fee").GetProperty("balance").GetDecimal());

        var fifteenth = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/trial-balance?asOf=2020-01-15");
        Assert.Equal((420.00m, 420.00m), (fifteenth.GetProperty("totalDebit").GetDecimal(), fifteenth.GetProperty("totalCredit").GetDecimal()));
        Assert.Equal(180.00m, Account(fifteenth, "held:orders").GetProperty("balance").GetDecimal());
        var payable = Account(fifteenth, LedgerAccount.Payable(supplier));
        Assert.Equal(120.00m, payable.GetProperty("balance").GetDecimal());
        Assert.Contains("成县核桃种植专业合作社", payable.GetProperty("name").GetString());

        var today = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/trial-balance");
        Assert.Equal(today.GetProperty("totalDebit").GetDecimal(), today.GetProperty("totalCredit").GetDecimal());
        Assert.True(today.GetProperty("totalDebit").GetDecimal() >= 500.00m);

        foreach (var bad in new[] { "2020-13-01", "yesterday", "2020-02-30" })
        {
            await (await finance.GetAsync($"/api/v1/finance/ledger/trial-balance?asOf={bad}")).IsValidationProblemAsync("asOf");
        }
    }

    [Fact]
    public async Task Entries_filter_by_order_account_and_dates_newest_first_and_page()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var order = await OrderAsync(s);
        var supplier = s.Supplier.SupplierId;
        await PostAsync(app,
            Postings.Received(Guid.NewGuid(), order.Id, order.Number, 200.00m, Beijing("2021-03-01T10:00:00")),
            Postings.Delivered(991_001, order.Id, supplier, order.Number, 50.00m, Beijing("2021-03-05T10:00:00"), null),
            Postings.Delivered(991_002, order.Id, supplier, order.Number, 70.00m, Beijing("2021-03-09T10:00:00"), null));

        var all = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/ledger/entries?orderId={order.Id}");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Delivered", "Delivered", "PaymentReceived"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.True(items[0].GetProperty("id").GetInt64() > items[1].GetProperty("id").GetInt64());
        var received = items[2];
        Assert.Equal(order.Id, received.GetProperty("orderId").GetGuid());
        Assert.Equal(order.Number, received.GetProperty("reference").GetString());
        Assert.Equal([("cash:stripe", 200.00m, 0m), ("held:orders", 0m, 200.00m)], received.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("account").GetString(), l.GetProperty("debit").GetDecimal(), l.GetProperty("credit").GetDecimal())));

        var payable = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/ledger/entries?orderId={order.Id}&account=payable:supplier:{supplier.ToString().ToUpperInvariant()}");
        Assert.Equal(2, payable.GetProperty("total").GetInt32());
        var dated = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/ledger/entries?orderId={order.Id}&from=2021-03-04&to=2021-03-06");
        Assert.Equal(50.00m, Assert.Single(dated.GetProperty("items").EnumerateArray()).GetProperty("lines")[1].GetProperty("credit").GetDecimal());
        var byAccountAndDate = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/ledger/entries?account=held:orders&from=2021-03-01&to=2021-03-01");
        Assert.Contains(byAccountAndDate.GetProperty("items").EnumerateArray(), i => i.GetProperty("orderId").GetGuid() == order.Id);
        var second = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/ledger/entries?orderId={order.Id}&page=2&pageSize=2");
        Assert.Equal((3, 2, 2), (second.GetProperty("total").GetInt32(), second.GetProperty("page").GetInt32(), second.GetProperty("pageSize").GetInt32()));
        Assert.Equal("PaymentReceived", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("kind").GetString());

        await (await finance.GetAsync("/api/v1/finance/ledger/entries?account=cash:paypal")).IsValidationProblemAsync("account");
        await (await finance.GetAsync("/api/v1/finance/ledger/entries?from=2021-02-30")).IsValidationProblemAsync("from");
        await (await finance.GetAsync("/api/v1/finance/ledger/entries?from=2021-03-05&to=2021-03-01")).IsValidationProblemAsync("to");
        await (await finance.GetAsync("/api/v1/finance/ledger/entries?orderId=ORD-1")).IsValidationProblemAsync("orderId");
        await (await finance.GetAsync("/api/v1/finance/ledger/entries?pageSize=101")).IsValidationProblemAsync("pageSize");
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/finance/ledger/entries")).StatusCode);
    }

    [Fact]
    public async Task An_orders_trail_shows_received_refunded_held_and_owed_to_each_supplier_with_its_entries()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var order = await OrderAsync(s);
        var supplier = s.Supplier.SupplierId;
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        var refund = Guid.NewGuid();
        await PostAsync(app,
            Postings.Received(Guid.NewGuid(), order.Id, order.Number, 400.00m, at),
            Postings.Delivered(992_001, order.Id, supplier, order.Number, 150.00m, at, null),
            Postings.RefundDecided(refund, order.Id, LedgerAccount.Payable(supplier), order.Number, 30.00m, at, null),
            Postings.RefundSent(refund, online: true, order.Id, order.Number, 30.00m, at, null),
            Postings.RefundDecided(Guid.NewGuid(), order.Id, LedgerAccount.Held, order.Number, 20.00m, at, null));

        var trail = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/ledger/orders/{order.Id}");
        Assert.Equal((order.Number, "Draft"), (trail.GetProperty("orderNumber").GetString(), trail.GetProperty("status").GetString()));
        Assert.Equal((400.00m, 50.00m, 30.00m, 230.00m, 0m), (trail.GetProperty("received").GetDecimal(), trail.GetProperty("refundsDecided").GetDecimal(),
            trail.GetProperty("refundsSent").GetDecimal(), trail.GetProperty("held").GetDecimal(), trail.GetProperty("unapplied").GetDecimal()));
        var owed = Assert.Single(trail.GetProperty("owedToSuppliers").EnumerateArray());
        Assert.Equal((supplier, "成县核桃种植专业合作社", 120.00m), (owed.GetProperty("supplierId").GetGuid(), owed.GetProperty("name").GetString(), owed.GetProperty("amount").GetDecimal()));
        Assert.Equal(5, trail.GetProperty("entries").GetArrayLength());
        Assert.Equal(20.00m, LedgerScenario.Account(trail, "refunds:pending").GetProperty("balance").GetDecimal());

        await (await finance.GetAsync($"/api/v1/finance/ledger/orders/{Guid.NewGuid()}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_trial_balance_and_entries_export_as_csv_and_xlsx_with_text_guarded_against_formulas()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var order = await OrderAsync(s);
        await PostAsync(app, JournalEntry.Of($"test:{Guid.NewGuid():N}", EntryKind.PaymentReceived, Beijing("2022-05-01T09:00:00"), order.Id, null, "=HYPERLINK(\"x\")", null,
            Posting.Dr(LedgerAccount.BankCash, 12.34m), Posting.Cr(LedgerAccount.Held, 12.34m)));

        var csv = await finance.GetAsync($"/api/v1/finance/ledger/entries/export?format=csv&orderId={order.Id}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("凭证号,记账时间,类型,订单ID,摘要/参考,科目,借方,贷方", text.TrimStart('\uFEFF'));
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\",cash:bank,12.34,0.00", text);
        var balance = await finance.GetAsync("/api/v1/finance/ledger/trial-balance/export?format=csv&asOf=2022-05-01");
        var lines = (await balance.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("科目代码,科目名称,借方,贷方,余额", lines[0]);
        Assert.StartsWith("合计,截至 2022-05-01,", lines[^1]);
        var xlsx = await finance.GetAsync("/api/v1/finance/ledger/trial-balance/export");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal((byte)'P', (await xlsx.Content.ReadAsByteArrayAsync())[0]);
        await (await finance.GetAsync("/api/v1/finance/ledger/entries/export?format=pdf")).IsValidationProblemAsync("format");
        await (await finance.GetAsync("/api/v1/finance/ledger/trial-balance/export?asOf=2022-02-31")).IsValidationProblemAsync("asOf");
    }
}
