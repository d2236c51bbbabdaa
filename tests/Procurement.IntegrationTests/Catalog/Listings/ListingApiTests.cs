using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>The supplier listings API and the admin review through the HTTP pipeline, search included.</summary>
public sealed class ListingApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static string Status(JsonElement product) => product.GetProperty("status").GetString()!;

    private async Task<bool> FoundAsync(string q, Guid productId)
    {
        var result = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/catalog/search?q={Uri.EscapeDataString(q)}");
        return result.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("productId").GetGuid() == productId);
    }

    /// <summary>Changes reach search through the outbox worker: the contract allows 2 seconds.</summary>
    private async Task<bool> BecomesAsync(string q, Guid productId, bool found)
    {
        for (var waited = 0; waited < 2000; waited += 50)
        {
            if (await FoundAsync(q, productId) == found)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    [Fact]
    public async Task A_new_listing_is_a_draft_with_its_description_sanitized()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var body = SupplierScenario.Product("成县纸皮核桃", SupplierScenario.Code(), SupplierScenario.Code());
        body["description"] = """<p style="color:red" onclick="steal()">壳薄<strong>仁满</strong><script>alert(1)</script></p><a href="javascript:alert(1)">点我</a><a href="https://www.gov.cn/">来源</a><img src=x onerror=alert(1)>""";

        var created = await supplier.CreateAsync(body);

        Assert.Equal("Draft", Status(created));
        var description = created.GetProperty("description").GetString()!;
        Assert.Contains("<strong>仁满</strong>", description);
        Assert.DoesNotContain("script", description);
        Assert.DoesNotContain("onclick", description);
        Assert.DoesNotContain("style", description);
        Assert.DoesNotContain("javascript:", description);
        Assert.DoesNotContain("<img", description);
        Assert.Contains("href=\"https://www.gov.cn/\"", description);
        Assert.Equal(2, created.GetProperty("skus").GetArrayLength());
        Assert.Equal(30m, created.GetProperty("minPrice").GetDecimal());
    }

    [Fact]
    public async Task A_plain_text_description_becomes_paragraphs()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var body = SupplierScenario.Product("成县核桃 散装", SupplierScenario.Code());
        body["description"] = "壳薄仁满\n当年新货\n\n<不含>添加剂";

        var created = await supplier.CreateAsync(body);

        Assert.Equal("<p>壳薄仁满<br>当年新货</p><p>&lt;不含&gt;添加剂</p>", created.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Submit_approve_and_the_product_is_searchable_and_the_supplier_notified()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var admin = await app.AdminClientAsync();
        var product = await supplier.CreateAsync(SupplierScenario.Product("徽县紫皮大蒜", SupplierScenario.Code()));
        var id = product.GetProperty("id").GetGuid();

        Assert.Equal("PendingReview", Status(await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit")));
        var queue = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/products/pending?q=紫皮大蒜");
        var item = Assert.Single(queue.GetProperty("items").EnumerateArray());
        // A first review shows everything as new.
        Assert.Contains(item.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "name" && c.GetProperty("proposed").GetString() == "徽县紫皮大蒜");

        var approved = await admin.PostAsync($"/api/v1/admin/products/{id}/approve", null);
        Assert.Equal("Published", Status(await approved.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.True(await BecomesAsync("紫皮大蒜", id, found: true), "published product not searchable within 2 s");

        var notices = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices");
        Assert.Equal(1, notices.GetProperty("unread").GetInt32());
        Assert.Contains("徽县紫皮大蒜", notices.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await supplier.Client.PostAsync("/api/v1/supplier/notices/read", null)).StatusCode);
        Assert.Equal(0, (await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices")).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Editing_a_published_name_goes_back_to_review_but_prices_apply_at_once()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var admin = await app.AdminClientAsync();
        var code = SupplierScenario.Code();
        var body = SupplierScenario.Product("秦安蜜桃", code);
        var id = (await supplier.CreateAsync(body)).GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        await admin.PostAsync($"/api/v1/admin/products/{id}/approve", null);
        Assert.True(await BecomesAsync("秦安蜜桃", id, found: true));

        // A price change on a published product: still published, search shows the new lowest price.
        var product = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{id}");
        var sku = ((List<Dictionary<string, object?>>)body["skus"]!)[0];
        sku["id"] = product.GetProperty("skus")[0].GetProperty("id").GetGuid();
        sku["price"] = 34m;
        sku["tierPrices"] = new[] { new { minQuantity = 50, price = 29.5m } };
        var repriced = await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/products/{id}", body);
        Assert.Equal("Published", Status(await repriced.Content.ReadFromJsonAsync<JsonElement>()));
        for (var waited = 0; waited < 2000; waited += 50)
        {
            var hit = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/catalog/search?q=秦安蜜桃")).GetProperty("items")[0];
            if (hit.GetProperty("minPrice").GetDecimal() == 29.5m)
            {
                break;
            }
            Assert.True(waited < 1950, "new price not in search within 2 s");
            await Task.Delay(50);
        }

        // A new name needs review again, and the product leaves the storefront until approved.
        body["name"] = "秦安水蜜桃";
        var renamed = await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/products/{id}", body);
        Assert.Equal("PendingReview", Status(await renamed.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.True(await BecomesAsync("秦安", id, found: false), "renamed product still on sale after 2 s");
        var review = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/products/{id}");
        var change = Assert.Single(review.GetProperty("changes").EnumerateArray());
        Assert.Equal(("name", "秦安蜜桃", "秦安水蜜桃"),
            (change.GetProperty("field").GetString(), change.GetProperty("approved").GetString(), change.GetProperty("proposed").GetString()));
    }

    [Fact]
    public async Task An_admin_can_correct_any_suppliers_listing_but_not_create_one()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var admin = await app.AdminClientAsync();
        var body = SupplierScenario.Product("礼县苹果", SupplierScenario.Code());
        var id = (await supplier.CreateAsync(body)).GetProperty("id").GetGuid();

        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{id}");
        var sku = ((List<Dictionary<string, object?>>)body["skus"]!)[0];
        sku["id"] = listed.GetProperty("skus")[0].GetProperty("id").GetGuid();
        sku["spec"] = "5kg礼盒";
        var corrected = await admin.PutAsJsonAsync($"/api/v1/supplier/products/{id}", body);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var seen = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{id}");
        Assert.Equal("5kg礼盒", seen.GetProperty("skus")[0].GetProperty("spec").GetString());
        Assert.Equal(supplier.SupplierId, seen.GetProperty("supplierId").GetGuid());
        body["skus"] = new[] { new { code = SupplierScenario.Code(), spec = "1kg", price = 10m, stock = 1, minOrderQuantity = 1 } };
        await (await admin.PostAsJsonAsync("/api/v1/supplier/products", body)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Rejection_needs_a_reason_reaches_the_supplier_and_an_edit_makes_a_draft_again()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var admin = await app.AdminClientAsync();
        var body = SupplierScenario.Product("礼县苹果", SupplierScenario.Code());
        var id = (await supplier.CreateAsync(body)).GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");

        await (await admin.PostAsJsonAsync($"/api/v1/admin/products/{id}/reject", new { reason = " " })).IsValidationProblemAsync("reason");
        var rejected = await admin.PostAsJsonAsync($"/api/v1/admin/products/{id}/reject", new { reason = "证书编号与认定名单不符" });
        var product = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Rejected", "证书编号与认定名单不符"), (Status(product), product.GetProperty("rejectionReason").GetString()));

        var notices = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices");
        Assert.Contains("证书编号与认定名单不符", notices.GetProperty("items")[0].GetProperty("message").GetString());

        body["certificate"] = new { number = "GS-XF-2026-0099", issuer = "甘肃省消费帮扶产品认定中心", validFrom = "2026-01-01", validTo = "2027-12-31" };
        var fixedUp = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{id}");
        ((List<Dictionary<string, object?>>)body["skus"]!)[0]["id"] = fixedUp.GetProperty("skus")[0].GetProperty("id").GetGuid();
        var edited = await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/products/{id}", body);
        Assert.Equal("Draft", Status(await edited.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal("PendingReview", Status(await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit")));
    }

    [Fact]
    public async Task Unlisting_removes_the_product_from_search_and_wrong_moves_answer_invalid_state()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var admin = await app.AdminClientAsync();
        var id = (await supplier.CreateAsync(SupplierScenario.Product("靖远羊羔肉", SupplierScenario.Code()))).GetProperty("id").GetGuid();

        await (await supplier.Client.PostAsync($"/api/v1/supplier/products/{id}/unlist", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await admin.PostAsync($"/api/v1/admin/products/{id}/approve", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        await (await supplier.Client.PostAsync($"/api/v1/supplier/products/{id}/submit", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await admin.PostAsync($"/api/v1/admin/products/{id}/approve", null);
        Assert.True(await BecomesAsync("靖远羊羔肉", id, found: true));

        Assert.Equal("Unlisted", Status(await supplier.PostAsync($"/api/v1/supplier/products/{id}/unlist")));
        Assert.True(await BecomesAsync("靖远羊羔肉", id, found: false), "unlisted product still searchable after 2 s");
    }

    [Fact]
    public async Task Another_suppliers_listing_and_sku_answer_404_and_buyers_are_forbidden()
    {
        var owner = await SupplierScenario.CreateAsync(app);
        var other = await SupplierScenario.CreateAsync(app, "康县黑木耳种植专业合作社");
        var body = SupplierScenario.Product("成县核桃仁", SupplierScenario.Code());
        var product = await owner.CreateAsync(body);
        var id = product.GetProperty("id").GetGuid();
        var skuId = product.GetProperty("skus")[0].GetProperty("id").GetGuid();

        await (await other.Client.PutAsJsonAsync($"/api/v1/supplier/products/{id}", body)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Client.PostAsync($"/api/v1/supplier/products/{id}/submit", null)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { stock = 1 })).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(500, (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{id}")).GetProperty("skus")[0].GetProperty("stock").GetInt32());
        await (await other.Client.PostAsync($"/api/v1/admin/products/{id}/approve", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Stock_is_set_per_sku_as_a_whole_number()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var skuId = (await supplier.CreateAsync(SupplierScenario.Product("宕昌党参", SupplierScenario.Code()))).GetProperty("skus")[0].GetProperty("id").GetGuid();

        var set = await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { stock = 1200 });
        Assert.Equal(1200, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stock").GetInt32());
        await (await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { stock = 12.5 })).IsValidationProblemAsync("stock");
        await (await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { stock = -1 })).IsValidationProblemAsync("stock");
        await (await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { })).IsValidationProblemAsync("stock");
        await (await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{Guid.NewGuid()}/stock", new { stock = 1 })).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_edit_adds_updates_and_removes_skus()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var (keep, drop, add) = (SupplierScenario.Code(), SupplierScenario.Code(), SupplierScenario.Code());
        var body = SupplierScenario.Product("天水花牛苹果", keep, drop);
        var created = await supplier.CreateAsync(body);
        var skus = (List<Dictionary<string, object?>>)body["skus"]!;
        skus[0]["id"] = created.GetProperty("skus").EnumerateArray().Single(s => s.GetProperty("code").GetString() == keep).GetProperty("id").GetGuid();
        skus[0]["stock"] = 42;
        skus[1] = new Dictionary<string, object?> { ["code"] = add, ["spec"] = "5kg箱装", ["price"] = 99m, ["stock"] = 7, ["minOrderQuantity"] = 2, ["tierPrices"] = Array.Empty<object>() };

        var response = await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/products/{created.GetProperty("id").GetGuid()}", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edited = await response.Content.ReadFromJsonAsync<JsonElement>();
        var codes = edited.GetProperty("skus").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("stock").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [keep] = 42, [add] = 7 }, codes);
    }

    public static TheoryData<string, string> BadListings => new()
    {
        { "duplicate-codes", "skus[1].code" },
        { "price-3-decimals", "skus[0].price" },
        { "negative-stock", "skus[0].stock" },
        { "fractional-stock", "skus[0].stock" },
        { "county-outside-gansu", "countyCode" },
        { "unknown-category", "categoryCode" },
        { "certificate-ends-before-it-starts", "certificate.validTo" },
        { "tiers-not-ascending", "skus[0].tierPrices[1].minQuantity" },
        { "tier-price-rises", "skus[0].tierPrices[1].price" },
        { "no-skus", "skus" },
    };

    [Theory]
    [MemberData(nameof(BadListings))]
    public async Task Bad_listings_answer_400_naming_the_field_and_write_nothing(string mistake, string field)
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var body = SupplierScenario.Product("两当狼牙蜜", SupplierScenario.Code(), SupplierScenario.Code());
        var skus = (List<Dictionary<string, object?>>)body["skus"]!;
        switch (mistake)
        {
            case "duplicate-codes": skus[1]["code"] = skus[0]["code"]; break;
            case "price-3-decimals": skus[0]["price"] = 36.125m; break;
            case "negative-stock": skus[0]["stock"] = -5; break;
            case "fractional-stock": skus[0]["stock"] = 12.5m; break;
            case "county-outside-gansu": body["countyCode"] = "320102"; break;
            case "unknown-category": body["categoryCode"] = "electronics"; break;
            case "certificate-ends-before-it-starts":
                body["certificate"] = new { number = "GS-1", issuer = "认定中心", validFrom = "2026-06-01", validTo = "2026-01-01" };
                break;
            case "tiers-not-ascending": skus[0]["tierPrices"] = new[] { new { minQuantity = 50, price = 33m }, new { minQuantity = 20, price = 32m } }; break;
            case "tier-price-rises": skus[0]["tierPrices"] = new[] { new { minQuantity = 50, price = 30m }, new { minQuantity = 100, price = 31m } }; break;
            case "no-skus": body["skus"] = Array.Empty<object>(); break;
        }

        await (await supplier.Client.PostAsJsonAsync("/api/v1/supplier/products", body)).IsValidationProblemAsync(field);

        Assert.Equal(0, (await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_sku_code_is_unique_across_the_suppliers_products_but_not_across_suppliers()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var other = await SupplierScenario.CreateAsync(app, "康县黑木耳种植专业合作社");
        var code = SupplierScenario.Code();
        await supplier.CreateAsync(SupplierScenario.Product("康县黑木耳", code));

        await (await supplier.Client.PostAsJsonAsync("/api/v1/supplier/products", SupplierScenario.Product("康县黑木耳礼盒", code)))
            .IsValidationProblemAsync("skus[0].code");
        await other.CreateAsync(SupplierScenario.Product("康县黑木耳", code));
    }
}
