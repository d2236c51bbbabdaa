using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Sales;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Infrastructure.Seeding;

/// <summary>A demo login printed at start-up.</summary>
public sealed record DemoLogin(string Role, string Email, string Password, string Note);

/// <summary>
/// Loads the demo catalog, unions and one user per role (<c>Seed:Demo</c>). Runs once: a database that already
/// has suppliers is left alone, so restarting keeps whatever the demo user changed.
/// </summary>
public sealed class DemoSeeder(ProcurementDbContext db, IUserAccounts accounts, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "Longpin@2026";

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new(Roles.Admin, "admin@demo.longpinhui.cn", DemoPassword, "运营：入驻、审核、索引、任务"),
        new(Roles.Purchaser, "purchaser@demo.longpinhui.cn", DemoPassword, "南京紫金软件有限公司工会 采购员"),
        new(Roles.Approver, "approver@demo.longpinhui.cn", DemoPassword, "南京紫金软件有限公司工会 审批人"),
        new(Roles.Finance, "finance@demo.longpinhui.cn", DemoPassword, "平台财务"),
        new(Roles.Supplier, "supplier@demo.longpinhui.cn", DemoPassword, "兰州七里河百合种植农民专业合作社"),
    ];

    /// <summary>Suppliers, products and unions, in one transaction; false when the database already had data.</summary>
    public async Task<bool> SeedCatalogAsync(CancellationToken cancellationToken)
    {
        if (await db.Suppliers.AnyAsync(cancellationToken))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var suppliers = DemoCatalog.Suppliers
            .Select((s, i) => new Supplier(s.Name, DemoUscc.Make(s.Cooperative ? "93" : "91", s.CountyCode, i + 1), s.CountyCode,
                s.Contact, s.Phone, now))
            .ToList();
        db.Suppliers.AddRange(suppliers);
        var products = DemoCatalog.Products.SelectMany((p, i) => MakeProducts(p, i, suppliers, now)).ToList();
        db.Products.AddRange(products);
        db.SalesDays.AddRange(SalesHistory(products, BusinessDate.Today(clock)));

        AddUnions(now);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo data: {Suppliers} suppliers, {Products} products", suppliers.Count, DemoCatalog.Products.Length * 2);
        return true;
    }

    /// <summary>
    /// One account per role. Separate from the catalog so that start-up can hash these passwords while the search
    /// index is built: both are CPU work and the machine has two cores.
    /// </summary>
    public async Task SeedUsersAsync(CancellationToken cancellationToken)
    {
        var enterprise = await db.Unions.SingleAsync(u => u.Name == EnterpriseUnion, cancellationToken);
        var supplierUscc = DemoUscc.Make("93", DemoCatalog.Suppliers[0].CountyCode, 1);
        var supplier = await db.Suppliers.SingleAsync(s => s.Uscc == supplierUscc, cancellationToken);
        foreach (var login in Logins)
        {
            var result = await accounts.CreateAsync(new UserRequest
            {
                Email = login.Email,
                Password = login.Password,
                DisplayName = login.Role switch
                {
                    Roles.Admin => "陈运营",
                    Roles.Purchaser => "王采购",
                    Roles.Approver => "李审批",
                    Roles.Finance => "赵财务",
                    _ => "马永红",
                },
                Role = login.Role,
                UnionId = Roles.BelongsToUnion(login.Role) ? enterprise.Id : null,
                SupplierId = Roles.BelongsToSupplier(login.Role) ? supplier.Id : null,
            }, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {login.Email} could not be created: {result.Error!.Detail}");
            }
        }
        logger.LogInformation("Seeded {Users} demo users", Logins.Count);
    }

    private const string EnterpriseUnion = "南京紫金软件有限公司工会";

    private void AddUnions(DateTimeOffset now)
    {
        var year = Core.Common.BusinessDate.Of(now).Year;
        UnionRequest Request(string name, string province, string region, int serial, Guid? parent, int members, decimal cap, decimal threshold, decimal budget) => new()
        {
            Name = name,
            Uscc = DemoUscc.Make("81", region, 900 + serial),
            ProvinceCode = province,
            ParentId = parent,
            MemberCount = members,
            AnnualCapPerMember = cap,
            ApprovalThreshold = threshold,
            TargetCertifiedShare = 0.3m,
            Budgets = [new() { Year = year - 1, Amount = budget * 0.9m }, new() { Year = year, Amount = budget }],
        };
        var gansu = new Union(Request("甘肃省总工会", "620000", "620000", 1, null, 2_100_000, 1800m, 50_000m, 50_000_000m), now);
        var jiangsu = new Union(Request("江苏省总工会", "320000", "320000", 2, null, 12_500_000, 1800m, 100_000m, 200_000_000m), now);
        var nanjing = new Union(Request("南京市总工会", "320000", "320100", 3, jiangsu.Id, 1_600_000, 1800m, 50_000m, 30_000_000m), now);
        var enterprise = new Union(Request(EnterpriseUnion, "320000", "320115", 4, nanjing.Id, 1_200, 1500m, 20_000m, 1_200_000m), now);
        var suzhou = new Union(Request("苏州工业园区总工会", "320000", "320571", 5, jiangsu.Id, 800_000, 1800m, 50_000m, 20_000_000m), now);
        db.Unions.AddRange(gansu, jiangsu, nanjing, enterprise, suzhou);
    }

    private static IEnumerable<Product> MakeProducts(DemoCatalog.DemoProduct p, int index, List<Supplier> suppliers, DateTimeOffset now)
    {
        var supplier = suppliers[p.Supplier];
        var county = DemoCatalog.Suppliers[p.Supplier].CountyCode;
        // Every other line is certified; a few certificates lapse soon so the expiry warnings have something to show.
        Certificate? certificate = index % 2 == 0
            ? new Certificate($"GSXFBF-{now.Year}-{county}-{index + 1:D4}", "甘肃省乡村振兴局",
                new DateOnly(now.Year, 1, 1), index % 10 == 0 ? DateOnly.FromDateTime(now.UtcDateTime.AddDays(20)) : new DateOnly(now.Year + 1, 12, 31))
            : null;
        var description = $"<p>{p.Description}</p><p>产地：{Core.Common.Regions.Regions.NameOf(county)}，{supplier.Name}直供。</p>";
        var image = $"/img/categories/{p.Category}.svg";
        var packs = new[] { (Spec: p.SpecA, Price: p.PriceA, Name: p.Name), (Spec: p.SpecB, Price: p.PriceB, Name: $"{p.Name} {p.SpecB}") };
        for (var k = 0; k < packs.Length; k++)
        {
            var (spec, price, name) = packs[k];
            var serial = index * 2 + k;
            var code = $"GS{county}-{serial + 1:D4}";
            var skus = new[]
            {
                new Sku($"{code}-1", spec, price, 200 + (serial * 137 % 4800), 1, Tiers(price)),
                new Sku($"{code}-2", $"{spec}×2", Money.Round(price * 1.9m), 100 + (serial * 89 % 2400), 1, Tiers(Money.Round(price * 1.9m))),
            };
            var product = new Product(supplier.Id, name, p.Category, county, description, certificate, skus, now.AddDays(-serial));
            product.PublishReviewed(now.AddDays(-serial), serial * 53 % 3000, image);
            yield return product;
        }
    }

    /// <summary>
    /// A month of daily sales for the supplier dashboards, made up like the rest of the demo catalog: each product
    /// sells in proportion to its all-time count, more towards the weekend, and the same every time it is seeded.
    /// </summary>
    private static IEnumerable<SalesDay> SalesHistory(IEnumerable<Product> products, DateOnly today)
    {
        foreach (var (product, serial) in products.Select((p, i) => (p, i)).Where(x => x.p.SalesCount > 0))
        {
            var random = new Random(serial);
            var price = product.Skus.Min(s => s.Price);
            var typical = Math.Max(1, product.SalesCount / 150);
            for (var back = OverviewQuery.SalesDays - 1; back >= 0; back--)
            {
                var day = today.AddDays(-back);
                var units = random.Next(0, typical * (day.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday ? 3 : 2) + 1);
                if (units > 0)
                {
                    var row = new SalesDay(product.Id, product.SupplierId, day);
                    row.Add(units, price * units);
                    yield return row;
                }
            }
        }
    }

    /// <summary>Bulk discounts as unions see them: 5% off from 50 units, 10% off from 200.</summary>
    private static TierPrice[] Tiers(decimal price) =>
        [new(50, Money.Round(price * 0.95m)), new(200, Money.Round(price * 0.90m))];
}
