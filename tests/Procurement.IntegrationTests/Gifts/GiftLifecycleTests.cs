using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Jobs;
using Procurement.Infrastructure.Persistence;
using Procurement.Core.Ledger;
using Procurement.IntegrationTests.Ledger;
using Procurement.IntegrationTests.Platform;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>
/// A member-choice order from creation to parcels, with the clock moved across the deadline: codes when paid,
/// choices and changes moving stock, the deadline's defaults, the unused value back to the budget and each member's
/// cap to the fen, and parcels per supplier of what each member chose.
/// </summary>
public sealed class GiftLifecycleTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private const string Row1 = "职工1,13800000001,江苏省,南京市,鼓楼区,中山北路1号,1";
    private const string Row2 = "职工2,13800000002,江苏省,南京市,鼓楼区,中山北路2号,1";
    private const string Row3 = "职工3,13800000003,江苏省,南京市,鼓楼区,中山北路3号,1";
    private const string Row4 = "职工4,13800000004,江苏省,南京市,鼓楼区,中山北路4号,2";

    [Fact]
    public async Task Members_choose_and_change_until_the_deadline_then_defaults_unused_value_and_parcels_follow_the_choices_to_the_fen()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        // Near enough that the signed-in clients' tokens outlive the move across it.
        var deadline = app.Clock.Now.AddMinutes(5);

        // The order: per-member value is the highest option's (120.00); 5 packages → 600.00 committed at submit.
        var created = await PostOrderAsync(g.Purchaser, g.ChoiceBody(deadline));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("choice", draft.GetProperty("mode").GetString());
        Assert.Equal(3, draft.GetProperty("options").GetArrayLength());
        Assert.Equal(99.50m, draft.GetProperty("options")[1].GetProperty("packageValue").GetDecimal());
        Assert.Equal(120.00m, draft.GetProperty("packageValue").GetDecimal());
        Assert.Equal(1, draft.GetProperty("defaultOption").GetInt32());
        var id = draft.GetProperty("id").GetGuid();
        Assert.True((await PutRecipientsAsync(g.Purchaser, id, Csv(Row1, Row2, Row3, Row4))).IsSuccessStatusCode);
        await g.Union.PayByTransferAsync(id, await g.Union.FinanceAsync());
        var paid = await g.Union.OrderAsync(id);
        Assert.Equal(600.00m, paid.GetProperty("total").GetDecimal());
        Assert.Equal(1_000_000m - 600m, (await g.Union.BudgetAsync()).GetProperty("remaining").GetDecimal());
        Assert.Equal(24_000, await g.UsedFenAsync("13800000004"));

        // Paying issued a code per member and recorded one message each.
        var codes = await g.CodesAsync(id);
        Assert.Equal(4, codes.Count);
        Assert.All(codes.Values, c => Assert.Matches("^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{16}$", c));
        var messages = await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/gift-messages");
        Assert.Equal(4, messages.GetProperty("total").GetInt32());
        Assert.Contains(codes["13800000001"], messages.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).Single(t => t.Contains(codes["13800000001"], StringComparison.Ordinal)));

        var member = app.CreateClient();
        var view = await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{codes["13800000002"]}");
        Assert.Equal("职工2", view.GetProperty("recipient").GetProperty("name").GetString());
        Assert.Equal("138****0002", view.GetProperty("recipient").GetProperty("mobile").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("chosen").ValueKind);
        Assert.True(view.GetProperty("canChoose").GetBoolean());
        Assert.Equal("兰州百合礼盒", view.GetProperty("options")[0].GetProperty("name").GetString());

        // Choices: 1 → 牦牛肉干组合; 2 → 百合, then changes to 苹果+花椒; 3 → 百合 to a corrected address; 4 does nothing.
        await ChooseAsync(member, codes["13800000001"], new { option = 2 });
        await ChooseAsync(member, codes["13800000002"], new { option = 0 });
        Assert.Equal(1, (await g.SkuAsync(g.SkuA)).Reserved);
        var changed = await ChooseAsync(member, codes["13800000002"], new { option = 1 });
        Assert.Equal(1, changed.GetProperty("chosen").GetInt32());
        await ChooseAsync(member, codes["13800000003"], new
        {
            option = 0,
            address = new { provinceCode = "620000", cityCode = "620100", districtCode = "620102", detail = "天水北路1号" },
        });
        Assert.Equal(1, (await g.SkuAsync(g.SkuA)).Reserved);
        Assert.Equal(1, (await g.SkuAsync(g.SkuB)).Reserved);
        Assert.Equal(3, (await g.SkuAsync(g.SkuC)).Reserved);

        var progress = await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/gift-progress");
        Assert.Equal(3, progress.GetProperty("chosen").GetInt32());
        Assert.Equal(1, progress.GetProperty("notChosen").GetInt32());
        Assert.Equal("职工4", progress.GetProperty("notChosenMembers")[0].GetProperty("name").GetString());
        Assert.Equal([1, 1, 1], progress.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("members").GetInt32()));

        // The purchaser reminds the one who has not chosen.
        var reminded = await g.Purchaser.PostAsync($"/api/v1/orders/{id}/gift-reminders", null);
        Assert.Equal(1, (await reminded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reminded").GetInt32());

        // Past the deadline: no more changes; the job closes the choices.
        app.Clock.Now = deadline.AddMinutes(1);
        var late = await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000001"]}/choice", new { option = 0 });
        await late.IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        var run = await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None));
        Assert.Equal(1, run.Closed);
        Assert.Equal(0, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);

        // Budget and caps: what each chose, exact to the fen (79.00 + 99.50 + 120.00 + 2 × 99.50 = 497.50).
        Assert.Equal(1_000_000m - 497.50m, (await g.Union.BudgetAsync()).GetProperty("remaining").GetDecimal());
        Assert.Equal(7_900, await g.UsedFenAsync("13800000001"));
        Assert.Equal(9_950, await g.UsedFenAsync("13800000002"));
        Assert.Equal(12_000, await g.UsedFenAsync("13800000003"));
        Assert.Equal(19_900, await g.UsedFenAsync("13800000004"));

        // Stock: the chosen goods sold from the members' reservations (the default reserved and sold for member 4).
        foreach (var (sku, stock) in new[] { (g.SkuA, 999), (g.SkuB, 997), (g.SkuC, 995) })
        {
            Assert.Equal((stock, 0), await g.SkuAsync(sku));
        }

        // Parcels per member per supplier of the chosen option, worth what they carry, to the confirmed address.
        var parcels = await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().Shipments.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.OrderId == id).OrderBy(s => s.RecipientRow).ThenBy(s => s.ValueFen).ToListAsync());
        Assert.Equal(6, parcels.Count);
        Assert.Equal(49_750, parcels.Sum(p => p.ValueFen));
        Assert.Equal("620102", parcels.Single(p => p.Mobile == "13800000003").DistrictCode);
        Assert.Equal("天水北路1号", parcels.Single(p => p.Mobile == "13800000003").Address);
        Assert.Equal([2, 2], parcels.Where(p => p.Mobile == "13800000004").Select(p => p.Packages));

        var closed = await g.Union.OrderAsync(id);
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("choicesClosedAt").ValueKind);
        Assert.Equal(600.00m, closed.GetProperty("total").GetDecimal());
        // The money the choices left unused (600.00 paid, 497.50 chosen) goes back to the union: a refund from what is
        // held for the order, so the books hold only the chosen goods' value; each supplier owes an invoice for its
        // chosen goods.
        var refunds = (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/refunds")).EnumerateArray().ToList();
        Assert.Equal(102.50m, Assert.Single(refunds).GetProperty("amount").GetDecimal());
        var books = await app.OrderBooksAsync(id);
        Assert.Equal((497.50m, 102.50m), (books[LedgerAccount.Held], books[LedgerAccount.RefundsPending]));
        var invoices = (await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/invoices")).EnumerateArray().ToList();
        Assert.Equal(497.50m, invoices.Sum(i => i.GetProperty("amount").GetDecimal()));
        var afterView = await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{codes["13800000004"]}");
        Assert.Equal(1, afterView.GetProperty("chosen").GetInt32());
        Assert.False(afterView.GetProperty("canChoose").GetBoolean());
    }

    [Fact]
    public async Task A_choice_order_is_refused_naming_each_bad_field()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var response = await PostOrderAsync(g.Purchaser, new
        {
            occasion = "MidAutumn",
            mode = "choice",
            lines = Array.Empty<object>(),
            options = new object[]
            {
                new { name = "A", lines = new[] { new { skuId = g.SkuA, quantity = 1 } } },
                new { name = "B", lines = new[] { new { skuId = Guid.NewGuid(), quantity = 1 } } },
            },
            defaultOption = 0,
            choiceDeadline = app.Clock.Now.AddDays(-1),
        });
        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("options[1].lines[0].skuId", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("choiceDeadline", out _), errors.ToString());

        var tooFew = await PostOrderAsync(g.Purchaser, new
        {
            occasion = "MidAutumn",
            mode = "choice",
            options = new object[] { new { name = "A", lines = new[] { new { skuId = g.SkuA, quantity = 0 } } } },
            defaultOption = 3,
            choiceDeadline = app.Clock.Now.AddDays(1),
        });
        var fewErrors = (await tooFew.IsProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        Assert.True(fewErrors.TryGetProperty("options", out _), fewErrors.ToString());
        Assert.True(fewErrors.TryGetProperty("options[0].lines[0].quantity", out _), fewErrors.ToString());
        Assert.True(fewErrors.TryGetProperty("defaultOption", out _), fewErrors.ToString());
    }

    [Fact]
    public async Task Unknown_codes_answer_404_and_a_code_shows_only_its_own_member()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var id = await g.PaidAsync(app.Clock.Now.AddDays(3), Row1, Row2);
        var codes = await g.CodesAsync(id);
        var member = app.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            var guess = Core.Gifts.GiftCodes.New();
            await (await member.GetAsync($"/api/v1/gift/{guess}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
            await (await member.PostAsJsonAsync($"/api/v1/gift/{guess}/choice", new { option = 0 })).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
        await (await member.GetAsync("/api/v1/gift/not-a-code")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        // Typed in lower case with a dash: the same code.
        var typed = codes["13800000002"].ToLowerInvariant().Insert(8, "-");
        var own = await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{typed}");
        Assert.Equal("职工2", own.GetProperty("recipient").GetProperty("name").GetString());

        // Another union's purchaser sees neither the codes nor the progress of this order.
        var other = await Ordering.OrderingScenario.CreateAsync(app);
        await (await other.Purchaser.GetAsync($"/api/v1/orders/{id}/gift-codes?format=csv")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Purchaser.GetAsync($"/api/v1/orders/{id}/gift-progress")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Purchaser.PostAsync($"/api/v1/orders/{id}/gift-reminders", null)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task After_the_parcels_leave_a_member_confirms_receipt_and_reports_a_problem_the_purchaser_sees()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var deadline = app.Clock.Now.AddMinutes(5);
        var id = await g.PaidAsync(deadline, Row1, Row2);
        var codes = await g.CodesAsync(id);
        var member = app.CreateClient();
        // 苹果 + 花椒: one parcel from each supplier.
        await ChooseAsync(member, codes["13800000001"], new { option = 1 });
        await (await member.PostAsync($"/api/v1/gift/{codes["13800000001"]}/receipt", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");

        app.Clock.Now = deadline.AddMinutes(1);
        Assert.Equal(1, (await app.WithScopeAsync(sp => sp.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None))).Closed);
        foreach (var supplier in new[] { g.Union.Supplier.Client, g.Second.Client })
        {
            var parcels = await Fulfilment.FulfilmentApiTests.ShipmentsAsync(supplier, $"/api/v1/supplier/shipments?orderId={id}");
            var csv = "shipment_id,carrier,tracking_no\n" + string.Concat(parcels.Select(p => $"{p.GetProperty("id").GetInt64()},EMS,EMS{p.GetProperty("id").GetInt64():D10}\n"));
            var imported = await Fulfilment.FulfilmentApiTests.ImportAsync(supplier, csv);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        }
        var view = await member.GetFromJsonAsync<JsonElement>($"/api/v1/gift/{codes["13800000001"]}");
        Assert.Equal("shipping", view.GetProperty("state").GetString());
        var parcelsOfMember = view.GetProperty("parcels").EnumerateArray().ToList();
        Assert.Equal(2, parcelsOfMember.Count);

        var received = await member.PostAsync($"/api/v1/gift/{codes["13800000001"]}/receipt", null);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receivedAt").ValueKind);

        // A problem with the second supplier's parcel (花椒, 39.50): a case the purchaser sees, worth what the parcel carries.
        var secondParcel = parcelsOfMember[1].GetProperty("id").GetInt64();
        var firstParcel = parcelsOfMember[0].GetProperty("id").GetInt64();
        var problem = new { parcelId = secondParcel, kind = "Damaged", description = "花椒包装破损" };
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000001"]}/problems", problem)).StatusCode);
        await (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000001"]}/problems", problem)).IsProblemAsync(HttpStatusCode.Conflict, "conflict");
        // Another member cannot report this member's parcel.
        await (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000002"]}/problems", new { parcelId = firstParcel, kind = "Lost", description = "没收到" }))
            .IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        var cases = await g.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/after-sales");
        var opened = Assert.Single(cases.ValueKind == JsonValueKind.Array ? cases.EnumerateArray() : cases.GetProperty("items").EnumerateArray());
        Assert.Equal(secondParcel, opened.GetProperty("shipmentId").GetInt64());
        Assert.Equal(GiftScenario.PriceC, opened.GetProperty("value").GetDecimal());
        Assert.Contains("职工1", opened.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_paid_choice_order_before_its_deadline_refunds_it_and_lets_the_members_reservations_go()
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var g = await GiftScenario.CreateAsync(app);
        var id = await g.PaidAsync(app.Clock.Now.AddDays(3), Row1, Row2);
        var codes = await g.CodesAsync(id);
        var member = app.CreateClient();
        await ChooseAsync(member, codes["13800000001"], new { option = 0 });
        await ChooseAsync(member, codes["13800000002"], new { option = 1 });
        Assert.Equal(1, (await g.SkuAsync(g.SkuA)).Reserved);

        var cancelled = await g.Purchaser.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "活动取消" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());

        Assert.Equal("Refunded", (await g.Union.OrderAsync(id)).GetProperty("status").GetString());
        Assert.Equal((1000, 0), await g.SkuAsync(g.SkuA));
        Assert.Equal((1000, 0), await g.SkuAsync(g.SkuB));
        Assert.Equal((1000, 0), await g.SkuAsync(g.SkuC));
        Assert.Equal(1_000_000m, (await g.Union.BudgetAsync()).GetProperty("remaining").GetDecimal());
        Assert.Equal(0, await g.UsedFenAsync("13800000001"));
        // The codes no longer choose anything.
        await (await member.PostAsJsonAsync($"/api/v1/gift/{codes["13800000001"]}/choice", new { option = 2 })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    private static async Task<JsonElement> ChooseAsync(HttpClient member, string code, object body)
    {
        var response = await member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
