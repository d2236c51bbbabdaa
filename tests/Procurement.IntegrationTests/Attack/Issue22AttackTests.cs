using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Ordering;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;
using static Procurement.IntegrationTests.Paperwork.InvoiceApiTests;

namespace Procurement.IntegrationTests.Attack;

/// <summary>
/// Attacks on what issue #22 added: invoices, 红冲, invoice files and 验收. Tests named for what they refuse failed on
/// the code they were written against (each showed a hole, since fixed); tests named <c>RESISTED_…</c> pin an attack
/// the code already withstood. Races run on the real SQLite file, several rounds each.
/// </summary>
public sealed class Issue22AttackTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    /// <summary>One supplier's goods, 40.00 a package, for <paramref name="members"/> members of one package each; paid by transfer.</summary>
    private async Task<(OrderingScenario S, Guid Order, Guid Invoice, HttpClient Finance)> PaidAsync(int members = 3)
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var order = await s.ReadyAsync([(sku, members)], Rows(members));
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        var invoice = Assert.Single(await InvoicesAsync(s.Purchaser, order)).GetProperty("id").GetGuid();
        return (s, order, invoice, finance);
    }

    private int FileCount()
    {
        var folder = Path.Combine(app.DataDirectory, "files", "invoices");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
    }

    private static string Today => DateTimeOffset.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

    // ---------------------------------------------------------------- money and concurrency

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RESISTED_eight_issues_of_one_invoice_at_once_issue_it_once_and_keep_one_file(int round)
    {
        var (s, order, invoice, _) = await PaidAsync();
        var before = FileCount();
        var issues = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            IssueAsync(s.Supplier.Client, invoice, $"2432000000001234{round}{i:D3}", "120.00", Pdf)));
        Assert.Single(issues, r => r.IsSuccessStatusCode);
        Assert.All(issues.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var shown = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal(("Issued", 1), (shown.GetProperty("status").GetString(), shown.GetProperty("documents").GetArrayLength()));
        Assert.Equal(before + 1, FileCount());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RESISTED_an_issue_racing_an_after_sales_refund_never_stands_for_a_stale_amount(int round)
    {
        var (s, order, invoice, _) = await PaidAsync();
        await DeliverAllAsync(s.Supplier.Client);
        var parcel = (await FulfilmentApiTests.ShipmentsAsync(s.Purchaser, $"/api/v1/orders/{order}/shipments?pageSize=50"))[0].GetProperty("id").GetInt64();
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Damaged", description = $"破损 {round}" }))
            .EnsureSuccessStatusCode();
        var open = Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/after-sales?status=Open")).GetProperty("items").EnumerateArray());
        var before = FileCount();

        var refund = s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{open.GetProperty("id").GetGuid()}/refund", new { });
        var issue = IssueAsync(s.Supplier.Client, invoice, $"243200000000123{round}0000", "120.00", Pdf);
        await Task.WhenAll(refund, issue);
        (await refund).EnsureSuccessStatusCode();

        var shown = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal(80m, shown.GetProperty("amount").GetDecimal());
        if ((await issue).IsSuccessStatusCode)
        {
            // The issue came first: the refund turned it red.
            Assert.Equal(("RedRequired", 120m), (shown.GetProperty("status").GetString(), shown.GetProperty("issuedAmount").GetDecimal()));
            Assert.Equal(before + 1, FileCount());
        }
        else
        {
            // The refund came first: the stale 120.00 is refused (a changed version, or the amount named), nothing kept.
            Assert.Contains((await issue).StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest });
            Assert.Equal(("Requested", 0), (shown.GetProperty("status").GetString(), shown.GetProperty("documents").GetArrayLength()));
            Assert.Equal(before, FileCount());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RESISTED_an_issue_racing_the_whole_orders_refund_leaves_nothing_owed_and_any_issued_invoice_red(int round)
    {
        var (s, order, invoice, _) = await PaidAsync();
        var cancel = s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = $"活动取消 {round}" });
        var issue = IssueAsync(s.Supplier.Client, invoice, $"243200000000223{round}0000", "120.00", Pdf);
        await Task.WhenAll(cancel, issue);
        var cancelled = await cancel;
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        var shown = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal(0m, shown.GetProperty("amount").GetDecimal());
        Assert.Equal((await issue).IsSuccessStatusCode ? "RedRequired" : "Voided", shown.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RESISTED_a_red_invoice_racing_the_last_refund_leaves_nothing_owed(int round)
    {
        var (s, order, invoice, _) = await PaidAsync(2);
        (await IssueAsync(s.Supplier.Client, invoice, $"243200000000323{round}0000", "80.00", Pdf)).EnsureSuccessStatusCode();
        await DeliverAllAsync(s.Supplier.Client);
        var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Purchaser, $"/api/v1/orders/{order}/shipments?pageSize=50");
        async Task<Guid> ReportAsync(long parcel)
        {
            (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales", new { shipmentId = parcel, kind = "Damaged", description = "破损" })).EnsureSuccessStatusCode();
            return Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/after-sales?status=Open")).GetProperty("items").EnumerateArray())
                .GetProperty("id").GetGuid();
        }
        (await s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{await ReportAsync(parcels[0].GetProperty("id").GetInt64())}/refund", new { }))
            .EnsureSuccessStatusCode();
        var last = await ReportAsync(parcels[1].GetProperty("id").GetInt64());

        var red = IssueAsync(s.Supplier.Client, invoice, $"243200000000323{round}0001", "-80.00", Pdf, "red");
        var refund = s.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{last}/refund", new { });
        await Task.WhenAll(red, refund);
        (await refund).EnsureSuccessStatusCode();
        var shown = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal(0m, shown.GetProperty("amount").GetDecimal());
        if ((await red).IsSuccessStatusCode)
        {
            Assert.Equal("Voided", shown.GetProperty("status").GetString());
        }
        else
        {
            // The red invoice met the refund's change: refused, nothing kept, and it is still due.
            Assert.Equal(HttpStatusCode.Conflict, (await red).StatusCode);
            Assert.Equal(("RedRequired", 1), (shown.GetProperty("status").GetString(), shown.GetProperty("documents").GetArrayLength()));
        }
    }

    [Fact]
    public async Task RESISTED_a_red_invoice_cannot_be_recorded_twice_nor_for_an_invoice_never_issued()
    {
        var (s, order, invoice, _) = await PaidAsync();
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345680", "-120.00", Pdf, "red")).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", Pdf)).EnsureSuccessStatusCode();
        // Issued and standing: no red invoice is due, so none is taken (a red would otherwise void a good invoice).
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345680", "-120.00", Pdf, "red")).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "活动取消" })).EnsureSuccessStatusCode();
        var reds = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => IssueAsync(s.Supplier.Client, invoice, $"2432000000001234568{i}", "-120.00", Pdf, "red")));
        Assert.Single(reds, r => r.IsSuccessStatusCode);
        var shown = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal(("Voided", 0m), (shown.GetProperty("status").GetString(), shown.GetProperty("amount").GetDecimal()));
        Assert.Equal(new[] { 120m, -120m }, shown.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("amount").GetDecimal()).ToArray());
        // Voided: nothing more can be issued.
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345690", "0.01", Pdf)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RESISTED_the_purchaser_and_the_approver_accepting_at_once_record_one_acceptance(int round)
    {
        var (s, order, _, _) = await PaidAsync(1);
        await DeliverAllAsync(s.Supplier.Client);
        var accepted = await Task.WhenAll(
            s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = $"采购员 {round}" }),
            s.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = $"审批人 {round}" }),
            s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = $"采购员再次 {round}" }));
        var winner = Assert.Single(accepted, r => r.IsSuccessStatusCode);
        Assert.All(accepted.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var note = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acceptance").GetProperty("note").GetString();
        Assert.Equal(note, (await s.OrderAsync(order)).GetProperty("acceptance").GetProperty("note").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_request_changed_while_the_payment_lands_is_what_the_invoice_says(int round)
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], Rows(1));
        var finance = await s.FinanceAsync();
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).EnsureSuccessStatusCode();
        var title = $"南京测试工会（第 {round} 轮）";
        var request = s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", new { type = "special", title, taxNumber = "81320100MC1234567X" });
        var paid = finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = 40m, reference = "对公转账", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        await Task.WhenAll(request, paid);
        if (!(await paid).IsSuccessStatusCode)
        {
            // The payment met the request's change of the order: finance confirms again.
            Assert.Equal(HttpStatusCode.Conflict, (await paid).StatusCode);
            (await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
                new { amount = 40m, reference = "对公转账", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) })).EnsureSuccessStatusCode();
        }
        var asked = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/invoice-request");
        var invoice = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal((await request).IsSuccessStatusCode ? title : asked.GetProperty("title").GetString(), asked.GetProperty("title").GetString());
        // Whatever came first, the invoice the supplier copies says what the union's request says.
        Assert.Equal((asked.GetProperty("type").GetString(), asked.GetProperty("title").GetString()),
            (invoice.GetProperty("type").GetString(), invoice.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task RESISTED_six_first_saves_of_a_profile_or_an_orders_request_at_once_keep_one_and_answer_no_500(int round)
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], Rows(1));
        var saves = await Task.WhenAll(Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            (i % 2 == 0 ? s.Purchaser : s.Approver).PutAsJsonAsync("/api/v1/union/invoice-profile",
                new { type = "normal", title = $"工会 {round}-{i}", taxNumber = "81320100MC1234567X" }),
            (i % 2 == 0 ? s.Purchaser : s.Approver).PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request",
                new { type = "special", title = $"订单 {round}-{i}", taxNumber = "81320100MC1234567X" }),
        }));
        Assert.All(saves, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.StartsWith("工会 ", (await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/union/invoice-profile")).GetProperty("title").GetString(), StringComparison.Ordinal);
        var asked = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/invoice-request");
        Assert.True(asked.GetProperty("saved").GetBoolean());
        Assert.StartsWith("订单 ", asked.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- access and tenancy

    [Fact]
    public async Task RESISTED_nobody_but_the_invoices_supplier_issues_and_nobody_but_its_union_asks_or_accepts()
    {
        var (s, order, invoice, finance) = await PaidAsync(1);
        var admin = await app.AdminClientAsync();
        var anonymous = app.CreateClient();
        var stranger = await CreateAsync(app);
        var otherSupplier = await SupplierScenario.CreateAsync(app, "甘南牦牛肉专业合作社");

        foreach (var client in new[] { s.Purchaser, s.Approver, finance, admin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await IssueAsync(client, invoice, "24320000000012345678", "40.00", Pdf)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await IssueAsync(client, invoice, "24320000000012345678", "-40.00", Pdf, "red")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await IssueAsync(anonymous, invoice, "24320000000012345678", "40.00", Pdf)).StatusCode);
        await (await IssueAsync(otherSupplier.Client, invoice, "24320000000012345678", "40.00", Pdf)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");

        // The order's request: never a supplier's, finance's or an admin's to change; another union's order is not there.
        var request = new { type = "special", title = "骗开发票有限公司", taxNumber = "91110000MA00000000" };
        foreach (var client in new[] { s.Supplier.Client, finance, admin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", request)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/v1/union/invoice-profile", request)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = "x" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync($"/api/v1/orders/{order}/invoice-request")).StatusCode);
        await (await stranger.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", request)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.Purchaser.GetAsync($"/api/v1/orders/{order}/invoice-request")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", request)).StatusCode);
        Assert.Equal("normal", Assert.Single(await InvoicesAsync(s.Purchaser, order)).GetProperty("type").GetString());

        // 验收 of another union's delivered order: not there.
        await DeliverAllAsync(s.Supplier.Client);
        await (await stranger.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = "别人的" })).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(JsonValueKind.Null, (await s.OrderAsync(order)).GetProperty("acceptance").ValueKind);

        // The stranger's own profile is its own: saving it changes nothing of this union's invoice.
        (await stranger.Purchaser.PutAsJsonAsync("/api/v1/union/invoice-profile", request)).EnsureSuccessStatusCode();
        Assert.NotEqual("骗开发票有限公司", (await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/union/invoice-profile")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task RESISTED_document_ids_reach_no_file_but_their_own_invoices_for_their_own_readers()
    {
        var (s, order, invoice, finance) = await PaidAsync(1);
        var (t, theirOrder, theirInvoice, _) = await PaidAsync(1);
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "40.00", Pdf)).EnsureSuccessStatusCode();
        (await IssueAsync(t.Supplier.Client, theirInvoice, "24320000000012345679", "40.00", Pdf)).EnsureSuccessStatusCode();
        var mine = Assert.Single(await InvoicesAsync(s.Purchaser, order)).GetProperty("documents")[0].GetProperty("id").GetGuid();
        var theirs = Assert.Single(await InvoicesAsync(t.Purchaser, theirOrder)).GetProperty("documents")[0].GetProperty("id").GetGuid();
        // Their document under my invoice, my document under theirs, theirs under theirs: all 404 to me.
        foreach (var url in new[] { $"/api/v1/invoices/{invoice}/documents/{theirs}", $"/api/v1/invoices/{theirInvoice}/documents/{mine}",
                     $"/api/v1/invoices/{theirInvoice}/documents/{theirs}" })
        {
            await (await s.Purchaser.GetAsync(url)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
            await (await s.Supplier.Client.GetAsync(url)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
        // The page route (cookie) is the same check; an admin reads both; the file goes out as an attachment, never sniffed.
        var admin = await app.AdminClientAsync();
        var file = await admin.GetAsync($"/api/v1/invoices/{theirInvoice}/documents/{theirs}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", string.Join(",", file.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync($"/api/v1/invoices/{invoice}/documents/{mine}")).StatusCode);
        // A supplier's list and one invoice are its own only; finance's list is finance's and admins'.
        Assert.DoesNotContain((await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/invoices?pageSize=100")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetGuid() == theirInvoice);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/finance/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync("/api/v1/finance/invoices/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/v1/supplier/invoices")).StatusCode);
    }

    // ---------------------------------------------------------------- validation

    [Theory]
    [InlineData("1.2e2")]
    [InlineData("120,00")]
    [InlineData("120.00 元")]
    [InlineData("¥120.00")]
    [InlineData("１２０.００")]
    [InlineData("١٢٠")]
    [InlineData("120.000000000000000000000000001")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("-120.00")]
    [InlineData("0")]
    [InlineData("NaN")]
    [InlineData("(120.00)")]
    [InlineData("0x78")]
    public async Task RESISTED_a_blue_amount_that_is_not_plain_positive_yuan_is_named(string amount)
    {
        var (s, _, invoice, _) = await PaidAsync();
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", amount, Pdf)).IsValidationProblemAsync("amount");
    }

    [Theory]
    [InlineData("120.00", "red")]
    [InlineData("-0", "red")]
    [InlineData("-0.00", "red")]
    public async Task RESISTED_a_red_amount_that_is_not_negative_is_named(string amount, string path)
    {
        var (s, order, invoice, _) = await PaidAsync();
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", Pdf)).EnsureSuccessStatusCode();
        (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "活动取消" })).EnsureSuccessStatusCode();
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345680", amount, Pdf, path)).IsValidationProblemAsync("amount");
    }

    [Fact]
    public async Task RESISTED_an_amount_with_spaces_or_a_plus_or_trailing_zeros_is_the_same_money()
    {
        var (s, order, invoice, _) = await PaidAsync();
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", " +120.0000 ", Pdf)).EnsureSuccessStatusCode();
        Assert.Equal(120m, Assert.Single(await InvoicesAsync(s.Purchaser, order)).GetProperty("issuedAmount").GetDecimal());
    }

    [Theory]
    [InlineData("２４３２０００００００００１２３４５６７８", null)]
    [InlineData("2432000000001234567890123456789", null)]
    [InlineData("2432 0000 0000 1234", null)]
    [InlineData("24320000000012345678\n", "2999-01-01")]
    [InlineData("../../etc/passwd", null)]
    [InlineData("24320000000012345678", "2026-13-01")]
    [InlineData("24320000000012345678", "2026-1-1")]
    [InlineData("24320000000012345678", "２０２６-１２-０１")]
    [InlineData("24320000000012345678", "tomorrow")]
    public async Task RESISTED_bad_numbers_and_dates_are_named(string number, string? issuedAt)
    {
        var (s, _, invoice, _) = await PaidAsync();
        var answer = await (await IssueAsync(s.Supplier.Client, invoice, number, "120.00", Pdf, issuedAt: issuedAt)).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(answer.GetProperty("errors").TryGetProperty(issuedAt is null ? "number" : "issuedAt", out _), answer.ToString());
    }

    [Fact]
    public async Task RESISTED_an_invoice_dated_tomorrow_in_Beijing_is_refused()
    {
        var (s, _, invoice, _) = await PaidAsync();
        var tomorrow = DateTimeOffset.UtcNow.AddHours(8).AddDays(1).ToString("yyyy-MM-dd");
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", Pdf, issuedAt: tomorrow)).IsValidationProblemAsync("issuedAt");
    }

    [Fact]
    public async Task An_invoice_dated_before_its_order_was_paid_is_refused()
    {
        // A 数电发票 for goods paid today cannot have been issued in 1999: an old invoice re-used for this order.
        var (s, _, invoice, _) = await PaidAsync();
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", Pdf, issuedAt: "1999-01-01")).IsValidationProblemAsync("issuedAt");
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", Pdf, issuedAt: "0001-01-01")).IsValidationProblemAsync("issuedAt");
    }

    [Fact]
    public async Task One_invoice_number_cannot_stand_for_two_orders_nor_be_reissued_after_its_red_invoice()
    {
        var (s, order, invoice, finance) = await PaidAsync(1);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var second = await s.ReadyAsync([(sku, 1)], Rows(1));
        await s.PayByTransferAsync(second, finance);
        var secondInvoice = Assert.Single(await InvoicesAsync(s.Purchaser, second)).GetProperty("id").GetGuid();
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "40.00", Pdf)).EnsureSuccessStatusCode();
        // The same 数电发票 (its number, its file) offered for the second order: refused by name, nothing stored.
        await (await IssueAsync(s.Supplier.Client, secondInvoice, "24320000000012345678", "40.00", Pdf)).IsValidationProblemAsync("number");
        Assert.Equal("Requested", Assert.Single(await InvoicesAsync(s.Purchaser, second)).GetProperty("status").GetString());
        // Cancelled by a red invoice, the old number is spent: the new blue one has its own.
        (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", new { type = "special", title = "南京测试工会", taxNumber = "81320100MC1234567X" }))
            .EnsureSuccessStatusCode();
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "-40.00", Pdf, "red")).IsValidationProblemAsync("number");
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345679", "-40.00", Pdf, "red")).EnsureSuccessStatusCode();
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "40.00", Pdf)).IsValidationProblemAsync("number");
        (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345680", "40.00", Pdf)).EnsureSuccessStatusCode();
        // Another supplier's numbers are its own business.
        var (t, _, theirs, _) = await PaidAsync(1);
        (await IssueAsync(t.Supplier.Client, theirs, "24320000000012345678", "40.00", Pdf)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task RESISTED_bad_request_bodies_for_the_request_and_the_profile_are_named()
    {
        var (s, order, _, _) = await PaidAsync(1);
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { type = "special", title = new string('工', 101), taxNumber = "81320100MC1234567X" }, "title"),
                     (new { type = "special", title = "   ", taxNumber = "81320100MC1234567X" }, "title"),
                     (new { type = "special", title = "工会", taxNumber = "８１３２０１００ＭＣ１２３４５６７Ｘ" }, "taxNumber"),
                     (new { type = "special", title = "工会", taxNumber = "81320100MC1234567X\n" + new string('9', 5) }, "taxNumber"),
                     (new { type = "special", title = "工会", taxNumber = "81320100-C1234567X" }, "taxNumber"),
                     (new { type = "Special ", title = "工会", taxNumber = "81320100MC1234567X", email = "a@b.c\n@evil" }, "email"),
                     (new { type = "1", title = "工会", taxNumber = "81320100MC1234567X" }, "type"),
                 })
        {
            await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", body)).IsValidationProblemAsync(field);
            await (await s.Purchaser.PutAsJsonAsync("/api/v1/union/invoice-profile", body)).IsValidationProblemAsync(field);
        }
        // A body that is not JSON, or none at all, is a 400 too, never a 500.
        var notJson = await s.Purchaser.PutAsync($"/api/v1/orders/{order}/invoice-request", new StringContent("{", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Purchaser.PutAsync($"/api/v1/orders/{order}/invoice-request", null)).StatusCode);
    }

    // ---------------------------------------------------------------- uploads

    [Fact]
    public async Task RESISTED_uploads_that_are_not_one_file_in_a_form_are_refused_and_nothing_is_stored()
    {
        var (s, order, invoice, _) = await PaidAsync();
        var before = FileCount();
        var url = $"/api/v1/supplier/invoices/{invoice}/issue";
        // Not a form at all.
        var json = await s.Supplier.Client.PostAsJsonAsync(url, new { number = "24320000000012345678", issuedAt = Today, amount = "120.00" });
        Assert.True(json.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, json.StatusCode.ToString());
        // A form whose file is under another name.
        var misnamed = new MultipartFormDataContent
        {
            { new StringContent("24320000000012345678"), "number" }, { new StringContent(Today), "issuedAt" }, { new StringContent("120.00"), "amount" },
            { new ByteArrayContent(Pdf), "document", "发票.pdf" },
        };
        await (await s.Supplier.Client.PostAsync(url, misnamed)).IsValidationProblemAsync("file");
        // An empty file.
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", [])).IsValidationProblemAsync("file");
        // A 4 MB number field beside a good file: named, not stored.
        await (await IssueAsync(s.Supplier.Client, invoice, new string('9', 4 * 1024 * 1024 + 1), "120.00", Pdf)).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        // A body past the limit is cut off by the server, whatever the form says.
        var huge = new byte[6 * 1024 * 1024];
        Pdf.CopyTo(huge, 0);
        var tooBig = await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", huge);
        Assert.True(tooBig.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode.ToString());
        // A PDF whose name and type say HTML is stored as what its bytes are, under our name.
        var html = new MultipartFormDataContent
        {
            { new StringContent("24320000000012345678"), "number" }, { new StringContent(Today), "issuedAt" }, { new StringContent("120.00"), "amount" },
        };
        var page = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.7\n<html><script>alert(1)</script></html>"));
        page.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        html.Add(page, "file", "../../wwwroot/x.html");
        (await s.Supplier.Client.PostAsync(url, html)).EnsureSuccessStatusCode();
        Assert.Equal(before + 1, FileCount());
        Assert.All(Directory.GetFiles(Path.Combine(app.DataDirectory, "files", "invoices")), f => Assert.DoesNotContain("html", f, StringComparison.OrdinalIgnoreCase));
        var shown = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        var file = await s.Purchaser.GetAsync(shown.GetProperty("fileUrl").GetString());
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Five_megabytes_of_nested_xml_is_refused_as_the_file_without_costing_a_node_per_level()
    {
        var (s, _, invoice, _) = await PaidAsync();
        var depth = (5 * 1024 * 1024 - 64) / 7;
        var xml = new StringBuilder(depth * 7).Insert(0, "<a>", depth);
        xml.Insert(xml.Length, "</a>", depth);
        await (await IssueAsync(s.Supplier.Client, invoice, "24320000000012345678", "120.00", Encoding.ASCII.GetBytes(xml.ToString()))).IsValidationProblemAsync("file");
    }
}

