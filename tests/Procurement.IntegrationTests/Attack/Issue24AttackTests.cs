using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Gifts;
using Procurement.Core.Ledger;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Users;
using Procurement.IntegrationTests.Gifts;
using Procurement.IntegrationTests.Ledger;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Attack;

/// <summary>
/// Attacks on member choice (issue #24): codes, money and stock at the deadline, input and access. Tests named for what
/// they refuse failed on the code they were written against (each showed a hole, since fixed); tests named
/// <c>RESISTED_…</c> pin an attack the code already withstood. Races run on the real SQLite file, several rounds each.
/// </summary>
public sealed class Issue24AttackTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private const string Row1 = "职工1,13900000001,江苏省,南京市,鼓楼区,中山北路1号,1";
    private const string Row2 = "职工2,13900000002,江苏省,南京市,鼓楼区,中山北路2号,1";

    private static async Task<JsonElement> ChooseAsync(HttpClient member, string code, object body)
    {
        var response = await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The deadline job's work on one order, as the system (the job would also close other tests' orders).</summary>
    private async Task<bool> CloseAsync(Guid orderId)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<GiftDeadlines>().CloseAsync(orderId, CancellationToken.None);
    }

    [Fact]
    public async Task The_purchaser_cannot_spam_members_with_reminders()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var id = await g.PaidAsync(app.Clock.Now.AddDays(3), Row1, Row2);

        var first = await g.Purchaser.PostAsync($"/api/v1/orders/{id}/gift-reminders", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // Pressed again (or scripted in a loop): every press used to text every member who has not chosen again.
        var presses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => g.Purchaser.PostAsync($"/api/v1/orders/{id}/gift-reminders", null)));
        foreach (var press in presses)
        {
            await press.IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        }
        var messages = await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/gift-messages");
        // Two codes + one reminder each.
        Assert.Equal(4, messages.GetProperty("total").GetInt32());

    }

    [Fact]
    public async Task RESISTED_the_deadline_job_run_twice_at_once_closes_and_refunds_the_unused_value_once_and_the_books_balance()
    {
        for (var round = 0; round < 3; round++)
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
            var g = await GiftScenario.CreateAsync(app);
            var deadline = app.Clock.Now.AddMinutes(5);
            var id = await g.PaidAsync(deadline, Row1, Row2);
            var codes = await g.CodesAsync(id);
            var member = app.CreateClient();
            // Both choose: the close changes no code, so only the order's own guard can tell two closes apart.
            await ChooseAsync(member, codes["13900000001"], new { option = 2 });
            await ChooseAsync(member, codes["13900000002"], new { option = 1 });

            app.Clock.Now = deadline;
            var closes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CloseAsync(id))));
            Assert.Single(closes, c => c);
            Assert.False(await CloseAsync(id));

            // 240.00 paid, 79.00 + 99.50 chosen: 61.50 refunded, once.
            var refunds = (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/refunds")).EnumerateArray().ToList();
            Assert.Equal(61.50m, Assert.Single(refunds).GetProperty("amount").GetDecimal());
            var books = await app.OrderBooksAsync(id);
            Assert.Equal((178.50m, 61.50m), (books[LedgerAccount.Held], books[LedgerAccount.RefundsPending]));
            Assert.Equal(1_000_000m - 178.50m, (await g.Union.BudgetAsync()).GetProperty("remaining").GetDecimal());
            Assert.Equal(7_900, await g.UsedFenAsync("13900000001"));
            Assert.Equal(9_950, await g.UsedFenAsync("13900000002"));
            var balanced = await app.WithScopeAsync(async sp =>
            {
                var lines = await sp.GetRequiredService<ProcurementDbContext>().JournalLines.AsNoTracking().Where(l => l.OrderId == id)
                    .Select(l => new { l.DebitFen, l.CreditFen }).ToListAsync();
                return lines.Sum(l => l.DebitFen) == lines.Sum(l => l.CreditFen);
            });
            Assert.True(balanced);
        }
        app.Clock.Now = DateTimeOffset.UtcNow;
    }

    [Fact]
    public async Task A_change_racing_the_deadline_job_never_moves_stock_after_the_choices_closed()
    {
        for (var round = 0; round < 4; round++)
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
            var g = await GiftScenario.CreateAsync(app);
            var deadline = app.Clock.Now.AddMinutes(5);
            var rows = Rows(12, first: 13910000000 + round * 100);
            var id = await g.PaidAsync(deadline, rows);
            var codes = (await g.CodesAsync(id)).Values.ToList();
            var member = app.CreateClient();
            foreach (var code in codes)
            {
                await ChooseAsync(member, code, new { option = 0 });
            }

            // Members keep changing their minds while the clock reaches the deadline and the job closes the choices.
            using var stop = new CancellationTokenSource();
            var changers = codes.Select((code, i) => Task.Run(async () =>
            {
                var option = 0;
                while (!stop.IsCancellationRequested)
                {
                    option = option == 0 ? 2 : 0;
                    await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option });
                }
            })).ToList();
            await Task.Delay(150);
            app.Clock.Now = deadline;
            var closed = false;
            for (var attempt = 0; attempt < 20 && !closed; attempt++)
            {
                closed = await CloseAsync(id);
            }
            await Task.Delay(300);
            await stop.CancelAsync();
            await Task.WhenAll(changers);
            Assert.True(closed);

            // Everything chosen was sold from its reservation: nothing is left reserved, and each member's parcel is of
            // the option their code says they chose.
            var (a, c) = (await g.SkuAsync(g.SkuA), await g.SkuAsync(g.SkuC));
            Assert.Equal((0, 0), (a.Reserved, c.Reserved));
            var (chosen, mismatched) = await app.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<ProcurementDbContext>();
                var byRow = await db.GiftCodes.IgnoreQueryFilters().AsNoTracking().Where(x => x.OrderId == id).ToDictionaryAsync(x => x.RecipientRow, x => x.ChosenOption);
                var parcels = await db.Shipments.IgnoreQueryFilters().AsNoTracking().Where(s => s.OrderId == id).ToListAsync();
                return (byRow, parcels.Count(p => byRow[p.RecipientRow] == 0 ? p.SupplierId != g.Union.Supplier.SupplierId : p.SupplierId != g.Second.SupplierId));
            });
            Assert.Equal(0, mismatched);
            var (onA, onC) = (chosen.Values.Count(v => v == 0), chosen.Values.Count(v => v == 2));
            Assert.Equal(12, onA + onC);
            // Sold what the codes say, and the budget kept exactly that (120.00 and 79.00 a member).
            Assert.Equal((1000 - onA, 1000 - 2 * onC), (a.Stock, c.Stock));
            Assert.Equal(1_000_000m - onA * 120.00m - onC * 79.00m, (await g.Union.BudgetAsync()).GetProperty("remaining").GetDecimal());
        }
        app.Clock.Now = DateTimeOffset.UtcNow;
    }

    [Fact]
    public async Task RESISTED_choices_at_the_deadline_instant_and_bad_options_and_bad_addresses_are_refused_naming_the_field()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app, stockC: 3);
        var deadline = app.Clock.Now.AddMinutes(5);
        var id = await g.PaidAsync(deadline, Row1, Row2);
        var codes = await g.CodesAsync(id);
        var member = app.CreateClient();
        var code = codes["13900000001"];

        foreach (var option in new[] { -1, 3, 99, int.MinValue, int.MaxValue })
        {
            await (await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option })).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        }
        var badRegion = new { option = 0, address = new { provinceCode = "999999", cityCode = "999900", districtCode = "999901", detail = "某路1号" } };
        await (await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", badRegion)).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        // A district of another city (Lanzhou's 城关区 under Nanjing).
        var mixed = new { option = 0, address = new { provinceCode = "320000", cityCode = "320100", districtCode = "620102", detail = "某路1号" } };
        await (await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", mixed)).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        var huge = new { option = 0, address = new { provinceCode = "620000", cityCode = "620100", districtCode = "620102", detail = new string('路', 10_000) } };
        await (await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", huge)).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(0, (await g.SkuAsync(g.SkuA)).Reserved);

        // The default sold out (C has 3: one member takes option 2, C × 2): the other cannot take the default (B + C × 1 needs 1, 1 left: fine) —
        // then a third taking C is refused as gone.
        await ChooseAsync(member, code, new { option = 2 });
        await ChooseAsync(member, codes["13900000002"], new { option = 1 });
        await (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13900000002"]}/choice", new { option = 2 })).IsProblemAsync(HttpStatusCode.Conflict, "insufficient-stock");

        // One instant before the deadline (as stored) a change is taken; at the deadline instant it is refused.
        deadline = (await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{code}")).GetProperty("deadline").GetDateTimeOffset();
        app.Clock.Now = deadline.AddTicks(-1);
        await ChooseAsync(member, code, new { option = 0 });
        app.Clock.Now = deadline;
        await (await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option = 1 })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.True(await CloseAsync(id));
        app.Clock.Now = DateTimeOffset.UtcNow;
    }

    [Fact]
    public async Task RESISTED_codes_read_forgivingly_only_within_the_alphabet_and_long_or_foreign_codes_answer_404()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var id = await g.PaidAsync(app.Clock.Now.AddDays(3), Row1, Row2);
        var code = (await g.CodesAsync(id))["13900000001"];
        var member = app.CreateClient();

        // Case, spaces and dashes are the documented forgiveness.
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/v1/gift/{code.ToLowerInvariant()[..8]}-{code[8..]}")).StatusCode);
        var fullWidth = new string(code.Select(ch => (char)(ch + 0xFEE0)).ToArray());
        foreach (var variant in new[] { fullWidth, code + "2", code[..15], new string('A', 10_000), code + new string(' ', 3) + "X", "0000000000000000", "%00" + code })
        {
            await (await member.GetAsync($"/api/v1/gift/{Uri.EscapeDataString(variant)}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
        // A problem on a parcel not yet made or of nobody, and a receipt before anything was sent.
        await (await member.PostAsJsonAsync($"/api/v1/gift/{code}/problems", new { parcelId = 1, kind = "Lost", description = new string('坏', 100_000) }))
            .IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await member.PostAsync($"/api/v1/gift/{code}/receipt", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        // The view never shows the whole mobile.
        var view = await member.GetStringAsync($"/api/v1/gift/{code}");
        Assert.DoesNotContain("13900000001", view, StringComparison.Ordinal);
        Assert.DoesNotContain("13900000002", view, StringComparison.Ordinal);
    }
}

/// <summary>The gift limit as a guesser meets it, with nobody's proxy configured (the default deployment).</summary>
public sealed class Issue24SpoofedForwardingAttackTests(GiftLimitedApp app) : IClassFixture<GiftLimitedApp>
{
    [Fact]
    public async Task A_guesser_cannot_pick_a_fresh_rate_limit_partition_per_request_with_X_Forwarded_For()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= GiftLimitedApp.PerMinute + 2; i++)
        {
            var guesser = app.CreateClient();
            guesser.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await guesser.GetAsync($"/api/v1/gift/{GiftCodes.New()}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

/// <summary>The gift page and the API are one limit per client, whatever the method.</summary>
public sealed class Issue24GiftPageLimitAttackTests(GiftLimitedApp app) : IClassFixture<GiftLimitedApp>
{
    [Fact]
    public async Task Lookups_by_page_HEAD_and_API_share_one_limit_per_client()
    {
        var guesser = app.CreateClient();
        var pages = new List<HttpStatusCode>();
        for (var i = 0; i < GiftLimitedApp.PerMinute; i++)
        {
            // HEAD renders the page (and looks the code up) like GET, without a body.
            pages.Add((await guesser.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/gift/{GiftCodes.New()}"))).StatusCode);
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, pages);
        var head = await guesser.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/gift/{GiftCodes.New()}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, head.StatusCode);
        // The API and the page's GET are the same client's same limit, not one more allowance each.
        await (await guesser.GetAsync($"/api/v1/gift/{GiftCodes.New()}")).IsProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync($"/gift/{GiftCodes.New()}")).StatusCode);
    }
}
