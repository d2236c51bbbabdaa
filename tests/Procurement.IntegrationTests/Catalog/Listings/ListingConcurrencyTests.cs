using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>Two people on one listing: the later save or approval of something it never saw is a 409, never a silent overwrite.</summary>
public sealed class ListingConcurrencyTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task An_edit_based_on_an_older_version_answers_conflict_and_changes_nothing()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var created = await supplier.CreateAsync(SupplierScenario.Product("成县核桃", SupplierScenario.Code()));
        var id = created.GetProperty("id").GetGuid();
        var read = created.GetProperty("version").GetInt64();

        var first = SupplierScenario.Product("成县核桃（特级）", created.GetProperty("skus")[0].GetProperty("code").GetString()!);
        ((List<Dictionary<string, object?>>)first["skus"]!)[0]["id"] = created.GetProperty("skus")[0].GetProperty("id").GetGuid();
        first["version"] = read;
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/supplier/products/{id}", first)).StatusCode);

        var second = new Dictionary<string, object?>(first) { ["name"] = "成县核桃（一级）", ["version"] = read };
        await (await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/products/{id}", second)).IsProblemAsync(HttpStatusCode.Conflict, "conflict");

        var now = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{id}");
        Assert.Equal("成县核桃（特级）", now.GetProperty("name").GetString());
        Assert.True(now.GetProperty("version").GetInt64() > read);
    }

    [Fact]
    public async Task Approve_with_the_reviewed_version_refuses_a_listing_edited_since()
    {
        var supplier = await SupplierScenario.CreateAsync(app, "礼县苹果专业合作社");
        var created = await supplier.CreateAsync(SupplierScenario.Product("礼县花牛苹果", SupplierScenario.Code()));
        var id = created.GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        var admin = await app.AdminClientAsync();
        var reviewed = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/products/{id}")).GetProperty("version").GetInt64();

        // The supplier edits while the admin reads: the listing is still pending, but no longer what was reviewed.
        var edit = SupplierScenario.Product("礼县花牛苹果（大果）", created.GetProperty("skus")[0].GetProperty("code").GetString()!);
        ((List<Dictionary<string, object?>>)edit["skus"]!)[0]["id"] = created.GetProperty("skus")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/products/{id}", edit)).StatusCode);

        await (await admin.PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { version = reviewed })).IsProblemAsync(HttpStatusCode.Conflict, "conflict");
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/products/{id}/approve");
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{reviewed}\"");
        await (await admin.SendAsync(stale)).IsProblemAsync(HttpStatusCode.Conflict, "conflict");
        var still = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/products/{id}");
        Assert.Equal("PendingReview", still.GetProperty("product").GetProperty("status").GetString());

        // The admin looks again and approves what is there now.
        var current = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/products/{id}/approve");
        current.Headers.TryAddWithoutValidation("If-Match", $"\"{still.GetProperty("version").GetInt64()}\"");
        var approved = await admin.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Published", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_malformed_if_match_is_named()
    {
        var admin = await app.AdminClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/products/{Guid.NewGuid()}/approve");
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        var problem = await (await admin.SendAsync(request)).IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _));
    }

    [Fact]
    public async Task Sku_codes_are_stored_upper_case_and_differ_by_more_than_case()
    {
        var supplier = await SupplierScenario.CreateAsync(app, "武都花椒专业合作社");
        var code = $"hj-{Guid.NewGuid():N}"[..14];
        var created = await supplier.CreateAsync(SupplierScenario.Product("武都花椒", $"  {code} "));
        Assert.Equal(code.ToUpperInvariant(), created.GetProperty("skus")[0].GetProperty("code").GetString());

        var clash = await supplier.Client.PostAsJsonAsync("/api/v1/supplier/products", SupplierScenario.Product("武都花椒（二）", code.ToUpperInvariant()));
        var problem = await clash.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("skus[0].code", out _));
    }

    [Fact]
    public async Task A_unique_value_taken_between_check_and_save_is_a_conflict_not_an_exception()
    {
        var uscc = TestUscc.Next();
        await app.CreateSupplierAsync(uscc, "先到的合作社");

        // Stage a second supplier with the same USCC past the use case's check, as a concurrent request would be.
        var error = await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ISupplierStore>().AddAsync(
                new Supplier("后到的合作社", uscc, "621221", "吕新民", "13909390036", DateTimeOffset.UtcNow), CancellationToken.None);
            return await sp.GetRequiredService<IUnitOfWork>().CommitAsync(CancellationToken.None);
        });

        Assert.Equal(ErrorKind.Conflict, error?.Kind);
    }

    [Fact]
    public async Task Suppliers_created_at_once_with_one_uscc_never_answer_500()
    {
        var admin = await app.AdminClientAsync();
        var uscc = TestUscc.Next();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => admin.PostAsJsonAsync("/api/v1/admin/suppliers", new
        {
            name = $"同时提交的合作社{i}",
            uscc,
            countyCode = "621221",
            contactName = "吕新民",
            contactPhone = "13909390036",
        })));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created),
            a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Conflict }));
    }
}
