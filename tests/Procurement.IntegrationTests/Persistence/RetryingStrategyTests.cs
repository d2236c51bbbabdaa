using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Sales;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Catalog.Listings;

namespace Procurement.IntegrationTests.Persistence;

/// <summary>
/// The app with a retrying execution strategy, as SQL Server runs it (<c>EnableRetryOnFailure</c>). Such a strategy
/// refuses a transaction begun outside it, and no SQL Server runs here, so the same kind of strategy is put on SQLite.
/// </summary>
public sealed class RetryingApp : ProcurementApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (SqlServerConnection is null)
        {
            builder.ConfigureTestServices(services => services.ConfigureDbContext<ProcurementDbContext>(db =>
                db.UseSqlite(sqlite => sqlite.ExecutionStrategy(dependencies => new RetryingStrategy(dependencies)))));
        }
    }

    private sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies)
        : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromMilliseconds(50))
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is TimeoutException;
    }
}

/// <summary>Every unit of work that needs a transaction runs inside the execution strategy, so SQL Server accepts it.</summary>
public sealed class RetryingStrategyTests(RetryingApp app) : IClassFixture<RetryingApp>
{
    [Fact]
    public async Task Users_are_created_and_changed_in_one_transaction_each()
    {
        // The bootstrap admin was created at start-up the same way; signing in proves it exists.
        var admin = await app.AdminClientAsync();
        var supplierId = await app.CreateSupplierAsync(TestUscc.Next());

        var created = await admin.PostAsJsonAsync("/api/v1/admin/users",
            new { email = "ma@tianshui.example.cn", password = "Gongying2026", displayName = "马供应", role = Roles.Supplier, supplierId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var changed = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}",
            new { displayName = "马经理", role = Roles.Supplier, supplierId, disabled = false });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("马经理", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task A_stock_import_and_recorded_sales_are_written()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var code = SupplierScenario.Code();
        var product = await supplier.CreateAsync(SupplierScenario.Product("天水花牛苹果", code));
        var sku = product.GetProperty("skus")[0].GetProperty("id").GetGuid();

        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes($"sku_code,stock,price\n{code},77,66.60\n")), "file", "stock.csv" } };
        var imported = await supplier.Client.PostAsync("/api/v1/supplier/stock-imports", form);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<SalesLedger>().RecordAsync([new SaleLine(sku, 5, 333.00m)], CancellationToken.None));
        }

        var after = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{product.GetProperty("id").GetGuid()}");
        Assert.Equal((77, 66.60m), (after.GetProperty("skus")[0].GetProperty("stock").GetInt32(), after.GetProperty("skus")[0].GetProperty("price").GetDecimal()));
        var overview = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.Equal(5, overview.GetProperty("salesByDay")[29].GetProperty("units").GetInt32());
    }
}
