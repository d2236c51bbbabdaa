using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Web.Auth;
using Procurement.Web.Components.Ordering;
using Procurement.Web.Platform;

namespace Procurement.ComponentTests.Gifts;

/// <summary>
/// The package builder's "let members choose" (#24): the lines table and summary show what the server charges for a
/// choice order (each option line at the SKU's price for its per-package quantity, never the whole order's tier), a
/// line may be in several options or none, and an option the server refuses is named on the page. The page runs the
/// real <see cref="OrderDrafting"/> (validator and pricing) over SKUs with tier prices; only the stores are doubles.
/// </summary>
public class ChoiceBuilderTests : ComponentTestContext
{
    private const int Packages = 100; // the builder's default

    // Tiers that the whole order (100 packages) would reach but a package does not — and one (the lily's 2+) that a package does.
    private static readonly Sku Lily = new("GS620103-0001-1", "500g", 39.90m, 150, 1, [new TierPrice(2, 36.00m), new TierPrice(100, 30.00m)]);
    private static readonly Sku Apple = new("GS620826-0067-1", "5kg", 65.00m, 5_000, 1, [new TierPrice(50, 55.00m)]);
    private static readonly Sku Pepper = new("GS620503-0012-1", "250g", 28.80m, 5_000, 1, [new TierPrice(5, 25.50m), new TierPrice(200, 20.00m)]);
    private static readonly Sku Beef = new("GS623000-0005-1", "牦牛肉干 500g", 88.00m, 5_000, 500, []);

    private static readonly (Sku Sku, string Name, int PerPackage)[] List =
    [
        (Lily, "兰州百合礼盒", 2), (Apple, "静宁苹果", 1), (Pepper, "武都花椒", 5), (Beef, "牦牛肉干", 1),
    ];

