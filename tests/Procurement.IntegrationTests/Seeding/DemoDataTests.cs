using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;

namespace Procurement.IntegrationTests.Seeding;

public sealed class DemoApp : ProcurementApp
{
    protected override bool SeedDemo => true;
}

public sealed class DemoDataTests(DemoApp app) : IClassFixture<DemoApp>
{
    private Task<T> QueryAsync<T>(Func<ProcurementDbContext, Task<T>> query) =>
        app.WithScopeAsync(sp => query(sp.GetRequiredService<ProcurementDbContext>()));

    [Fact]
    public async Task The_catalog_covers_every_category_and_every_gansu_city()
    {
        var products = await QueryAsync(db => db.Products.Include(p => p.Skus).ToListAsync());
        Assert.True(products.Count >= 150, $"{products.Count} products");
        Assert.Equal(Category.All.Select(c => c.Code).Order(), products.Select(p => p.CategoryCode).Distinct().Order());
        Assert.Equal(14, products.Select(p => Regions.CityOf(p.CountyCode)!.Code).Distinct().Count());
        Assert.All(products, p => Assert.True(Regions.IsGansuCounty(p.CountyCode), p.CountyCode));
        Assert.Contains(products, p => p.Name.Contains("兰州百合", StringComparison.Ordinal));
        Assert.Contains(products, p => p.Name.Contains("岷县当归", StringComparison.Ordinal));
        Assert.Contains(products, p => p.Certificate is not null);
        Assert.All(products.SelectMany(p => p.Skus), sku =>
        {
            Assert.True(Money.HasAtMostTwoDecimals(sku.Price));
            Assert.True(sku.TierPrices.Select(t => t.Price).SequenceEqual(sku.TierPrices.Select(t => t.Price).OrderDescending()));
            Assert.True(sku.TierPrices.All(t => t.Price <= sku.Price));
        });
    }

    [Fact]
    public async Task Suppliers_are_thirty_or_more_with_valid_credit_codes()
    {
        var suppliers = await QueryAsync(db => db.Suppliers.ToListAsync());
        Assert.True(suppliers.Count >= 30);
        Assert.All(suppliers, s => Assert.True(Uscc.IsValid(s.Uscc), s.Uscc));
        Assert.Equal(suppliers.Count, suppliers.Select(s => s.Uscc).Distinct().Count());
    }

    [Fact]
    public async Task The_union_tree_runs_from_jiangsu_to_an_enterprise()
    {
        var unions = await QueryAsync(db => db.Unions.ToListAsync());
        var enterprise = unions.Single(u => u.Name == "南京紫金软件有限公司工会");
        var nanjing = unions.Single(u => u.Id == enterprise.ParentId);
        Assert.Equal("南京市总工会", nanjing.Name);
        Assert.Equal("江苏省总工会", unions.Single(u => u.Id == nanjing.ParentId).Name);
        Assert.Contains(unions, u => u.Name == "甘肃省总工会");
        Assert.All(unions, u => Assert.NotEmpty(u.Budgets));
    }

    [Fact]
    public async Task Every_demo_login_works()
    {
        foreach (var login in DemoSeeder.Logins)
        {
            var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = login.Email, password = login.Password });
            Assert.True(response.IsSuccessStatusCode, login.Email);
            Assert.Equal("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokenType").GetString());
        }
    }
}