/// <summary>Finance's overdue filter against the days each item shows, at a Beijing midnight (a clock the test moves).</summary>
public sealed class Issue22OverdueAttackTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task An_invoice_shown_one_day_since_delivery_is_in_the_one_day_overdue_filter()
    {
        // 23:40 Beijing: the goods arrive at 23:39; twenty-five minutes later it is the next day.
        var today = Core.Common.BusinessDate.Of(DateTimeOffset.UtcNow);
        app.Clock.Now = Core.Common.BusinessDate.StartOf(today).AddHours(23).AddMinutes(40);
        if (app.Clock.Now > DateTimeOffset.UtcNow)
        {
            app.Clock.Now = app.Clock.Now.AddDays(-1);
        }
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], Rows(1));
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance, app.Clock.Now.AddMinutes(-5));
        var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?pageSize=100");
        var at = app.Clock.Now.AddHours(8).AddMinutes(-1).ToString("yyyy-MM-dd HH:mm");
        (await FulfilmentApiTests.ImportAsync(s.Supplier.Client,
            "shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", parcels.Select(p => $"{p.GetProperty("id").GetInt64()},EMS,EMS{p.GetProperty("id").GetInt64():D10},{at}"))))
            .EnsureSuccessStatusCode();

        app.Clock.Now = app.Clock.Now.AddMinutes(25);
        var all = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?supplierId={s.Supplier.SupplierId}");
        Assert.Equal(1, Assert.Single(all.GetProperty("items").EnumerateArray()).GetProperty("daysSinceDelivery").GetInt32());
        var overdue = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=1&supplierId={s.Supplier.SupplierId}");
        Assert.Equal(1, overdue.GetProperty("total").GetInt32());
        Assert.Equal(0, (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=2&supplierId={s.Supplier.SupplierId}")).GetProperty("total").GetInt32());
    }
}
