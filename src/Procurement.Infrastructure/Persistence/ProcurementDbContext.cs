using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Sales;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Persistence;

/// <summary>
/// The one context for every feature. Tenant-owned rows are filtered here, from <see cref="ICurrentUser"/>,
/// so a query written anywhere else cannot forget whose data it may see. The filters fail closed: a caller who is
/// neither signed in nor the explicit system identity matches no tenant's rows.
/// </summary>
public sealed class ProcurementDbContext(DbContextOptions<ProcurementDbContext> options, ICurrentUser currentUser, TimeProvider clock)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<Union> Unions => Set<Union>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Sku> Skus => Set<Sku>();
    public DbSet<Core.Notifications.Notification> Notifications => Set<Core.Notifications.Notification>();
    public DbSet<Notifications.NotificationMark> NotificationMarks => Set<Notifications.NotificationMark>();
    public DbSet<SalesDay> SalesDays => Set<SalesDay>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<Catalog.CatalogOutboxEntry> CatalogOutbox => Set<Catalog.CatalogOutboxEntry>();
    public DbSet<Catalog.CatalogDeadLetterEntry> CatalogDeadLetters => Set<Catalog.CatalogDeadLetterEntry>();
    public DbSet<Catalog.LeaseEntry> Leases => Set<Catalog.LeaseEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Core.Ordering.Order> Orders => Set<Core.Ordering.Order>();
    public DbSet<Core.Ordering.Recipient> Recipients => Set<Core.Ordering.Recipient>();
    public DbSet<Core.Ordering.OrderIdempotencyKey> OrderIdempotencyKeys => Set<Core.Ordering.OrderIdempotencyKey>();
    public DbSet<Core.Payments.Payment> Payments => Set<Core.Payments.Payment>();
    public DbSet<Core.Payments.Refund> Refunds => Set<Core.Payments.Refund>();
    public DbSet<Core.Fulfilment.Shipment> Shipments => Set<Core.Fulfilment.Shipment>();
    public DbSet<Core.Fulfilment.AfterSalesCase> AfterSalesCases => Set<Core.Fulfilment.AfterSalesCase>();
    public DbSet<Core.Settlement.SupplierSettlement> SupplierSettlements => Set<Core.Settlement.SupplierSettlement>();
    public DbSet<Core.Partners.PartnerOrder> PartnerOrders => Set<Core.Partners.PartnerOrder>();
    public DbSet<Core.Partners.PartnerStatement> PartnerStatements => Set<Core.Partners.PartnerStatement>();
    public DbSet<Core.Partners.StatementRow> StatementRows => Set<Core.Partners.StatementRow>();
    public DbSet<Core.Partners.ReconciliationRun> ReconciliationRuns => Set<Core.Partners.ReconciliationRun>();
    public DbSet<Core.Partners.ReconciliationItem> ReconciliationItems => Set<Core.Partners.ReconciliationItem>();
    public DbSet<Core.Ordering.PurchaseListItem> PurchaseListItems => Set<Core.Ordering.PurchaseListItem>();
    public DbSet<Ordering.OrderNumberCounter> OrderNumberCounters => Set<Ordering.OrderNumberCounter>();
    public DbSet<Ordering.UnionBudgetUsage> UnionBudgetUsages => Set<Ordering.UnionBudgetUsage>();
    public DbSet<Ordering.MemberWelfareUsage> MemberWelfareUsages => Set<Ordering.MemberWelfareUsage>();
    public DbSet<Core.Ledger.JournalEntry> JournalEntries => Set<Core.Ledger.JournalEntry>();
    public DbSet<Core.Ledger.JournalLine> JournalLines => Set<Core.Ledger.JournalLine>();
    public DbSet<Ledger.LedgerBalance> LedgerBalances => Set<Ledger.LedgerBalance>();
    public DbSet<Ledger.LedgerDay> LedgerDays => Set<Ledger.LedgerDay>();
    public DbSet<Core.Ledger.LedgerBreak> LedgerBreaks => Set<Core.Ledger.LedgerBreak>();
    public DbSet<Core.Ledger.LedgerCheckRun> LedgerCheckRuns => Set<Core.Ledger.LedgerCheckRun>();
    public DbSet<Core.Settlement.SupplierPayout> SupplierPayouts => Set<Core.Settlement.SupplierPayout>();
    public DbSet<Settlement.SettlementMonthLock> SettlementMonthLocks => Set<Settlement.SettlementMonthLock>();
    public DbSet<Core.Paperwork.Invoice> Invoices => Set<Core.Paperwork.Invoice>();
    public DbSet<Core.Paperwork.InvoiceDocument> InvoiceDocuments => Set<Core.Paperwork.InvoiceDocument>();
    public DbSet<Core.Paperwork.OrderInvoiceRequest> OrderInvoiceRequests => Set<Core.Paperwork.OrderInvoiceRequest>();
    public DbSet<Core.Paperwork.UnionInvoiceProfile> UnionInvoiceProfiles => Set<Core.Paperwork.UnionInvoiceProfile>();
    // The federation's report (#23).
    public DbSet<Core.Reporting.UnionTarget> UnionTargets => Set<Core.Reporting.UnionTarget>();
    public DbSet<Reporting.ReportDailyFigure> ReportDailyFigures => Set<Reporting.ReportDailyFigure>();
    public DbSet<Reporting.PartnerOrderCredit> PartnerOrderCredits => Set<Reporting.PartnerOrderCredit>();
    public DbSet<Reporting.PartnerBuyerMatch> PartnerBuyerMatches => Set<Reporting.PartnerBuyerMatch>();
    public DbSet<Core.Gifts.GiftCode> GiftCodes => Set<Core.Gifts.GiftCode>();
    public DbSet<Core.Gifts.MemberMessage> MemberMessages => Set<Core.Gifts.MemberMessage>();

    // Read by the query filters on every query, so they follow the caller of this context instance.
    private bool SeesAllTenants => currentUser.SeesAllTenants();
    private Guid? SupplierId => currentUser.SupplierId;
    private Guid? UnionId => currentUser.UnionId;

    // Platform finance confirms every union's transfers and reconciles every partner: it reads union-owned rows of
    // all unions (orders, payments), never a supplier's listings.
    private bool SeesAllUnions => currentUser.Can(Capability.FinanceRead);

    // Who reads finance's and the admins' notifications: the clerks who book money, the operators.
    private bool IsFinance => currentUser.Can(Capability.FinanceWrite);
    private bool IsAdmin => currentUser.UserId != null && currentUser.Can(Capability.Administer);
    private bool IsSystem => currentUser.IsSystem;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ProcurementDbContext).Assembly);

        // Supplier users see their own listings; buyers see listings through the catalog, never through this set.
        builder.Entity<Product>().HasQueryFilter(p => SeesAllTenants || p.SupplierId == SupplierId);
        builder.Entity<Sku>().HasQueryFilter(s => SeesAllTenants || s.SupplierId == SupplierId);
        // A notification is read by its own audience only (admins too see only the admins'; the system identity, which
        // has no bell, sees all): fails closed, since an anonymous caller belongs to no audience.
        builder.Entity<Core.Notifications.Notification>().HasQueryFilter(n =>
            (n.Audience == Core.Notifications.NotificationAudience.Union && UnionId != null && n.UnionId == UnionId)
            || (n.Audience == Core.Notifications.NotificationAudience.Supplier && SupplierId != null && n.SupplierId == SupplierId)
            || (n.Audience == Core.Notifications.NotificationAudience.Finance && IsFinance)
            || (n.Audience == Core.Notifications.NotificationAudience.Admin && IsAdmin)
            || IsSystem);
        builder.Entity<SalesDay>().HasQueryFilter(d => SeesAllTenants || d.SupplierId == SupplierId);
        builder.Entity<Supplier>().HasQueryFilter(s => SeesAllTenants || s.Id == SupplierId);
        // Union users see their own union; union-owned rows (orders, recipients, budgets) filter on UnionId the same way.
        builder.Entity<Union>().HasQueryFilter(u => SeesAllUnions || u.Id == UnionId);
        builder.Entity<Core.Ordering.Order>().HasQueryFilter(o => SeesAllUnions || o.UnionId == UnionId);
        // Member choice (#24): the union's codes and messages; the anonymous gift page finds its one code by its value, unfiltered.
        builder.Entity<Core.Gifts.GiftCode>().HasQueryFilter(g => SeesAllUnions || g.UnionId == UnionId);
        builder.Entity<Core.Gifts.MemberMessage>().HasQueryFilter(m => SeesAllUnions || m.UnionId == UnionId);
        builder.Entity<Core.Ordering.Recipient>().HasQueryFilter(r => SeesAllUnions || r.UnionId == UnionId);
        // A purchase list is its user's alone.
        builder.Entity<Core.Ordering.PurchaseListItem>().HasQueryFilter(i => SeesAllTenants || i.UserId == currentUser.UserId);
        builder.Entity<Ordering.UnionBudgetUsage>().HasQueryFilter(u => SeesAllUnions || u.UnionId == UnionId);
        builder.Entity<Core.Payments.Payment>().HasQueryFilter(p => SeesAllUnions || p.UnionId == UnionId);
        builder.Entity<Core.Payments.Refund>().HasQueryFilter(r => SeesAllUnions || r.UnionId == UnionId);
        // A parcel is seen by its union and by the supplier sending it.
        builder.Entity<Core.Fulfilment.Shipment>().HasQueryFilter(s => SeesAllUnions || s.UnionId == UnionId || s.SupplierId == SupplierId);
        // Partner orders belong to no union or supplier: finance, admins and the system (pushes, reconciliation) read them.
        builder.Entity<Core.Partners.PartnerOrder>().HasQueryFilter(o => SeesAllUnions);
        builder.Entity<Core.Partners.PartnerStatement>().HasQueryFilter(s => SeesAllUnions);
        builder.Entity<Core.Partners.StatementRow>().HasQueryFilter(r => SeesAllUnions);
        builder.Entity<Core.Partners.ReconciliationRun>().HasQueryFilter(r => SeesAllUnions);
        builder.Entity<Core.Partners.ReconciliationItem>().HasQueryFilter(i => SeesAllUnions);
        // Finance settles every supplier's months; a supplier sees its own.
        builder.Entity<Core.Settlement.SupplierSettlement>().HasQueryFilter(s => SeesAllUnions || s.SupplierId == SupplierId);
        builder.Entity<Core.Fulfilment.AfterSalesCase>().HasQueryFilter(c => SeesAllUnions || c.UnionId == UnionId || c.SupplierId == SupplierId);
        builder.Entity<Ordering.MemberWelfareUsage>().HasQueryFilter(u => SeesAllUnions || u.UnionId == UnionId);
        // The books are finance's (and the system's, for the daily proof); a supplier reads its payouts, never the ledger.
        builder.Entity<Core.Ledger.JournalEntry>().HasQueryFilter(e => SeesAllUnions);
        builder.Entity<Core.Ledger.JournalLine>().HasQueryFilter(l => SeesAllUnions);
        builder.Entity<Ledger.LedgerBalance>().HasQueryFilter(b => SeesAllUnions);
        builder.Entity<Ledger.LedgerDay>().HasQueryFilter(d => SeesAllUnions);
        builder.Entity<Core.Ledger.LedgerBreak>().HasQueryFilter(b => SeesAllUnions);
        builder.Entity<Core.Ledger.LedgerCheckRun>().HasQueryFilter(r => SeesAllUnions);
        builder.Entity<Core.Settlement.SupplierPayout>().HasQueryFilter(p => SeesAllUnions || p.SupplierId == SupplierId);
        builder.Entity<Settlement.SettlementMonthLock>().HasQueryFilter(l => SeesAllUnions || l.SupplierId == SupplierId);
        // An invoice (and its files) is seen by the order's union, by the supplier that owes it, and by finance and admins.
        builder.Entity<Core.Paperwork.Invoice>().HasQueryFilter(i => SeesAllUnions || i.UnionId == UnionId || i.SupplierId == SupplierId);
        builder.Entity<Core.Paperwork.InvoiceDocument>().HasQueryFilter(d => SeesAllUnions || d.UnionId == UnionId || d.SupplierId == SupplierId);
        builder.Entity<Core.Paperwork.OrderInvoiceRequest>().HasQueryFilter(r => SeesAllUnions || r.UnionId == UnionId);
        builder.Entity<Core.Paperwork.UnionInvoiceProfile>().HasQueryFilter(p => SeesAllUnions || p.UnionId == UnionId);
        // The federation's report (#23): a union's own rows; the report reads its subtree's by ids it worked out (ReportingStore).
        builder.Entity<Core.Reporting.UnionTarget>().HasQueryFilter(t => SeesAllUnions || t.UnionId == UnionId);
        builder.Entity<Reporting.ReportDailyFigure>().HasQueryFilter(f => SeesAllUnions || f.UnionId == UnionId);
        builder.Entity<Reporting.PartnerOrderCredit>().HasQueryFilter(c => SeesAllUnions || c.UnionId == UnionId);
        builder.Entity<Reporting.PartnerBuyerMatch>().HasQueryFilter(m => SeesAllUnions || m.UnionId == UnionId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var once = DetectChangesOnce();
        EnqueueCatalogChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var once = DetectChangesOnce();
        EnqueueCatalogChanges();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Scans the tracked entities for changes once, for both the outbox and the save: a stock import tracks 50,000
    /// SKUs, and each automatic scan of them costs a noticeable part of its time. The outbox rows are added
    /// explicitly, so they need no scan.
    /// </summary>
    private AutoDetectSuspension DetectChangesOnce()
    {
        ChangeTracker.DetectChanges();
        var suspension = new AutoDetectSuspension(ChangeTracker, ChangeTracker.AutoDetectChangesEnabled);
        ChangeTracker.AutoDetectChangesEnabled = false;
        return suspension;
    }

    private readonly struct AutoDetectSuspension(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker, bool wasEnabled) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = wasEnabled;
    }

    /// <summary>
    /// Any product or SKU change saved through this context writes a search-outbox row in the same transaction, so
    /// no use case can forget to tell the index. Set-based updates (ExecuteUpdate) bypass this and enqueue themselves.
    /// </summary>
    private void EnqueueCatalogChanges()
    {
        // One pass over the tracker: Entries() detects changes on every call, which is costly on a big save.
        var entries = ChangeTracker.Entries().ToList();
        var skuProducts = entries.Select(e => e.Entity).OfType<Sku>().ToDictionary(s => s.Id, s => s.ProductId);
        var changed = entries
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity switch
            {
                Product product => product.Id,
                Sku sku => sku.ProductId,
                ProductImage image => image.ProductId,
                // Tier prices are owned rows keyed by their SKU.
                TierPrice => e.Property("SkuId").CurrentValue is Guid skuId ? skuProducts.GetValueOrDefault(skuId) : Guid.Empty,
                Certificate => e.Property("ProductId").CurrentValue as Guid? ?? Guid.Empty,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToList();
        var now = clock.GetUtcNow();
        foreach (var productId in changed)
        {
            CatalogOutbox.Add(new Catalog.CatalogOutboxEntry { ProductId = productId, EnqueuedAt = now });
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset type: stored as a sortable 64-bit number rather than text so ORDER BY works.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetToBinaryConverter>();
        }
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
    }
}

/// <summary>
/// SQLite's DateTimeOffset storage: EF's binary encoding (sortable as a 64-bit number), of the instant in UTC. EF's own
/// converter encodes the wall-clock ticks with the offset beside them, so a Beijing-time value (a business date's start,
/// a receipt time a clerk typed) and a UTC one compare by their clocks, eight hours apart; normalising every value —
/// stored ones and query parameters alike — makes comparison and ORDER BY follow the instant.
/// </summary>
public sealed class UtcDateTimeOffsetToBinaryConverter : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>
{
    private static readonly DateTimeOffsetToBinaryConverter Binary = new();

    public UtcDateTimeOffsetToBinaryConverter()
        : base(value => (long)Binary.ConvertToProvider(value.ToUniversalTime())!, stored => (DateTimeOffset)Binary.ConvertFromProvider(stored)!)
    {
    }
}
