using System.Net;
using System.Net.Http.Json;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Gifts;

/// <summary>
/// Members' choices on a real SQLite file: an option's stock holds when many members choose it at once, because each
/// choice reserves by one conditional statement, never read-then-write.
/// </summary>
public sealed class GiftConcurrencyTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Two_hundred_members_choosing_an_option_with_stock_for_one_hundred_at_once_never_oversell_it()
    {
        for (var round = 0; round < 3; round++)
        {
            var g = await GiftScenario.CreateAsync(app, stockA: 100);
            var id = await g.PaidAsync(DateTimeOffset.UtcNow.AddDays(3), Rows(200, first: 13500000000 + round * 1000));
            var codes = (await g.CodesAsync(id)).Values.ToList();
            var member = app.CreateClient();

            var responses = await Task.WhenAll(codes.Select(code => member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option = 0 })));

            Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await loser.IsProblemAsync(HttpStatusCode.Conflict, "insufficient-stock");
            }
            Assert.Equal((100, 100), await g.SkuAsync(g.SkuA));
            var progress = await g.Purchaser.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/orders/{id}/gift-progress");
            Assert.Equal(100, progress.GetProperty("options")[0].GetProperty("members").GetInt32());
            // The option is shown as gone to a member who has not chosen it.
            var loserCode = codes.First(c => responses[codes.IndexOf(c)].StatusCode != HttpStatusCode.OK);
            var view = await member.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/gift/{loserCode}");
            Assert.True(view.GetProperty("options")[0].GetProperty("gone").GetBoolean());
            Assert.False(view.GetProperty("options")[1].GetProperty("gone").GetBoolean());
        }
    }

    [Fact]
    public async Task A_member_switching_back_and_forth_at_once_holds_exactly_one_reservation()
    {
        var g = await GiftScenario.CreateAsync(app);
        var id = await g.PaidAsync(DateTimeOffset.UtcNow.AddDays(3), Rows(1, first: 13600000000));
        var code = (await g.CodesAsync(id)).Values.Single();
        var member = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => member.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option = i % 2 == 0 ? 0 : 2 })));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var view = await member.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/gift/{code}");
        var chosen = view.GetProperty("chosen").GetInt32();
        Assert.Equal(chosen == 0 ? 1 : 0, (await g.SkuAsync(g.SkuA)).Reserved);
        Assert.Equal(chosen == 2 ? 2 : 0, (await g.SkuAsync(g.SkuC)).Reserved);
    }
}
