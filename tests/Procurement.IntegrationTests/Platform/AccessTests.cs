using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Users;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using Procurement.Web.Auth;

namespace Procurement.IntegrationTests.Platform;

/// <summary>
/// Who may call what, walked over the whole API: every operation of the OpenAPI document is declared here with the
/// capabilities it needs, and is called by an anonymous caller and by each role. A role holding one of them gets past
/// authorization (any answer but 401/403); anybody else is refused (403; anonymous 401). A new endpoint without a row
/// fails. The same order and listing of one tenant, asked for by another tenant, answer 404.
/// </summary>
public sealed class AccessTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static readonly Capability[] Public = [];

    /// <summary>Operation → the capabilities any of which lets a caller through; <see cref="Public"/> for anonymous ones.</summary>
    private static readonly Dictionary<string, Capability[]> Declared = new()
    {
        ["GET /api/v1/supplier/overview"] = [Capability.Supply],
        ["PUT /api/v1/supplier/skus/{skuId}/stock"] = [Capability.Supply, Capability.Administer],
        ["GET /media/{file}"] = Public,
        ["GET /api/v1/union/dashboard"] = [Capability.ReadUnion],
        ["GET /api/v1/orders/{id}/refunds"] = [Capability.ReadOrder],
        // Member choice (#24): the member's gift page is anonymous (the code is the key); the order's side is the union's.
        ["GET /api/v1/gift/{code}"] = Public,
        ["POST /api/v1/gift/{code}/choice"] = Public,
        ["POST /api/v1/gift/{code}/receipt"] = Public,
        ["POST /api/v1/gift/{code}/problems"] = Public,
        ["GET /api/v1/orders/{id}/gift-codes"] = [Capability.ReadOrder],
        ["GET /api/v1/orders/{id}/gift-progress"] = [Capability.ReadOrder],
        ["GET /api/v1/orders/{id}/gift-messages"] = [Capability.ReadOrder],
        ["POST /api/v1/orders/{id}/gift-reminders"] = [Capability.Purchase],
        ["POST /api/v1/webhooks/stripe"] = Public,
        ["POST /api/v1/finance/settlements/{month}/{supplierId}/settle"] = [Capability.FinanceWrite],
        ["POST /api/v1/finance/payments/{paymentId}/refunds"] = [Capability.FinanceWrite],
        ["POST /api/v1/finance/settlements/{month}/{supplierId}/payouts"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/partner-orders"] = [Capability.FinanceRead],
        ["POST /api/v1/auth/login"] = Public,
        ["POST /api/v1/auth/refresh"] = Public,
        ["GET /api/v1/catalog/regions"] = Public,
        ["GET /api/v1/catalog/categories"] = Public,
        ["GET /api/v1/catalog/search"] = Public,
        ["GET /api/v1/catalog/suggest"] = Public,
        ["GET /api/v1/catalog/products/{id}"] = Public,
        ["POST /api/v1/admin/search/reindex"] = [Capability.Administer],
        ["GET /api/v1/admin/search/status"] = [Capability.Administer],
        ["POST /api/v1/admin/search/dead-letters/retry"] = [Capability.Administer],
        ["POST /api/v1/admin/suppliers"] = [Capability.Administer],
        ["GET /api/v1/admin/suppliers"] = [Capability.Administer],
        ["GET /api/v1/admin/suppliers/{id}"] = [Capability.Administer],
        ["PUT /api/v1/admin/suppliers/{id}"] = [Capability.Administer],
        ["POST /api/v1/admin/unions"] = [Capability.Administer],
        ["GET /api/v1/admin/unions"] = [Capability.Administer],
        ["GET /api/v1/admin/unions/{id}"] = [Capability.Administer],
        ["PUT /api/v1/admin/unions/{id}"] = [Capability.Administer],
        ["POST /api/v1/admin/users"] = [Capability.Administer],
        ["GET /api/v1/admin/users"] = [Capability.Administer],
        ["GET /api/v1/admin/users/{id}"] = [Capability.Administer],
        ["PUT /api/v1/admin/users/{id}"] = [Capability.Administer],
        ["GET /api/v1/supplier/products"] = [Capability.Supply, Capability.Administer],
        ["POST /api/v1/supplier/products"] = [Capability.Supply],
        ["GET /api/v1/supplier/products/{id}"] = [Capability.Supply, Capability.Administer],
        ["PUT /api/v1/supplier/products/{id}"] = [Capability.Supply, Capability.Administer],
        ["POST /api/v1/supplier/products/{id}/submit"] = [Capability.Supply, Capability.Administer],
        ["POST /api/v1/supplier/products/{id}/unlist"] = [Capability.Supply, Capability.Administer],
        ["POST /api/v1/supplier/stock-imports"] = [Capability.Supply],
        ["GET /api/v1/supplier/stock-imports/template"] = [Capability.Supply],
        ["POST /api/v1/supplier/products/{id}/images"] = [Capability.Supply, Capability.Administer],
        ["DELETE /api/v1/supplier/products/{id}/images/{imageId}"] = [Capability.Supply, Capability.Administer],
        ["POST /api/v1/supplier/products/{id}/images/{imageId}/cover"] = [Capability.Supply, Capability.Administer],
        ["GET /api/v1/supplier/notices"] = [Capability.Supply],
        ["POST /api/v1/supplier/notices/read"] = [Capability.Supply],
        ["GET /api/v1/admin/products/pending"] = [Capability.Administer],
        ["GET /api/v1/admin/products/{id}"] = [Capability.Administer],
        ["POST /api/v1/admin/products/{id}/approve"] = [Capability.Administer],
        ["POST /api/v1/admin/products/{id}/reject"] = [Capability.Administer],
        ["POST /api/v1/orders"] = [Capability.Purchase],
        ["GET /api/v1/orders"] = [Capability.ListOrders],
        ["GET /api/v1/orders/budget"] = [Capability.ReadUnion],
        ["GET /api/v1/orders/recipients-template"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}"] = [Capability.ReadOrder],
        ["PUT /api/v1/orders/{id}/recipients"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/recipients"] = [Capability.ReadOrder],
        ["POST /api/v1/orders/{id}/recipients/preview"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/export"] = [Capability.ReadOrder],
        ["GET /api/v1/orders/{id}/sign-off-sheet"] = [Capability.ReadOrder],
        ["GET /api/v1/union/invoice-profile"] = [Capability.ReadUnion],
        ["PUT /api/v1/union/invoice-profile"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/invoice-request"] = [Capability.ReadOrder],
        ["PUT /api/v1/orders/{id}/invoice-request"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/invoices"] = [Capability.ReadOrder],
        ["POST /api/v1/orders/{id}/acceptance"] = [Capability.Purchase],
        ["GET /api/v1/invoices/{id}/documents/{documentId}"] = [Capability.ReadOrder, Capability.Supply],
        ["GET /api/v1/supplier/invoices"] = [Capability.Supply],
        ["GET /api/v1/supplier/invoices/{id}"] = [Capability.Supply],
        ["POST /api/v1/supplier/invoices/{id}/issue"] = [Capability.Supply],
        ["POST /api/v1/supplier/invoices/{id}/red"] = [Capability.Supply],
        ["GET /api/v1/finance/invoices"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/invoices/export"] = [Capability.FinanceRead],
        ["POST /api/v1/orders/{id}/submit"] = [Capability.Purchase],
        ["POST /api/v1/orders/{id}/approve"] = [Capability.Approve],
        ["POST /api/v1/orders/{id}/reject"] = [Capability.Approve],
        ["POST /api/v1/orders/{id}/cancel"] = [Capability.Purchase],
        ["POST /api/v1/orders/{id}/reorder"] = [Capability.Purchase],
        // Drafts and decisions (#21).
        ["PUT /api/v1/orders/{id}/lines"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/decision-facts"] = [Capability.Approve],
        ["GET /api/v1/purchase-list"] = [Capability.Purchase],
        ["POST /api/v1/purchase-list/items"] = [Capability.Purchase],
        ["PUT /api/v1/purchase-list/items/{skuId}"] = [Capability.Purchase],
        ["DELETE /api/v1/purchase-list/items/{skuId}"] = [Capability.Purchase],
        // Issue #21: the package builder's stock check.
        ["POST /api/v1/purchase-list/stock-check"] = [Capability.Purchase],
        ["POST /api/v1/orders/{id}/payments"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/payments"] = [Capability.ReadOrder],
        ["POST /api/v1/orders/{id}/payments/checkout"] = [Capability.Purchase],
        // Notifications and bank-transfer paperwork (issue #21).
        ["GET /api/v1/notifications"] = [Capability.ReadOrder, Capability.Supply],
        ["POST /api/v1/notifications/read"] = [Capability.ReadOrder, Capability.Supply],
        ["GET /api/v1/orders/{id}/payment-notice"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/payment-notice.xlsx"] = [Capability.Purchase],
        ["POST /api/v1/orders/{id}/payments/receipt"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/payments/receipt"] = [Capability.ReadOrder],
        ["POST /api/v1/finance/orders/{id}/bank-transfer-confirmations"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/bank-transfers"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/flagged-payments"] = [Capability.FinanceRead],
        ["POST /api/v1/finance/payments/{paymentId}/resolution"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/payments"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/ledger/trial-balance"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/ledger/trial-balance/export"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/ledger/entries"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/ledger/entries/export"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/ledger/orders/{orderId}"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/ledger/breaks"] = [Capability.FinanceRead],
        ["POST /api/v1/finance/ledger/checks"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/payments/export"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/refunds"] = [Capability.FinanceRead],
        ["POST /api/v1/finance/refunds/{refundId}/completion"] = [Capability.FinanceWrite],
        ["POST /api/v1/finance/refunds/{refundId}/retry"] = [Capability.FinanceWrite],
        ["GET /api/v1/orders/{id}/shipments"] = [Capability.ReadOrder],
        ["GET /api/v1/orders/{id}/fulfilment"] = [Capability.ReadOrder],
        ["POST /api/v1/orders/{id}/shipments/{shipmentId}/delivery"] = [Capability.Purchase],
        ["POST /api/v1/orders/{id}/complete"] = [Capability.Purchase],
        ["POST /api/v1/orders/{id}/after-sales"] = [Capability.Purchase],
        ["GET /api/v1/orders/{id}/after-sales"] = [Capability.ReadOrder],
        ["GET /api/v1/supplier/after-sales"] = [Capability.Supply],
        ["POST /api/v1/supplier/after-sales/{caseId}/resend"] = [Capability.Supply],
        ["POST /api/v1/supplier/after-sales/{caseId}/refund"] = [Capability.Supply],
        ["GET /api/v1/supplier/shipments"] = [Capability.Supply],
        ["GET /api/v1/supplier/shipments/packing-list"] = [Capability.Supply],
        ["POST /api/v1/supplier/shipments/tracking"] = [Capability.Supply],
        ["GET /api/v1/settlements/{month}"] = [Capability.FinanceRead, Capability.Supply],
        ["GET /api/v1/settlements/{month}/{supplierId}/export"] = [Capability.FinanceRead, Capability.Supply],
        ["GET /api/v1/settlements/{month}/{supplierId}/payouts"] = [Capability.FinanceRead, Capability.Supply],
        ["POST /api/v1/partners/{code}/orders"] = Public,
        ["POST /api/v1/partners/{code}/orders/{partnerOrderNo}/refunds"] = Public,
        ["POST /api/v1/finance/reconciliation/statements"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/reconciliation/statements"] = [Capability.FinanceRead],
        ["POST /api/v1/finance/reconciliation/runs"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/reconciliation/runs"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/reconciliation/runs/{id}"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/reconciliation/runs/{id}/items"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/reconciliation/runs/{id}/carried"] = [Capability.FinanceRead],
        ["GET /api/v1/finance/reconciliation/runs/{id}/export"] = [Capability.FinanceRead],
        ["POST /api/v1/finance/reconciliation/items/{itemId}/resolution"] = [Capability.FinanceWrite],
        ["GET /api/v1/finance/reconciliation/days"] = [Capability.FinanceRead],
        // The federation's report (#23).
        ["GET /api/v1/union/report"] = [Capability.ReadUnion, Capability.FinanceRead],
        ["GET /api/v1/union/report/export"] = [Capability.ReadUnion, Capability.FinanceRead],
        ["GET /api/v1/union/report/counties/{countyCode}/products"] = [Capability.ReadUnion, Capability.FinanceRead],
        ["GET /api/v1/union/targets/{year}"] = [Capability.ReadUnion],
        ["PUT /api/v1/union/targets/{year}"] = [Capability.Approve],
        ["GET /api/v1/admin/unions/{id}/targets/{year}"] = [Capability.Administer],
        ["PUT /api/v1/admin/unions/{id}/targets/{year}"] = [Capability.Administer],
        ["POST /api/v1/admin/reports/rebuild"] = [Capability.Administer],
        ["GET /api/v1/finance/partner-buyers/unmatched"] = [Capability.FinanceRead],
        ["POST /api/v1/finance/partner-buyers/match"] = [Capability.FinanceWrite],
    };

    [Fact]
    public async Task Every_operation_answers_each_role_as_its_declared_capabilities_say()
    {
        var callers = await CallersAsync();
        var failures = new List<string>();
        var operations = await OperationsAsync();
        foreach (var (key, path, method, multipart) in operations)
        {
            if (!Declared.TryGetValue(key, out var needs))
            {
                failures.Add($"{key}: no row in AccessTests.Declared");
                continue;
            }
            foreach (var (role, client) in callers)
            {
                var status = (int)(await client.SendAsync(Request(method, Fill(path, _ => null), multipart))).StatusCode;
                var refused = status is 401 or 403;
                var shouldPass = needs.Length == 0 || (role is not null && needs.Any(c => Access.ByRole[role].Contains(c)));
                var expected = shouldPass ? "not 401/403" : role is null ? "401" : "403";
                if (shouldPass == refused || (!shouldPass && status != (role is null ? 401 : 403)))
                {
                    failures.Add($"{key} as {role ?? "anonymous"}: {status}, expected {expected}");
                }
            }
        }
        Assert.True(operations.Count > 90, $"only {operations.Count} operations found");
        Assert.Empty(Declared.Keys.Except(operations.Select(o => o.Key)));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Another_tenants_order_and_listing_answer_404()
    {
        var unionA = await OrderingScenario.CreateAsync(app);
        var sku = (await unionA.PublishAsync((12m, 100)))[0];
        var orderId = await unionA.ReadyAsync([(sku, 1)], OrderingScenario.Rows(1));
        var product = (await unionA.Supplier.CreateAsync(SupplierScenario.Product("兰州百合", SupplierScenario.Code()))).GetProperty("id").GetGuid();
        var unionB = await OrderingScenario.CreateAsync(app);
        var failures = new List<string>();
        foreach (var (key, path, method, multipart) in await OperationsAsync())
        {
            var template = key[(key.IndexOf(' ') + 1)..];
            var (ids, client) = template.StartsWith("/api/v1/orders/{id}", StringComparison.Ordinal) ? (orderId, unionB.Approver)
                : template.StartsWith("/api/v1/supplier/products/{id}", StringComparison.Ordinal) ? (product, unionB.Supplier.Client)
                : (Guid.Empty, null!);
            if (client is null)
            {
                continue;
            }
            var response = await client.SendAsync(Request(method, Fill(path, name => name == "id" ? ids.ToString() : null), multipart));
            var body = await response.Content.ReadAsStringAsync();
            // Reads must look exactly like a wrong id; writes may also be refused as invalid before anything is looked up, never done.
            var fine = response.StatusCode == HttpStatusCode.NotFound
                || (method != HttpMethod.Get && response.StatusCode == HttpStatusCode.BadRequest && body.Contains("urn:procurement:problem:validation", StringComparison.Ordinal));
            if (!fine)
            {
                failures.Add($"{key} with another tenant's id: {(int)response.StatusCode}");
            }
        }
        Assert.Empty(failures);
        Assert.Equal(HttpStatusCode.OK, (await unionA.Approver.GetAsync($"/api/v1/orders/{orderId}")).StatusCode);
    }

    [Fact]
    public void Every_endpoint_is_public_or_guarded_by_capabilities_only()
    {
        // The download links the portals use are not in the OpenAPI document; they are checked here by their metadata.
        var problems = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => (e, a)))
            .Where(x => x.a.Roles is not null || x.a.Policy is null || Policies.Parse(x.a.Policy) is null)
            .Select(x => $"{x.e.RoutePattern.RawText}: {x.a.Policy ?? x.a.Roles ?? "[Authorize]"}")
            .Distinct().ToList();
        Assert.Empty(problems);
        var guarded = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal) && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any())
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.Empty(guarded);
    }

    private async Task<List<(string? Role, HttpClient Client)>> CallersAsync()
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        return
        [
            (null, app.CreateClient()),
            (Roles.Admin, await app.AdminClientAsync()),
            (Roles.Purchaser, ordering.Purchaser),
            (Roles.Approver, ordering.Approver),
            (Roles.Finance, await ordering.FinanceAsync()),
            (Roles.Supplier, ordering.Supplier.Client),
        ];
    }

    private async Task<List<(string Key, string Path, HttpMethod Method, bool Multipart)>> OperationsAsync()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = new List<(string, string, HttpMethod, bool)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var multipart = operation.Value.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("multipart/form-data", out _);
                operations.Add(($"{operation.Name.ToUpperInvariant()} {path.Name}", FillTemplate(path.Name, operation.Value), new HttpMethod(operation.Name.ToUpperInvariant()), multipart));
            }
        }
        return operations;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, bool multipart)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = multipart ? new MultipartFormDataContent() : JsonContent.Create(new { });
        }
        return request;
    }

    /// <summary>Marks each path parameter with its kind (<c>{id:uuid}</c>), so <see cref="Fill"/> can put a value of that kind in.</summary>
    private static string FillTemplate(string path, JsonElement operation)
    {
        if (!operation.TryGetProperty("parameters", out var parameters))
        {
            return path;
        }
        foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = parameter.GetProperty("schema");
            var kind = schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" ? "uuid"
                : schema.TryGetProperty("type", out var type) && type.ToString().Contains("integer", StringComparison.Ordinal) ? "int" : "text";
            path = path.Replace("{" + name + "}", "{" + name + ":" + kind + "}", StringComparison.Ordinal);
        }
        return path;
    }

    private static string Fill(string template, Func<string, string?> given) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+):(\w+)\}", m => given(m.Groups[1].Value) ?? m.Groups[2].Value switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "int" => "987654321",
            _ => m.Groups[1].Value switch { "month" => "2026-01", "format" => "csv", "code" => "P832", _ => "X1" },
        });
}
