using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Catalog.Sales;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Users;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.Web.Auth;

namespace Procurement.IntegrationTests.Platform;

/// <summary>
/// Tenancy fails closed. Every entity type that belongs to a supplier or a union is found in the model, and each is
/// proven invisible to another tenant and to an anonymous caller, while the system identity sees it: a new
/// tenant-owned entity without a query filter fails here.
/// </summary>
public sealed class TenancyTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    /// <summary>Tenant-owned types that are never read by a tenant, with the reason. Everything else must be filtered.</summary>
    private static readonly Dictionary<Type, string> Exempt = new()
    {
        [typeof(AppUser)] = "accounts are read by admins and by sign-in only; no tenant query reads them",
    };

    private static bool IsTenantOwned(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        type.ClrType == typeof(Supplier) || type.ClrType == typeof(Union)
        || type.FindProperty("SupplierId") is not null || type.FindProperty("UnionId") is not null;

    private async Task<IReadOnlyList<Type>> TenantOwnedTypesAsync() =>
        await app.WithScopeAsync(sp => Task.FromResult<IReadOnlyList<Type>>(sp.GetRequiredService<ProcurementDbContext>().Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && IsTenantOwned(t) && !Exempt.ContainsKey(t.ClrType))
            .Select(t => t.ClrType).Distinct().ToList()));

    [Fact]
    public async Task Every_tenant_owned_entity_type_has_a_query_filter()
    {
        var unfiltered = await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ProcurementDbContext>().Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && IsTenantOwned(t) && !Exempt.ContainsKey(t.ClrType) && t.GetDeclaredQueryFilters().Count == 0)
            .Select(t => t.ClrType.Name).ToList()));
        Assert.Empty(unfiltered);
    }

    [Fact]
    public async Task Another_tenant_and_an_anonymous_caller_see_none_of_a_tenants_rows_while_the_system_sees_them()
    {
        // Tenant A owns a row of every tenant-owned type: supplier, product, SKU, notice, sales day; and a union.
        var supplier = await SupplierScenario.CreateAsync(app, "岷县当归种植专业合作社");
        var product = await supplier.CreateAsync(SupplierScenario.Product("岷县当归", SupplierScenario.Code()));
        var productId = product.GetProperty("id").GetGuid();
        var skuId = product.GetProperty("skus")[0].GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{productId}/submit");
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{productId}/approve", null)).StatusCode);
        await app.WithScopeAsync(async sp => await sp.GetRequiredService<SalesLedger>().RecordAsync([new SaleLine(skuId, 3, 108m)], CancellationToken.None));
        var unionA = await app.CreateUnionAsync(TestUscc.Next(), "无锡某某工会");
        // And a union's submitted order: the order, its recipients, the union-year budget row and the members' usage rows.
        var ordering = await Ordering.OrderingScenario.CreateAsync(app);
        var orderSku = (await ordering.PublishAsync((10m, 100)))[0];
        var orderId = await ordering.ReadyAsync([(orderSku, 2)], Ordering.OrderingScenario.Rows(2));
        Assert.Equal(HttpStatusCode.OK, (await ordering.Purchaser.PostAsync($"/api/v1/orders/{orderId}/submit", null)).StatusCode);
        // And its bank transfer, once approved, and what paying it makes.
        Assert.Equal(HttpStatusCode.OK, (await ordering.Approver.PostAsync($"/api/v1/orders/{orderId}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ordering.Purchaser.PostAsJsonAsync($"/api/v1/orders/{orderId}/payments", new { method = "bank_transfer" })).StatusCode);
        // Paid: its parcels; one sent and reported damaged (an after-sales case), refunded by the supplier (a refund).
        var finance = await ordering.FinanceAsync();
        Assert.True((await finance.PostAsJsonAsync($"/api/v1/finance/orders/{orderId}/bank-transfer-confirmations",
            new { amount = 20m, reference = "转账", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-1) })).IsSuccessStatusCode);
        var parcel = (await Fulfilment.FulfilmentApiTests.ShipmentsAsync(ordering.Supplier.Client, "/api/v1/supplier/shipments"))[0].GetProperty("id").GetInt64();
        Assert.True((await Fulfilment.FulfilmentApiTests.ImportAsync(ordering.Supplier.Client, $"shipment_id,carrier,tracking_no\n{parcel},EMS,EMS12345678\n")).IsSuccessStatusCode);
        var afterSales = await (await ordering.Purchaser.PostAsJsonAsync($"/api/v1/orders/{orderId}/after-sales", new { shipmentId = parcel, kind = "Damaged", description = "破损" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((await ordering.Supplier.Client.PostAsJsonAsync($"/api/v1/supplier/after-sales/{afterSales.GetProperty("id").GetGuid()}/refund", new { })).IsSuccessStatusCode);
        // Its invoice (#22): the union's profile and the order's request, the invoice owed and the document issued for it.
        Assert.True((await ordering.Purchaser.PutAsJsonAsync("/api/v1/union/invoice-profile", new { type = "normal", title = "无锡某某工会", taxNumber = "81320100MC1234567X" })).IsSuccessStatusCode);
        Assert.True((await ordering.Purchaser.PutAsJsonAsync($"/api/v1/orders/{orderId}/invoice-request", new { type = "special", title = "无锡某某工会", taxNumber = "81320100MC1234567X" })).IsSuccessStatusCode);
        var invoiceId = (await Paperwork.InvoiceApiTests.InvoicesAsync(ordering.Purchaser, orderId))[0].GetProperty("id").GetGuid();
        Assert.True((await Paperwork.InvoiceApiTests.IssueAsync(ordering.Supplier.Client, invoiceId, "24320000000012345678", "10.00", Paperwork.InvoiceApiTests.Pdf)).IsSuccessStatusCode);

        // And a paid member-choice order (#24): its members' codes and the messages recorded for them.
        var gifts = await Gifts.GiftScenario.CreateAsync(app);
        await gifts.PaidAsync(DateTimeOffset.UtcNow.AddDays(3), "职工1,13900000001,江苏省,南京市,鼓楼区,中山北路1号,1");

        // And a settled month of the supplier (written directly: settling needs a month that is over).
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            db.SupplierSettlements.Add(new Core.Settlement.SupplierSettlement(supplier.SupplierId, 202601, 1, 108m, 0m, 0.03m, 3.24m, 104.76m, Guid.NewGuid(), DateTimeOffset.UtcNow));
            // Its payout, its month's lock row, and a break of the books naming it.
            db.SupplierPayouts.Add(new Core.Settlement.SupplierPayout(supplier.SupplierId, 202601, 50m, DateTimeOffset.UtcNow, "PAY-1", Guid.NewGuid(), DateTimeOffset.UtcNow));
            db.SettlementMonthLocks.Add(new Infrastructure.Persistence.Settlement.SettlementMonthLock(supplier.SupplierId, 202601, true));
            db.LedgerBreaks.Add(new Core.Ledger.LedgerBreak(Core.Ledger.BreakKind.SupplierPayable, "岷县当归种植专业合作社", null, supplier.SupplierId, 1m, 2m, "test",
                DateTimeOffset.UtcNow));
            // The union's report rows (#23): its target, a partner order credited to it and a buyer matched to it (the
            // daily aggregates were written when its order was paid).
            db.UnionTargets.Add(new Core.Reporting.UnionTarget(ordering.UnionId, 2026, 0.3m, 1000m, null, DateTimeOffset.UtcNow));
            db.PartnerOrderCredits.Add(new Infrastructure.Persistence.Reporting.PartnerOrderCredit
            {
                PartnerOrderId = Guid.NewGuid(), Partner = "P832", Uscc = TestUscc.Next(), UnionId = ordering.UnionId, Counted = true, CreatedAt = DateTimeOffset.UtcNow,
            });
            db.PartnerBuyerMatches.Add(new Infrastructure.Persistence.Reporting.PartnerBuyerMatch { Uscc = TestUscc.Next(), UnionId = ordering.UnionId, MatchedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        var otherSupplier = await app.CreateSupplierAsync(TestUscc.Next(), "康县黑木耳种植专业合作社");
        var otherUnion = await app.CreateUnionAsync(TestUscc.Next(), "苏州某某工会");
        var asOtherSupplier = Principal(Roles.Supplier, ProcurementClaims.SupplierId, otherSupplier);
        var asOtherUnion = Principal(Roles.Purchaser, ProcurementClaims.UnionId, otherUnion);

        foreach (var type in await TenantOwnedTypesAsync())
        {
            var ownA = type == typeof(Union) ? new[] { unionA } : type == typeof(Supplier) ? [supplier.SupplierId] : null;
            Assert.True(await VisibleAsync(type, principal: null, system: true, ownA) > 0, $"{type.Name}: the test owns no row of it");
            Assert.True(await VisibleAsync(type, principal: null, system: false, ownA) == 0, $"{type.Name}: an anonymous caller sees tenant rows");
            Assert.True(await VisibleAsync(type, asOtherSupplier, system: false, ownA) == 0, $"{type.Name}: another supplier sees tenant A's rows");
            Assert.True(await VisibleAsync(type, asOtherUnion, system: false, ownA) == 0, $"{type.Name}: another union sees tenant A's rows");
        }

        // And through the API, another supplier's rows answer 404 or are absent from lists.
        var other = await SupplierScenario.CreateAsync(app, "礼县苹果专业合作社");
        await (await other.Client.GetAsync($"/api/v1/supplier/products/{productId}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { stock = 1 })).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        var notices = await other.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices");
        Assert.DoesNotContain(productId.ToString(), notices.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var overview = await other.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");
        Assert.DoesNotContain(productId.ToString(), overview.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.All(overview.GetProperty("salesByDay").EnumerateArray(), day => Assert.Equal(0, day.GetProperty("units").GetInt32()));
    }

    [Fact]
    public async Task Partner_statements_and_reconciliations_are_filtered_and_an_anonymous_caller_sees_none()
    {
        // Finance's, not a tenant's: they carry no supplier or union, so the enumeration above does not find them.
        var partnerTypes = new[]
        {
            typeof(Core.Partners.PartnerOrder), typeof(Core.Partners.PartnerStatement), typeof(Core.Partners.StatementRow), typeof(Core.Partners.ReconciliationRun),
            typeof(Core.Partners.ReconciliationItem),
        };
        var unfiltered = await app.WithScopeAsync(sp => Task.FromResult(partnerTypes
            .Where(t => sp.GetRequiredService<ProcurementDbContext>().Model.FindEntityType(t)!.GetDeclaredQueryFilters().Count == 0).Select(t => t.Name).ToList()));
        Assert.Empty(unfiltered);

        var (statementId, runId) = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var statement = new Core.Partners.PartnerStatement(Core.Partners.PartnerCodes.Gsxf, new DateOnly(2026, 1, 2), Guid.NewGuid().ToString("N"), "t.xlsx",
                Core.Partners.PartnerStatement.Sources.Upload, null, DateTimeOffset.UtcNow);
            var run = new Core.Partners.ReconciliationRun(Core.Partners.PartnerCodes.Gsxf, new DateOnly(2026, 1, 2), null, DateTimeOffset.UtcNow);
            db.AddRange(statement, run);
            await db.SaveChangesAsync();
            return (statement.Id, run.Id);
        });
        var anonymous = await app.AsAnonymousAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            return (await db.PartnerStatements.AnyAsync(s => s.Id == statementId), await db.ReconciliationRuns.AnyAsync(r => r.Id == runId));
        });
        var system = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProcurementDbContext>();
            return (await db.PartnerStatements.AnyAsync(s => s.Id == statementId), await db.ReconciliationRuns.AnyAsync(r => r.Id == runId));
        });
        Assert.Equal((false, false), anonymous);
        Assert.Equal((true, true), system);
    }

    [Fact]
    public async Task A_scope_without_a_user_or_the_system_identity_sees_no_supplier_drafts()
    {
        var supplier = await SupplierScenario.CreateAsync(app, "两当狼牙蜜专业合作社");
        var draft = (await supplier.CreateAsync(SupplierScenario.Product("两当狼牙蜜", SupplierScenario.Code()))).GetProperty("id").GetGuid();

        var anonymous = await app.AsAnonymousAsync(sp => sp.GetRequiredService<ProcurementDbContext>().Products.AnyAsync(p => p.Id == draft));
        var system = await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().Products.AnyAsync(p => p.Id == draft));

        Assert.False(anonymous);
        Assert.True(system);
    }

    [Fact]
    public async Task The_set_based_stock_write_carries_the_supplier_in_its_where()
    {
        var supplier = await SupplierScenario.CreateAsync(app, "文县纹党专业合作社");
        var product = await supplier.CreateAsync(SupplierScenario.Product("文县纹党", SupplierScenario.Code()));
        var productId = product.GetProperty("id").GetGuid();
        var intruder = await app.CreateSupplierAsync(TestUscc.Next(), "别的合作社");

        var error = await app.WithScopeAsync(async sp =>
        {
            var store = sp.GetRequiredService<IListingStore>();
            var skus = await store.SupplierSkusAsync(supplier.SupplierId, CancellationToken.None);
            return await store.ApplyStockAsync(intruder, skus.Select(s => new StockChange(s.Id, productId, s.Version, 1, s.Price)).ToList(), CancellationToken.None);
        });

        Assert.Equal(Core.Common.ErrorKind.Conflict, error?.Kind);
        var after = await supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/products/{productId}");
        Assert.Equal(500, after.GetProperty("skus")[0].GetProperty("stock").GetInt32());
    }

    private static ClaimsPrincipal Principal(string role, string tenantClaim, Guid tenant) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role), new Claim(tenantClaim, tenant.ToString())],
            "test"));

    /// <summary>How many rows of <paramref name="type"/> (only <paramref name="ids"/>, when given) the caller's queries see.</summary>
    private Task<int> VisibleAsync(Type type, ClaimsPrincipal? principal, bool system, Guid[]? ids)
    {
        Task<int> Count(IServiceProvider sp)
        {
            sp.GetRequiredService<CurrentUser>().CircuitPrincipal = principal;
            var db = sp.GetRequiredService<ProcurementDbContext>();
            var count = typeof(TenancyTests).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
            return (Task<int>)count.Invoke(null, [db, ids])!;
        }
        return system ? app.WithScopeAsync(Count) : app.AsAnonymousAsync(Count);
    }

    private static Task<int> CountAsync<T>(ProcurementDbContext db, Guid[]? ids) where T : class =>
        ids is null
            ? db.Set<T>().CountAsync()
            : db.Set<T>().CountAsync(e => ids.Contains(EF.Property<Guid>(e, "Id")));
}
