using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;

namespace Procurement.IntegrationTests.Suppliers;

public sealed class SupplierTenancyTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private Task<Guid> AddProductAsync(Guid supplierId, string name) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var product = new Product(supplierId, name, "nuts-dried", "621221", "<p>纸皮核桃</p>", null,
                [new Sku($"T-{Guid.NewGuid():N}"[..20], "1kg", 36m, 100, 1, [])], DateTimeOffset.UtcNow);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product.Id;
        });

    [Fact]
    public async Task A_supplier_sees_its_own_listings_and_another_suppliers_answer_404()
    {
        var mine = await app.CreateSupplierAsync(TestUscc.Next(), "成县核桃种植专业合作社");
        var theirs = await app.CreateSupplierAsync(TestUscc.Next(), "康县黑木耳种植专业合作社");
        var myProduct = await AddProductAsync(mine, "成县核桃");
        var theirProduct = await AddProductAsync(theirs, "康县黑木耳");
        await app.CreateUserAsync("walnut@test.example.cn", "Hetao2026pass", Roles.Supplier, supplierId: mine);
        var client = await app.SignedInClientAsync("walnut@test.example.cn", "Hetao2026pass");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/supplier/products/{myProduct}")).StatusCode);
        await (await client.GetAsync($"/api/v1/supplier/products/{theirProduct}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products");
        Assert.Equal([myProduct], list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_union_user_may_not_use_the_supplier_api()
    {
        var union = await app.CreateUnionAsync(TestUscc.Next());
        await app.CreateUserAsync("buyer@test.example.cn", "Buyer2026pass", Roles.Purchaser, unionId: union);
        var client = await app.SignedInClientAsync("buyer@test.example.cn", "Buyer2026pass");
        await (await client.GetAsync("/api/v1/supplier/products")).IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