    public ChoiceBuilderTests()
        : base(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
            services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
            services.AddScoped<IPurchaseListStore>(_ => new ListStore());
            services.AddScoped<IUnitOfWork>(_ => Fake<IUnitOfWork>.Of(("CommitAsync", _ => Task.FromResult<Error?>(null))));
            services.AddScoped(_ => Fake<IRecipientStore>.Of());
            services.AddScoped(_ => Fake<IOrderSheets>.Of());
            services.AddScoped(_ => Fake<IUnionStore>.Of(("FindAsync", _ => Task.FromResult<Union?>(null))));
            services.AddSingleton(new OrderingOptions());
            services.AddScoped<PurchaseLists>();
            services.AddScoped<StockCheck>();
            services.AddScoped<OrderQueries>();
            services.AddScoped<OrderDrafting>();
            // What the real OrderDrafting stages: the drafted orders, as it made and priced them.
            services.AddSingleton<List<Order>>();
            services.AddScoped(sp => Fake<IOrderStore>.Of(
                ("OrderableSkusAsync", args => Task.FromResult<IReadOnlyDictionary<Guid, OrderableSku>>(List
                    .Where(l => ((IReadOnlyCollection<Guid>)args[0]!).Contains(l.Sku.Id))
                    .ToDictionary(l => l.Sku.Id, l => new OrderableSku(l.Sku, l.Name, "620100", false)))),
                ("FindKeyAsync", _ => Task.FromResult<OrderIdempotencyKey?>(null)),
                ("NextNumberAsync", _ => Task.FromResult("PO20261203-0001")),
                ("Add", args => { sp.GetRequiredService<List<Order>>().Add((Order)args[0]!); return null; }),
                ("AddKey", _ => null),
                ("UserNamesAsync", _ => Task.FromResult<IReadOnlyDictionary<Guid, string>>(new Dictionary<Guid, string>()))));
        })
    {
        var purchaser = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, Roles.Purchaser),
                new Claim(Procurement.Infrastructure.Users.ProcurementClaims.UnionId, Guid.NewGuid().ToString())], "test"));
        Context.Services.GetRequiredService<CurrentUser>().CircuitPrincipal = purchaser;
    }

    private List<Order> Drafted => Context.Services.GetRequiredService<List<Order>>();

    private IRenderedComponent<PackageBuilder> Builder()
    {
        var builder = Render<PackageBuilder>();
        builder.WaitForAssertion(() => Assert.Equal(List.Length, builder.FindAll("#package-lines tbody tr").Count));
        // A standard order's stock check first (150 lilies cannot fill 100 packages of 2): its answer re-renders the page.
        builder.WaitForAssertion(() => Assert.Contains("GS620103-0001-1", builder.Find("#stock-shortages").TextContent), TimeSpan.FromSeconds(10));
        return builder;
    }

    private static string Cell(IRenderedComponent<PackageBuilder> builder, int row, string cell) =>
        builder.FindAll("#package-lines tbody tr")[row].QuerySelector(cell)!.TextContent;

    private static void Tick(IRenderedComponent<PackageBuilder> builder, int option, int line, bool ticked)
    {
        Input(builder, $"#choice-option-{option} #choice-line-{option}-{line}").Change(ticked);
        builder.WaitForAssertion(() => Assert.Equal(ticked, Input(builder, $"#choice-line-{option}-{line}").HasAttribute("checked")));
    }

    private static void Choose(IRenderedComponent<PackageBuilder> builder)
    {
        Input(builder, "#choice-enabled").Change(true);
        builder.WaitForElement($"#choice-option-{List.Length - 1}");
    }

    /// <summary>The input MudBlazor renders for an id (on the input itself, or on its wrapper).</summary>
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<PackageBuilder> builder, string selector) =>
        builder.Find(selector) is { TagName: "INPUT" } input ? input : builder.Find($"{selector} input");

    [Fact]
    public void With_choice_on_the_lines_show_per_package_prices_and_the_summary_is_what_the_server_drafts()
    {
        var builder = Builder();
        // A standard order: the whole order's quantity reaches the lily's 100+ tier.
        Assert.Contains("¥30.00", Cell(builder, 0, ".line-unit-price"));
        Assert.Contains("200", Cell(builder, 0, ".line-quantity"));

        Choose(builder);
        // Four lines, four options, each line in one; then the pepper also goes with the apple (option 2) and the beef (option 4).
        Tick(builder, 1, 2, true);
        Tick(builder, 3, 2, true);

        // The lily: 2 per package reaches the 2+ tier (36.00), never the whole order's 30.00; the amount is one package's.
        Assert.Contains("¥36.00", Cell(builder, 0, ".line-unit-price"));
        Assert.Contains("阶梯价", Cell(builder, 0, ".line-unit-price"));
        Assert.Contains("¥72.00", Cell(builder, 0, ".line-amount"));
        Assert.Contains("每人 2，最多 200", Cell(builder, 0, ".line-quantity"));
        // The apple: 1 per package is the base price; the whole order's 55.00 tier does not apply to a choice.
        Assert.Contains("¥65.00", Cell(builder, 1, ".line-unit-price"));
        Assert.DoesNotContain("阶梯价", Cell(builder, 1, ".line-unit-price"));
        // The pepper, in three options: 5 per package at 25.50.
        Assert.Contains("¥127.50", Cell(builder, 2, ".line-amount"));
        Assert.Contains("兰州百合礼盒", Cell(builder, 0, ".line-quantity"));
        Assert.Contains("静宁苹果 / 武都花椒 / 牦牛肉干", Cell(builder, 2, ".line-quantity"));
        // The beef's minimum order (500) is not checked for option lines, by the server or here.
        Assert.DoesNotContain("起订量", builder.Find("#package-lines").TextContent);
        // 150 lilies fill 75 members' packages, not 100: said on the line and on its option (the default).
        Assert.Contains("库存 150：最多够 75 位职工", Cell(builder, 0, "td"));
        Assert.Contains("默认礼包的库存只够 75 份（共 100 份）", builder.Find("#choice-option-0").TextContent);

        Assert.Contains("¥192.50", builder.Find("#choice-value-1").TextContent); // 65.00 + 127.50
        Assert.Contains("¥215.50", builder.Find("#choice-value-3").TextContent); // 88.00 + 127.50
        var perMember = builder.Find("#package-value").TextContent.Trim();
        var total = builder.Find("#order-total").TextContent.Trim();
        Assert.Equal("¥215.50", perMember);
        Assert.Equal("¥21,550.00", total);

        builder.Find("#create-order").Click();
        var order = Assert.Single(Drafted);
        Assert.Equal(OrderMode.Choice, order.Mode);
        Assert.Equal([1, 2, 1, 2], order.Options.Select(o => o.Lines.Count));
        Assert.Equal([Pepper.Id], order.Options[1].Lines.Select(l => l.SkuId).Intersect(order.Options[3].Lines.Select(l => l.SkuId)));
        Assert.Equal(36.00m, order.Options[0].Lines[0].UnitPrice);
        Assert.Equal(perMember, Money.Display(order.PackageValue));
        Assert.Equal(order.Options.Select(o => Money.Display(o.PackageValue)),
            Enumerable.Range(0, 4).Select(i => builder.Find($"#choice-value-{i}").TextContent.Replace("每份", "").Trim()));
        Assert.True(order.PackInto(Packages, Packages).Succeeded);
        Assert.Equal(total, Money.Display(order.Total));
    }

    [Fact]
    public void A_line_can_leave_every_option_and_an_empty_option_is_named_with_the_servers_error()
    {
        var builder = Builder();
        Choose(builder);
        Tick(builder, 1, 2, true);
        Tick(builder, 2, 2, false);

        // The pepper left option 3 but stays in option 2.
        Assert.Contains("这个礼包还没有商品", builder.Find("#choice-option-2").TextContent);
        Assert.EndsWith("在：静宁苹果", Cell(builder, 2, ".line-quantity").Trim());

        // The beef in no option: said on its line, not ordered.
        Tick(builder, 3, 3, false);
        Assert.Contains("不在任何礼包中", Cell(builder, 3, "td"));

        builder.Find("#create-order").Click();
        Assert.Empty(Drafted);
        var error = builder.Find("#create-error").TextContent;
        Assert.Contains("礼包 3「武都花椒」：每个选项至少要有一种商品。", error);
        Assert.Contains("礼包 4「牦牛肉干」：每个选项至少要有一种商品。", error);
        Assert.Contains("每个选项至少要有一种商品。", builder.Find("#choice-option-2 .choice-option-error").TextContent);
        Assert.Empty(builder.FindAll("#choice-option-1 .choice-option-error"));

        // Ticking the pepper back into option 3 and the beef into option 4 makes an order without it elsewhere.
        Tick(builder, 2, 2, true);
        Tick(builder, 3, 3, true);
        Assert.Empty(builder.FindAll("#create-error"));
        builder.Find("#create-order").Click();
        var order = Assert.Single(Drafted);
        Assert.Equal([[Lily.Id], [Apple.Id, Pepper.Id], [Pepper.Id], [Beef.Id]], order.Options.Select(o => o.Lines.Select(l => l.SkuId).ToArray()));
    }

    /// <summary>The purchase list above, each line as the store reads it from its SKU.</summary>
    private sealed class ListStore : IPurchaseListStore
    {
        public Task<IReadOnlyList<PurchaseListItem>> ItemsAsync(Guid userId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PurchaseListItem>>(List.Select(l => new PurchaseListItem(userId, l.Sku.Id, l.PerPackage, DateTimeOffset.UtcNow)).ToList());

        public Task<IReadOnlyList<PurchaseListLine>> LinesAsync(IReadOnlyList<PurchaseListItem> items, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PurchaseListLine>>(items.Select(i => List.Single(l => l.Sku.Id == i.SkuId)).Select(l => new PurchaseListLine(
                l.Sku.Id, l.Sku.Code, l.Sku.Spec, Guid.NewGuid(), l.Name, l.PerPackage, l.Sku.Price, l.Sku.TierPrices, l.Sku.MinOrderQuantity, l.Sku.Available, false, true)).ToList());

        public Task<IReadOnlyDictionary<Guid, StockedSku>> StockAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<Guid, StockedSku>>(List.Where(l => skuIds.Contains(l.Sku.Id)).ToDictionary(l => l.Sku.Id,
                l => new StockedSku(l.Sku.Id, l.Sku.Code, l.Sku.Spec, Guid.NewGuid(), l.Name, "fresh-produce", Guid.Empty, "合作社", l.Sku.Price, l.Sku.Available, true)));

        public Task<IReadOnlyList<StockedSku>> CandidatesAsync(IReadOnlyCollection<string> categories, decimal minPrice, decimal maxPrice, int minAvailable,
            IReadOnlyCollection<Guid> except, int max, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<StockedSku>>([]);

        public Task<PurchaseListItem?> FindAsync(Guid userId, Guid skuId, CancellationToken cancellationToken) => Task.FromResult<PurchaseListItem?>(null);

        public void Add(PurchaseListItem item) => throw new NotSupportedException();

        // The list is cleared once the draft is made.
        public void Remove(PurchaseListItem item)
        {
        }

        public Task<Guid?> DefaultSkuAsync(Guid productId, CancellationToken cancellationToken) => Task.FromResult<Guid?>(null);
    }
}
