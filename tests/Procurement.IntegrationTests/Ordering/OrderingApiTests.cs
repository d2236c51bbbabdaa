using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Procurement.Core.Users;
using static Procurement.IntegrationTests.Catalog.Listings.TestXlsx;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>Union welfare orders through the HTTP pipeline: create, recipients, submit, decide, cancel, and every refusal.</summary>
public sealed class OrderingApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    static OrderingApiTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task A_draft_is_priced_on_the_server_and_numbered_by_the_beijing_date()
    {
        var s = await CreateAsync(app);
        var codes = new[] { Catalog.Listings.SupplierScenario.Code() };
        var product = await s.Supplier.CreateAsync(Catalog.Listings.SupplierScenario.Product("兰州百合", codes));
        var id = product.GetProperty("id").GetGuid();
        await s.Supplier.PostAsync($"/api/v1/supplier/products/{id}/submit");
        (await (await app.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{id}/approve", new { })).EnsureSuccessStatusCode();
        var skuId = product.GetProperty("skus")[0].GetProperty("id").GetGuid();

        // 36.00 base, 33.00 from 50, 30.00 from 200: 200 units are priced at 30.00 each.
        var response = await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", note = "中秋慰问", lines = new[] { new { skuId, quantity = 200 } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", order.GetProperty("status").GetString());
        Assert.Equal("MidAutumn", order.GetProperty("occasion").GetString());
        Assert.Equal(6000.00m, order.GetProperty("total").GetDecimal());
        var line = order.GetProperty("lines")[0];
        Assert.Equal(30.00m, line.GetProperty("unitPrice").GetDecimal());
        Assert.Equal(6000.00m, line.GetProperty("amount").GetDecimal());
        Assert.Equal(codes[0], line.GetProperty("skuCode").GetString());
        Assert.Equal("兰州百合", line.GetProperty("productName").GetString());
        // The scenario's product carries a certificate valid through next year: the line counts toward the union's 帮扶 share.
        Assert.True(line.GetProperty("certified").GetBoolean());
        Assert.Equal("621200", line.GetProperty("originCityCode").GetString());
        Assert.Matches($"^LP{Core.Common.BusinessDate.Today(TimeProvider.System):yyyyMMdd}-\\d{{6}}$", order.GetProperty("number").GetString()!);
        Assert.Equal(0, order.GetProperty("recipientCount").GetInt32());
        Assert.Empty(order.GetProperty("timeline").EnumerateArray());
    }

    [Fact]
    public async Task The_same_key_and_body_answer_the_same_order_and_a_different_body_is_refused()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var body = new { occasion = "SpringFestival", lines = new[] { new { skuId = sku, quantity = 10 } } };
        var first = await PostOrderAsync(s.Purchaser, body, "key-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await PostOrderAsync(s.Purchaser, body, "key-1");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.Equal(a.GetProperty("number").GetString(), b.GetProperty("number").GetString());

        var changed = await PostOrderAsync(s.Purchaser, new { occasion = "SpringFestival", lines = new[] { new { skuId = sku, quantity = 11 } } }, "key-1");
        await changed.IsProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        var list = await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Parallel_creates_with_one_key_make_one_order()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var body = new { occasion = "NationalDay", lines = new[] { new { skuId = sku, quantity = 5 } } };
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostOrderAsync(s.Purchaser, body, "same-key")));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, (await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_create_requests_are_named_and_nothing_is_written()
    {
        var s = await CreateAsync(app);
        var codes = new[] { Catalog.Listings.SupplierScenario.Code() };
        var body = Catalog.Listings.SupplierScenario.Product("未上架核桃", codes);
        var draftProduct = await s.Supplier.CreateAsync(body);
        var unpublished = draftProduct.GetProperty("skus")[0].GetProperty("id").GetGuid();
        var sku = (await s.PublishAsync((50m, 100)))[0];

        var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 1 } } }) };
        await (await s.Purchaser.SendAsync(noKey)).IsValidationProblemAsync("Idempotency-Key");
        await (await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 1 } } }, new string('k', 65)))
            .IsValidationProblemAsync("Idempotency-Key");
        await (await PostOrderAsync(s.Purchaser, new { occasion = "Christmas", lines = new[] { new { skuId = sku, quantity = 1 } } })).IsValidationProblemAsync("occasion");
        await (await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 0 } } })).IsValidationProblemAsync("lines[0].quantity");
        await (await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 2.5 } } })).IsValidationProblemAsync("lines[0].quantity");
        await (await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", lines = Array.Empty<object>() })).IsValidationProblemAsync("lines");
        await (await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 1 }, new { skuId = unpublished, quantity = 1 }, new { skuId = Guid.NewGuid(), quantity = 1 } } }))
            .IsValidationProblemAsync("lines[1].skuId", "lines[2].skuId");

        // A minimum order quantity of 20 refuses 19.
        var moqCode = Catalog.Listings.SupplierScenario.Code();
        var moqBody = Catalog.Listings.SupplierScenario.Product("甘南牦牛肉", moqCode);
        ((List<Dictionary<string, object?>>)moqBody["skus"]!)[0]["minOrderQuantity"] = 20;
        var moq = await s.Supplier.CreateAsync(moqBody);
        var moqId = moq.GetProperty("id").GetGuid();
        await s.Supplier.PostAsync($"/api/v1/supplier/products/{moqId}/submit");
        (await (await app.AdminClientAsync()).PostAsJsonAsync($"/api/v1/admin/products/{moqId}/approve", new { })).EnsureSuccessStatusCode();
        var below = await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", lines = new[] { new { skuId = moq.GetProperty("skus")[0].GetProperty("id").GetGuid(), quantity = 19 } } });
        var problem = await below.IsValidationProblemAsync("lines[0].quantity");
        Assert.Contains("20", problem.GetProperty("errors").GetProperty("lines[0].quantity")[0].GetString());

        Assert.Equal(0, (await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Purchasers_and_approvers_create_others_do_not_and_other_unions_orders_are_not_there()
    {
        var s = await CreateAsync(app);
        var other = await CreateAsync(app);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var id = await s.DraftAsync((sku, 10));

        var body = new { occasion = "MidAutumn", lines = new[] { new { skuId = sku, quantity = 1 } } };
        // The contract: an approver may order too, but never decides on an order they created.
        var approversOwn = await PostOrderAsync(s.Approver, body);
        Assert.Equal(HttpStatusCode.Created, approversOwn.StatusCode);
        var ownId = (await approversOwn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await PutRecipientsAsync(s.Approver, ownId, Csv(Rows(1)))).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Approver.PostAsync($"/api/v1/orders/{ownId}/submit", null)).StatusCode);
        await (await s.Approver.PostAsync($"/api/v1/orders/{ownId}/approve", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await PostOrderAsync(s.Supplier.Client, body)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await app.CreateUserAsync("finance-orders@test.example.cn", Password, Roles.Finance);
        var finance = await app.SignedInClientAsync("finance-orders@test.example.cn", Password);
        await (await PostOrderAsync(finance, body)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await finance.GetAsync("/api/v1/orders")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        // Finance opens single orders from its payment queues, but works no purchaser endpoint.
        Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync($"/api/v1/orders/{id}")).StatusCode);
        await (await finance.PostAsync($"/api/v1/orders/{id}/submit", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await s.Supplier.Client.PostAsync($"/api/v1/orders/{id}/submit", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/orders/{id}")).StatusCode);

        await (await other.Purchaser.GetAsync($"/api/v1/orders/{id}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Purchaser.PostAsync($"/api/v1/orders/{id}/cancel", null)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Approver.PostAsync($"/api/v1/orders/{id}/approve", null)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await PutRecipientsAsync(other.Purchaser, id, Csv(Rows(10)))).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, (await other.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await s.Approver.GetFromJsonAsync<JsonElement>("/api/v1/orders")).GetProperty("total").GetInt32()); // the draft and the approver's own
        Assert.Equal("Draft", (await s.OrderAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Recipients_are_read_from_csv_in_either_encoding_and_from_xlsx_with_short_region_names()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((20m, 1000)))[0];
        var id = await s.DraftAsync((sku, 12));

        var csv = Csv("王芳,138 0013 8001,江苏,南京,鼓楼区,中山北路 1 号,2", "李强,+86 139-1234-5678,江苏省,苏州市,姑苏区,人民路 100 号,3", "赵敏,13700000001,北京市,北京市,朝阳区,建国路 1 号,1");
        var gb = await PutRecipientsAsync(s.Purchaser, id, Encoding.GetEncoding("GB18030").GetBytes(csv));
        Assert.True(gb.IsSuccessStatusCode, await gb.Content.ReadAsStringAsync());
        Assert.Equal((3, 6), await CountsAsync(gb));
        var order = await s.OrderAsync(id);
        Assert.Equal(3, order.GetProperty("recipientCount").GetInt32());
        Assert.Equal(6, order.GetProperty("packageCount").GetInt32());
        Assert.Equal(40.00m, order.GetProperty("packageValue").GetDecimal());

        var recipients = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/recipients?q=李强");
        var li = Assert.Single(recipients.GetProperty("items").EnumerateArray());
        Assert.Equal("13912345678", li.GetProperty("mobile").GetString());
        Assert.Equal("320508", li.GetProperty("districtCode").GetString());
        Assert.Equal("江苏省 苏州市 姑苏区", li.GetProperty("region").GetString());

        byte[] bom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Csv("王芳,13800138001,江苏省,南京市,鼓楼区,中山北路 1 号,4"))];
        Assert.Equal((1, 4), await CountsAsync(await PutRecipientsAsync(s.Purchaser, id, bom)));

        var xlsx = Build([
            [Str("姓名"), Str("手机号"), Str("省"), Str("市"), Str("区县"), Str("详细地址"), Str("份数")],
            [Str("周杰"), Num(13600000001), Str("湖北"), Str("仙桃市"), Str(""), Str("钱沟路 8 号"), Num(3)],
            [Str("吴倩"), Num(13600000002), Str("广东省"), Str("东莞市"), Str("南城街道"), Str("鸿福路 99 号"), Num(1)],
        ]);
        Assert.Equal((2, 4), await CountsAsync(await PutRecipientsAsync(s.Purchaser, id, xlsx, "recipients.xlsx")));
        var all = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/recipients");
        Assert.Equal(["429004", "441900"], all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("districtCode").GetString()));
    }

    private static async Task<(int, int)> CountsAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("recipients").GetInt32(), body.GetProperty("packages").GetInt32());
    }

    [Fact]
    public async Task Every_bad_recipient_row_is_named_and_nothing_is_stored()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((20m, 1000)))[0];
        var id = await s.DraftAsync((sku, 10));
        Assert.Equal((10, 10), await CountsAsync(await PutRecipientsAsync(s.Purchaser, id, Csv(Rows(10)))));

        var bad = await PutRecipientsAsync(s.Purchaser, id, Csv(
            "王芳,12345,江苏省,南京市,鼓楼区,中山北路 1 号,1",           // row 2: mobile
            "李强,13900000001,火星省,南京市,鼓楼区,人民路 1 号,1",        // row 3: province
            "赵敏,13900000002,江苏省,兰州市,鼓楼区,建国路 1 号,1",        // row 4: city not in 江苏
            "钱多,13900000003,江苏省,南京市,姑苏区,建国路 2 号,1",        // row 5: district not in 南京
            "孙悟,13900000004,江苏省,南京市,鼓楼区,,1",                  // row 6: address
            "周到,13900000005,江苏省,南京市,鼓楼区,建国路 3 号,0",        // row 7: packages
            "吴用,13900000006,江苏省,南京市,鼓楼区,建国路 4 号,1.5",      // row 8: packages
            "郑重,13900000001,江苏省,南京市,鼓楼区,建国路 5 号,1",        // row 9: same mobile as row 3
            ",13900000007,江苏省,南京市,鼓楼区,建国路 6 号,1"));         // row 10: name
        var problem = await bad.IsValidationProblemAsync("row 2: 手机号", "row 3: 省", "row 4: 市", "row 5: 区县", "row 6: 详细地址", "row 7: 份数",
            "row 8: 份数", "row 9: 手机号", "row 3: 手机号", "row 10: 姓名");
        Assert.Contains("9", problem.GetProperty("errors").GetProperty("row 3: 手机号")[0].GetString());
        Assert.Equal((10, 10), (
            (await s.OrderAsync(id)).GetProperty("recipientCount").GetInt32(), (await s.OrderAsync(id)).GetProperty("packageCount").GetInt32()));

        // 10 units do not divide into 3 packages: the line is named, nothing stored.
        var uneven = await PutRecipientsAsync(s.Purchaser, id, Csv(Rows(3)));
        await uneven.IsValidationProblemAsync("lines[0].quantity");
        await (await PutRecipientsAsync(s.Purchaser, id, Csv())).IsValidationProblemAsync("file");
        await (await PutRecipientsAsync(s.Purchaser, id, "name,phone\n张三,13800000000\n")).IsValidationProblemAsync("file");
        Assert.Equal(10, (await s.OrderAsync(id)).GetProperty("recipientCount").GetInt32());
    }

    [Fact]
    public async Task More_than_200_bad_rows_are_counted_not_listed_and_20000_rows_is_the_limit()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((20m, 100_000)))[0];
        var id = await s.DraftAsync((sku, 300));
        var rows = Enumerable.Range(0, 300).Select(i => $"职工{i},1{i:D3},江苏省,南京市,鼓楼区,路{i}号,1").ToArray();
        var problem = await (await PutRecipientsAsync(s.Purchaser, id, Csv(rows))).IsValidationProblemAsync("file");
        Assert.Equal(201, problem.GetProperty("errors").EnumerateObject().Count());

        var tooMany = await PutRecipientsAsync(s.Purchaser, id, Csv(Rows(20_001)));
        await tooMany.IsValidationProblemAsync("file");
    }

    [Fact]
    public async Task Submit_reserves_stock_and_budget_and_an_approver_other_than_the_creator_decides()
    {
        var s = await CreateAsync(app, budget: 10_000m, cap: 1_000m);
        var skus = await s.PublishAsync((30m, 100), (12.5m, 200));
        var id = await s.ReadyAsync([(skus[0], 20), (skus[1], 40)], Rows(10, packages: 2));
        Assert.Equal("Draft", (await s.OrderAsync(id)).GetProperty("status").GetString());
        await (await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");

        var submitted = await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var order = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PendingApproval", order.GetProperty("status").GetString());
        Assert.Equal(1100.00m, order.GetProperty("total").GetDecimal());
        Assert.Equal(80, (await s.SkuAsync(skus[0])).GetProperty("available").GetInt32());
        Assert.Equal(20, (await s.SkuAsync(skus[0])).GetProperty("reserved").GetInt32());
        Assert.Equal(8_900.00m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        var catalog = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/catalog/products/{(await s.SkuProductAsync(skus[0]))}");
        Assert.Equal(80, catalog.GetProperty("skus").EnumerateArray().First(k => k.GetProperty("id").GetGuid() == skus[0]).GetProperty("available").GetInt32());

        await (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/approve", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await s.Approver.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "" })).IsValidationProblemAsync("reason");

        var approved = await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        var after = await approved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", after.GetProperty("status").GetString());
        Assert.True(after.TryGetProperty("reservationEndsAt", out var ends) && ends.ValueKind == JsonValueKind.String);
        var timeline = after.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal([("Draft", "PendingApproval"), ("PendingApproval", "Approved")],
            timeline.Select(t => (t.GetProperty("from").GetString(), t.GetProperty("to").GetString())));
        Assert.Equal(after.GetProperty("createdBy").GetGuid(), timeline[0].GetProperty("by").GetGuid());
        Assert.NotEqual(after.GetProperty("createdBy").GetGuid(), timeline[1].GetProperty("by").GetGuid());

        var cancelled = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "活动取消" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        Assert.Equal(100, (await s.SkuAsync(skus[0])).GetProperty("available").GetInt32());
        Assert.Equal(200, (await s.SkuAsync(skus[1])).GetProperty("available").GetInt32());
        Assert.Equal(10_000.00m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        await (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/cancel", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await PutRecipientsAsync(s.Purchaser, id, Csv(Rows(10, packages: 2)))).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task An_approver_cannot_decide_on_an_order_they_created_and_a_rejection_gives_everything_back()
    {
        var s = await CreateAsync(app, budget: 5_000m, cap: 500m);
        var sku = (await s.PublishAsync((25m, 50)))[0];
        var id = await s.ReadyAsync([(sku, 20)], Rows(10, packages: 2));
        await (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).Content.ReadAsStringAsync();
        Assert.Equal(30, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());

        var rejected = await s.Approver.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "预算另有安排" });
        Assert.True(rejected.IsSuccessStatusCode, await rejected.Content.ReadAsStringAsync());
        var order = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Rejected", order.GetProperty("status").GetString());
        Assert.Equal("预算另有安排", order.GetProperty("timeline")[1].GetProperty("reason").GetString());
        Assert.Equal(50, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
        Assert.Equal(5_000.00m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());

        // The members' cap usage came back too: the same ten members can receive 500 yuan each again.
        var again = await s.ReadyAsync([(sku, 20)], Rows(10, packages: 2));
        var submitted = await s.Purchaser.PostAsync($"/api/v1/orders/{again}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_purchaser_who_became_an_approver_still_cannot_approve_an_order_they_created()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 100)))[0];
        var id = await s.ReadyAsync([(sku, 10)], Rows(10));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).EnsureSuccessStatusCode();
        var creator = (await s.OrderAsync(id)).GetProperty("createdBy").GetGuid();
        var admin = await app.AdminClientAsync();
        (await admin.PutAsJsonAsync($"/api/v1/admin/users/{creator}", new { displayName = "转岗审批人", role = "Approver", unionId = s.UnionId })).EnsureSuccessStatusCode();

        var formerPurchaser = await app.SignedInClientAsync(s.PurchaserEmail, Password);
        await (await formerPurchaser.PostAsync($"/api/v1/orders/{id}/approve", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("PendingApproval", (await (await s.Approver.GetAsync($"/api/v1/orders/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        (await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_preview_checks_recipients_without_saving_them_and_only_the_union_uploads()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((12.5m, 100)))[0];
        var id = await s.DraftAsync((sku, 6));
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(Rows(2, packages: 3)))), "file", "recipients.csv" } };
        var preview = await s.Purchaser.PostAsync($"/api/v1/orders/{id}/recipients/preview", form);
        Assert.True(preview.IsSuccessStatusCode, await preview.Content.ReadAsStringAsync());
        var summary = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, summary.GetProperty("recipients").GetInt32());
        Assert.Equal(6, summary.GetProperty("packages").GetInt32());
        Assert.Equal(12.50m, summary.GetProperty("packageValue").GetDecimal());
        Assert.Equal("江苏省", Assert.Single(summary.GetProperty("provinces").EnumerateArray()).GetProperty("provinceName").GetString());
        Assert.Equal(1, summary.GetProperty("contents")[0].GetProperty("perPackage").GetInt32());
        Assert.Equal(0, (await s.OrderAsync(id)).GetProperty("recipientCount").GetInt32());
        Assert.Equal(0, (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/recipients")).GetProperty("total").GetInt32());

        await (await PutRecipientsAsync(s.Supplier.Client, id, Csv(Rows(2, packages: 3)))).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await s.Supplier.Client.PostAsync($"/api/v1/orders/{id}/cancel", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await s.Supplier.Client.PostAsync($"/api/v1/orders/{id}/submit", null)).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, (await s.OrderAsync(id)).GetProperty("recipientCount").GetInt32());
    }

    [Fact]
    public async Task Orders_below_the_threshold_are_approved_at_once()
    {
        var s = await CreateAsync(app, threshold: 5_000m);
        var sku = (await s.PublishAsync((10m, 100)))[0];
        var id = await s.ReadyAsync([(sku, 10)], Rows(10));
        var order = await (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", order.GetProperty("status").GetString());
        Assert.Equal(90, (await s.SkuAsync(sku)).GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Submitting_without_recipients_or_past_the_budget_cap_or_stock_is_refused_and_changes_nothing()
    {
        var s = await CreateAsync(app, budget: 1_000m, cap: 300m);
        var skus = await s.PublishAsync((100m, 5), (10m, 100));

        var empty = await s.DraftAsync((skus[1], 10));
        await (await s.Purchaser.PostAsync($"/api/v1/orders/{empty}/submit", null)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");

        // 1,200 yuan against a budget of 1,000.
        var overBudget = await s.ReadyAsync([(skus[1], 120)], Rows(4, packages: 30));
        var budget = await (await s.Purchaser.PostAsync($"/api/v1/orders/{overBudget}/submit", null)).IsProblemAsync(HttpStatusCode.UnprocessableEntity, "budget-exceeded");
        Assert.Equal(1_000.00m, budget.GetProperty("remaining").GetDecimal());

        // Row 3 takes 4 packages of 100 yuan: past the 300 yuan cap; row 2 (2 packages) is within it.
        var overCap = await s.ReadyAsync([(skus[1], 60)], "甲,13811110001,江苏,南京,鼓楼区,路1号,2", "乙,13811110002,江苏,南京,鼓楼区,路2号,4");
        var cap = await (await s.Purchaser.PostAsync($"/api/v1/orders/{overCap}/submit", null)).IsProblemAsync(HttpStatusCode.UnprocessableEntity, "welfare-cap-exceeded");
        Assert.True(cap.GetProperty("errors").TryGetProperty("row 3: 手机号", out _), cap.ToString());
        Assert.False(cap.GetProperty("errors").TryGetProperty("row 2: 手机号", out _));

        // 6 of a SKU that has 5, beside a line that fits: nothing is reserved at all.
        var overStock = await s.ReadyAsync([(skus[0], 6), (skus[1], 6)], Rows(6));
        var stock = await (await s.Purchaser.PostAsync($"/api/v1/orders/{overStock}/submit", null)).IsProblemAsync(HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Contains((await s.SkuAsync(skus[0])).GetProperty("code").GetString()!, stock.GetProperty("detail").GetString());

        Assert.Equal(5, (await s.SkuAsync(skus[0])).GetProperty("available").GetInt32());
        Assert.Equal(100, (await s.SkuAsync(skus[1])).GetProperty("available").GetInt32());
        Assert.Equal(1_000.00m, (await s.BudgetAsync()).GetProperty("remaining").GetDecimal());
        foreach (var id in new[] { empty, overBudget, overCap, overStock })
        {
            var order = await s.OrderAsync(id);
            Assert.Equal("Draft", order.GetProperty("status").GetString());
            Assert.Empty(order.GetProperty("timeline").EnumerateArray());
        }
        // The cap usage of the refused orders was not kept: the row-2 member can still take 300 yuan.
        var fits = await s.ReadyAsync([(skus[1], 30)], "甲,13811110001,江苏,南京,鼓楼区,路1号,1");
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{fits}/submit", null)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Lists_filter_by_status_and_number_and_reorder_copies_the_lines()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 1000)))[0];
        var draft = await s.DraftAsync((sku, 10));
        var submitted = await s.ReadyAsync([(sku, 20)], Rows(20));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{submitted}/submit", null)).EnsureSuccessStatusCode();

        var pending = await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=PendingApproval");
        Assert.Equal(submitted, Assert.Single(pending.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var number = (await s.OrderAsync(draft)).GetProperty("number").GetString()!;
        var byNumber = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders?q={number[^6..]}");
        Assert.Contains(byNumber.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == draft);
        await (await s.Purchaser.GetAsync("/api/v1/orders?status=Shipped")).IsValidationProblemAsync("status");
        await (await s.Purchaser.GetAsync("/api/v1/orders?occasion=Easter")).IsValidationProblemAsync("occasion");

        var reorder = await s.Purchaser.PostAsync($"/api/v1/orders/{submitted}/reorder", null);
        Assert.Equal(HttpStatusCode.Created, reorder.StatusCode);
        var copy = await reorder.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", copy.GetProperty("status").GetString());
        Assert.Equal(20, copy.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        Assert.NotEqual(submitted, copy.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_template_and_the_shipping_export_download()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 1000)))[0];
        var id = await s.ReadyAsync([(sku, 4)], Rows(2, packages: 2));
        var csv = await s.Purchaser.GetByteArrayAsync("/api/v1/orders/recipients-template?format=csv");
        // Headers only: no sample people to find and delete before the real list goes in.
        Assert.Equal("姓名,手机号,省,市,区县,详细地址,份数\r\n", Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
        var template = await s.Purchaser.GetByteArrayAsync("/api/v1/orders/recipients-template?format=xlsx");
        var templateRows = Infrastructure.Files.XlsxSheetReader.Rows(new MemoryStream(template)).ToList();
        Assert.Equal(["姓名", "手机号", "省", "市", "区县", "详细地址", "份数"], Assert.Single(templateRows).Cells.Take(7));
        var export = await s.Purchaser.GetAsync($"/api/v1/orders/{id}/export");
        Assert.True(export.IsSuccessStatusCode, await export.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        var rows = Infrastructure.Files.XlsxSheetReader.Rows(new MemoryStream(await export.Content.ReadAsByteArrayAsync())).ToList();
        Assert.Equal(["姓名", "手机号", "省", "市", "区县", "详细地址", "份数", "每份内容"], rows[0].Cells.Take(8));
        Assert.Equal(3, rows.Count);
        Assert.Equal("13800000000", rows[1].Cells[1]);
    }
}

/// <summary>The purchase list through the API: each purchaser's own, published SKUs only, whole quantities per package.</summary>
public sealed class PurchaseListApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task A_purchaser_collects_skus_sets_quantities_per_package_and_removes_them()
    {
        var s = await CreateAsync(app);
        var skus = await s.PublishAsync((10m, 100), (20m, 100));
        (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = skus[0] })).EnsureSuccessStatusCode();
        (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = skus[0], perPackage = 2 })).EnsureSuccessStatusCode();
        var list = await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = skus[1] })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([3, 1], list.EnumerateArray().Select(l => l.GetProperty("perPackage").GetInt32()));

        var set = await s.Purchaser.PutAsJsonAsync($"/api/v1/purchase-list/items/{skus[1]}", new { perPackage = 5 });
        Assert.Equal(5, (await set.Content.ReadFromJsonAsync<JsonElement>())[1].GetProperty("perPackage").GetInt32());
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/purchase-list/items/{skus[1]}", new { perPackage = 1.5 })).IsValidationProblemAsync("perPackage");
        await (await s.Purchaser.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = Guid.NewGuid() })).IsValidationProblemAsync("skuId");
        // An approver may purchase too; the list is their own, so it starts empty.
        Assert.Empty((await s.Approver.GetFromJsonAsync<JsonElement>("/api/v1/purchase-list")).EnumerateArray());
        await (await s.Supplier.Client.GetAsync("/api/v1/purchase-list")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // Another purchaser of another union sees an empty list of their own.
        var other = await CreateAsync(app);
        Assert.Empty((await other.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/purchase-list")).EnumerateArray());

        var removed = await s.Purchaser.DeleteAsync($"/api/v1/purchase-list/items/{skus[0]}");
        Assert.Equal([skus[1]], (await removed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(l => l.GetProperty("skuId").GetGuid()));
    }

    [Fact]
    public async Task The_dashboard_counts_spend_by_occasion_and_origin_and_the_certified_share()
    {
        var s = await CreateAsync(app, budget: 100_000m, cap: 100m);
        var sku = (await s.PublishAsync((50m, 1000)))[0];
        var id = await s.ReadyAsync([(sku, 4)], Rows(2, packages: 2));
        (await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).EnsureSuccessStatusCode();
        var draft = await s.DraftAsync((sku, 10)); // a draft counts for nothing

        var dashboard = await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/union/dashboard");
        Assert.Equal(200.00m, dashboard.GetProperty("spent").GetDecimal());
        Assert.Equal(99_800.00m, dashboard.GetProperty("budget").GetProperty("remaining").GetDecimal());
        Assert.Equal("MidAutumn", Assert.Single(dashboard.GetProperty("byOccasion").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal("陇南市", Assert.Single(dashboard.GetProperty("byOriginCity").EnumerateArray()).GetProperty("label").GetString());
        Assert.Equal(1m, dashboard.GetProperty("certifiedShare").GetDecimal());
        // Both members received 100 of a 100 cap: both are near it, masked.
        var near = dashboard.GetProperty("nearCap").EnumerateArray().ToList();
        Assert.Equal(2, near.Count);
        Assert.Equal("138****0000", near[0].GetProperty("mobile").GetString());
        Assert.Equal(0m, near[0].GetProperty("left").GetDecimal());
        await (await s.Supplier.Client.GetAsync("/api/v1/union/dashboard")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.NotEqual(Guid.Empty, draft);
    }
}
