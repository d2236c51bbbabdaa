using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;
using Procurement.Web.Auth;
using Procurement.Web.Components.Ordering;
using Procurement.Web.Platform;

namespace Procurement.ComponentTests.Ordering;

/// <summary>The builder's stock warnings (issue #21): every short line, its alternatives, the count that fits, and the parcels the package becomes.</summary>
public class StockWarningsTests : ComponentTestContext
{
    private static readonly Guid Lily = Guid.NewGuid(), Apple = Guid.NewGuid(), Pear = Guid.NewGuid();
    private static readonly Guid LilyCoop = Guid.NewGuid(), AppleCoop = Guid.NewGuid(), PearCoop = Guid.NewGuid();

    private static StockedSku Sku(Guid id, string code, string name, decimal price, int available, Guid supplier, string supplierName) =>
        new(id, code, "5kg", Guid.NewGuid(), name, "fresh-produce", supplier, supplierName, price, available, true);

    private static readonly StockedSku[] Catalog =
    [
        Sku(Lily, "GS620103-0001-1", "兰州百合 鲜百合", 39.90m, 200, LilyCoop, "兰州七里河百合种植农民专业合作社"),
        Sku(Apple, "GS620826-0067-1", "静宁苹果", 65m, 4_168, AppleCoop, "静宁县苹果产业专业合作社"),
        Sku(Pear, "GS620423-0035-1", "景泰条山梨", 45m, 4_858, PearCoop, "景泰县条山农产品专业合作社"),
    ];

    private readonly List<StockSwap> _swaps = [];
    private readonly List<int> _fits = [];

    public StockWarningsTests()
        : base(services =>
        {
            services.AddHttpContextAccessor();
            services.AddScoped<CurrentUser>();
            services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
            services.AddScoped<IPurchaseListStore>(_ => new CatalogStore());
            services.AddScoped<StockCheck>();
            services.AddScoped<Operations>();
        })
    {
        var purchaser = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, Roles.Purchaser),
                new Claim(Procurement.Infrastructure.Users.ProcurementClaims.UnionId, Guid.NewGuid().ToString())], "test"));
        Context.Services.GetRequiredService<CurrentUser>().CircuitPrincipal = purchaser;
    }

    private IRenderedComponent<StockWarnings> Warnings(int packages, params (Guid Sku, int PerPackage)[] lines) =>
        Render<StockWarnings>(p => p
            .Add(x => x.Packages, packages)
            .Add(x => x.Lines, lines.Select(l => new StockCheckLineRequest(l.Sku, l.PerPackage)).ToList())
            .Add(x => x.DebounceMilliseconds, 0)
            .Add(x => x.OnReplace, swap => _swaps.Add(swap))
            .Add(x => x.OnFitPackages, fits => _fits.Add(fits)));

    [Fact]
    public void A_short_line_shows_what_fits_its_alternative_and_the_parcels()
    {
        var warnings = Warnings(3_000, (Lily, 1), (Apple, 1));
        warnings.WaitForAssertion(() => Assert.Single(warnings.FindAll("#stock-shortages .stock-shortage")));

        var shortage = warnings.Find(".stock-shortage");
        Assert.Contains("GS620103-0001-1", shortage.TextContent);
        Assert.Contains("最多可做 200 份", shortage.TextContent);
        Assert.Contains("景泰条山梨", shortage.QuerySelector(".stock-alternative")!.TextContent);
        Assert.Contains("3,000 份 × 2 家供应商 = 最多 6,000 个包裹", warnings.Find("#parcels-explained").TextContent);

        warnings.Find(".use-alternative").Click();
        Assert.Equal([new StockSwap(Lily, Pear)], _swaps);
        warnings.Find("#fit-packages").Click();
        Assert.Equal([200], _fits);
    }

    [Fact]
    public void A_package_in_stock_says_so_and_offers_nothing_to_swap()
    {
        var warnings = Warnings(3_000, (Apple, 1), (Pear, 1));
        warnings.WaitForAssertion(() => Assert.NotNull(warnings.Find("#stock-ok")));
        Assert.Empty(warnings.FindAll("#stock-shortages"));
        Assert.Contains("最多 6,000 个包裹", warnings.Find("#parcels-explained").TextContent);
    }

    [Fact]
    public void On_a_draft_page_a_short_line_is_shown_read_only()
    {
        // How the draft order page uses it: no callbacks, no parcels; 10 packages of 30 lilies need 300 of the 200 there are.
        var warnings = Render<StockWarnings>(p => p
            .Add(x => x.Packages, 10)
            .Add(x => x.Lines, [new StockCheckLineRequest(Lily, 30), new StockCheckLineRequest(Apple, 1)])
            .Add(x => x.DebounceMilliseconds, 0)
            .Add(x => x.ShowParcels, false));
        warnings.WaitForAssertion(() => Assert.Single(warnings.FindAll("#stock-shortages .stock-shortage")));

        Assert.Contains("GS620103-0001-1", warnings.Find(".stock-shortage").TextContent);
        Assert.NotEmpty(warnings.FindAll(".stock-alternative"));
        Assert.Empty(warnings.FindAll(".use-alternative"));
        Assert.Empty(warnings.FindAll("#fit-packages"));
        Assert.Empty(warnings.FindAll("#parcels-explained"));
    }

    /// <summary>The catalog above as the store reads it (the rule and the use case are the real ones).</summary>
    private sealed class CatalogStore : IPurchaseListStore
    {
        public Task<IReadOnlyDictionary<Guid, StockedSku>> StockAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<Guid, StockedSku>>(Catalog.Where(s => skuIds.Contains(s.SkuId)).ToDictionary(s => s.SkuId));

        public Task<IReadOnlyList<StockedSku>> CandidatesAsync(IReadOnlyCollection<string> categories, decimal minPrice, decimal maxPrice, int minAvailable,
            IReadOnlyCollection<Guid> except, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StockedSku>>(Catalog.Where(s => categories.Contains(s.CategoryCode) && s.Price >= minPrice && s.Price <= maxPrice
                && s.Available >= minAvailable && !except.Contains(s.SkuId)).Take(max).ToList());

        public Task<IReadOnlyList<PurchaseListItem>> ItemsAsync(Guid userId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PurchaseListItem>>([]);

        public Task<PurchaseListItem?> FindAsync(Guid userId, Guid skuId, CancellationToken cancellationToken) => Task.FromResult<PurchaseListItem?>(null);

        public void Add(PurchaseListItem item) => throw new NotSupportedException();

        public void Remove(PurchaseListItem item) => throw new NotSupportedException();

        public Task<IReadOnlyList<PurchaseListLine>> LinesAsync(IReadOnlyList<PurchaseListItem> items, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PurchaseListLine>>([]);

        public Task<Guid?> DefaultSkuAsync(Guid productId, CancellationToken cancellationToken) => Task.FromResult<Guid?>(null);
    }
}
