using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Fulfilment;
using Procurement.Core.Settlement;

namespace Procurement.Infrastructure.Persistence.Settlement;

/// <summary>
/// A month's figures from what was booked to it: delivered parcels (<c>Shipments.SettlementMonth</c>, their value in
/// 分) and after-sales refunds (<c>Refunds.SettlementMonth</c>). Parcels go through the context's filter; refunds and
/// settled months are union- or platform-side rows, so they are read past the filter and always narrowed to the
/// supplier asked for (the use case passes a supplier's own id for a supplier).
/// </summary>
public sealed class SettlementStore(ProcurementDbContext db, StagedStatements staged) : ISettlementStore
{
    public async Task<IReadOnlyList<SupplierMonth>> MonthAsync(int month, Guid? supplierId, CancellationToken cancellationToken)
    {
        var parcels = db.Shipments.AsNoTracking().Where(s => s.SettlementMonth == month && s.Status == ShipmentStatus.Delivered);
        var refunds = db.Refunds.IgnoreQueryFilters().AsNoTracking().Where(r => r.SettlementMonth == month && r.SupplierId != null);
        var settled = db.SupplierSettlements.IgnoreQueryFilters().AsNoTracking().Where(s => s.Month == month);
        if (supplierId is { } only)
        {
            parcels = parcels.Where(s => s.SupplierId == only);
            refunds = refunds.Where(r => r.SupplierId == only);
            settled = settled.Where(s => s.SupplierId == only);
        }
        var delivered = await parcels.GroupBy(s => s.SupplierId).Select(g => new { SupplierId = g.Key, Parcels = g.Count(), Fen = g.Sum(s => s.ValueFen) })
            .ToListAsync(cancellationToken);
        // Decimal sums are done here: SQLite keeps decimals as text. A month's refunds are few.
        var refunded = (await refunds.Select(r => new { r.SupplierId, r.Amount }).ToListAsync(cancellationToken))
            .GroupBy(r => r.SupplierId!.Value).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        var ids = delivered.Select(d => d.SupplierId).Concat(refunded.Keys).Concat(await settled.Select(s => s.SupplierId).ToListAsync(cancellationToken)).Distinct().ToList();
        var names = await db.Suppliers.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return ids.Select(id =>
        {
            var d = delivered.FirstOrDefault(x => x.SupplierId == id);
            return new SupplierMonth(id, names.GetValueOrDefault(id, ""), d?.Parcels ?? 0, d?.Fen ?? 0, refunded.GetValueOrDefault(id));
        }).ToList();
    }

    public async Task<IReadOnlyList<SupplierSettlement>> SettledAsync(int month, Guid? supplierId, CancellationToken cancellationToken) =>
        await db.SupplierSettlements.IgnoreQueryFilters().AsNoTracking().Where(s => s.Month == month && (supplierId == null || s.SupplierId == supplierId))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlySet<int>> SettledMonthsAsync(IReadOnlyCollection<Guid> supplierIds, int from, CancellationToken cancellationToken)
    {
        var ids = supplierIds.ToList();
        return (await db.SupplierSettlements.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.SupplierId) && s.Month >= from)
            .Select(s => s.Month).ToListAsync(cancellationToken)).ToHashSet();
    }

    public async Task<int?> LatestMonthAsync(Guid? supplierId, int upTo, CancellationToken cancellationToken)
    {
        var parcels = await db.Shipments.AsNoTracking()
            .Where(s => s.SettlementMonth != null && s.SettlementMonth <= upTo && s.Status == ShipmentStatus.Delivered && (supplierId == null || s.SupplierId == supplierId))
            .MaxAsync(s => s.SettlementMonth, cancellationToken);
        var refunds = await db.Refunds.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.SupplierId != null && r.SettlementMonth != null && r.SettlementMonth <= upTo && (supplierId == null || r.SupplierId == supplierId))
            .MaxAsync(r => r.SettlementMonth, cancellationToken);
        var settled = await db.SupplierSettlements.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Month <= upTo && (supplierId == null || s.SupplierId == supplierId))
            .MaxAsync(s => (int?)s.Month, cancellationToken);
        return new[] { parcels, refunds, settled }.Max();
    }

    public async Task<IReadOnlyList<StatementLine>> LinesAsync(int month, Guid supplierId, CancellationToken cancellationToken)
    {
        var parcels = await db.Shipments.AsNoTracking().Where(s => s.SupplierId == supplierId && s.SettlementMonth == month && s.Status == ShipmentStatus.Delivered)
            .OrderBy(s => s.DeliveredAt).Select(s => new { s.Id, s.OrderNumber, s.RecipientName, s.DeliveredAt, s.ValueFen }).ToListAsync(cancellationToken);
        var refunds = await db.Refunds.IgnoreQueryFilters().AsNoTracking().Where(r => r.SupplierId == supplierId && r.SettlementMonth == month)
            .Select(r => new { r.OrderId, r.RequestedAt, r.Amount, r.Reason }).ToListAsync(cancellationToken);
        var orderIds = refunds.Select(r => r.OrderId).Distinct().ToList();
        var numbers = await db.Orders.IgnoreQueryFilters().AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Number, cancellationToken);
        return parcels.Select(p => new StatementLine("delivered", p.DeliveredAt!.Value, p.OrderNumber, p.Id, p.RecipientName, Core.Common.Money.FromFen(p.ValueFen)))
            .Concat(refunds.OrderBy(r => r.RequestedAt).Select(r => new StatementLine("refund", r.RequestedAt, numbers.GetValueOrDefault(r.OrderId, ""), null, r.Reason, -r.Amount)))
            .ToList();
    }

    public void Add(SupplierSettlement settlement) => db.SupplierSettlements.Add(settlement);

    public void Book(Guid supplierId, int month) => staged.Add(async cancellationToken =>
    {
        var sql = SettlementSql.For(db.Database.IsSqlServer());
        // The lock row first: from here to the commit no settlement of this month can read it, and none did before
        // unless the row says closed (or, for months settled before the lock rows existed, a settlement row is there).
        if (await db.Database.ExecuteSqlAsync(sql.Book(supplierId, month), cancellationToken) == 0
            || await db.SupplierSettlements.IgnoreQueryFilters().AnyAsync(s => s.SupplierId == supplierId && s.Month == month, cancellationToken))
        {
            return MonthClosed();
        }
        return null;
    });

    public void Close(Guid supplierId, int month, Func<CancellationToken, Task<Core.Common.Error?>> settle) => staged.Add(async cancellationToken =>
    {
        if (await db.Database.ExecuteSqlAsync(SettlementSql.For(db.Database.IsSqlServer()).Close(supplierId, month), cancellationToken) == 0)
        {
            return Core.Common.Error.InvalidState(Core.Common.Texts.Pick("该月已结算。", "This month is already settled."));
        }
        return await settle(cancellationToken);
    });

    private static Core.Common.Error MonthClosed() => new(Core.Common.ErrorKind.Conflict, Core.Common.Texts.Pick(
        "该月刚刚结算，请重试（将计入下一个未结算月份）。", "That month was settled just now; try again (it will count in the next open month)."));

    public Task<SupplierSettlement?> FindSettledAsync(int month, Guid supplierId, CancellationToken cancellationToken) =>
        db.SupplierSettlements.FirstOrDefaultAsync(s => s.Month == month && s.SupplierId == supplierId, cancellationToken);

    public void Add(SupplierPayout payout) => db.SupplierPayouts.Add(payout);

    /// <summary>Month 0 of the lock rows: a supplier's payouts (never a real month, which is yyyyMM).</summary>
    private const int PayoutsLock = 0;

    public void GuardPayout(Guid supplierId, decimal amount) => staged.Add(async cancellationToken =>
    {
        // The lock row first: a second payout of this supplier waits here until this one commits, then reads it.
        await db.Database.ExecuteSqlAsync(SettlementSql.For(db.Database.IsSqlServer()).Book(supplierId, PayoutsLock), cancellationToken);
        // Decimals are summed here: SQLite keeps them as text, and a supplier has one row a settled month.
        var months = await db.SupplierSettlements.IgnoreQueryFilters().AsNoTracking().Where(s => s.SupplierId == supplierId)
            .Select(s => new { s.AmountDue, s.Paid }).ToListAsync(cancellationToken);
        var net = months.Sum(m => m.AmountDue) - months.Sum(m => m.Paid);
        return amount <= net ? null : Core.Common.Error.Invalid("amount", Core.Common.Texts.Pick(
            $"该供应商已结算月份合计只余 {Math.Max(0m, net):0.00} 元未付（此前月份的退款多于签收货值，须先抵扣），不能付 {amount:0.00} 元。",
            $"All this supplier's settled months leave only {Math.Max(0m, net):0.00} CNY unpaid (an earlier month's refunds passed its deliveries and are recovered first); {amount:0.00} CNY cannot be paid."));
    });

    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> LastPaidAsync(int month, Guid? supplierId, CancellationToken cancellationToken) =>
        (await db.SupplierPayouts.AsNoTracking().Where(p => p.Month == month && (supplierId == null || p.SupplierId == supplierId))
            .Select(p => new { p.SupplierId, p.PaidAt }).ToListAsync(cancellationToken))
        .GroupBy(p => p.SupplierId).ToDictionary(g => g.Key, g => g.Max(p => p.PaidAt));

    public async Task<IReadOnlyList<SupplierPayout>> PayoutsAsync(int month, Guid supplierId, CancellationToken cancellationToken) =>
        await db.SupplierPayouts.AsNoTracking().Where(p => p.Month == month && p.SupplierId == supplierId).OrderBy(p => p.PaidAt).ToListAsync(cancellationToken);
}

/// <summary>
/// The month lock's two statements for each database: a booking counts only while the month is open, settling closes
/// it once. Each is one conditional change of one row (created first if absent, on SQL Server under
/// <c>UPDLOCK, HOLDLOCK</c>); the rows they change say whether it happened.
/// </summary>
public abstract class SettlementSql
{
    public static SettlementSql For(bool sqlServer) => sqlServer ? SqlServer : Sqlite;

    public static readonly SettlementSql Sqlite = new SqliteStatements();
    public static readonly SettlementSql SqlServer = new SqlServerStatements();

    public abstract FormattableString Book(Guid supplierId, int month);

    public abstract FormattableString Close(Guid supplierId, int month);

    private static FormattableString Make(string format, params object[] arguments) =>
        System.Runtime.CompilerServices.FormattableStringFactory.Create(format, arguments);

    private sealed class SqliteStatements : SettlementSql
    {
        public override FormattableString Book(Guid supplierId, int month) => Make(
            "INSERT INTO SettlementMonthLocks (SupplierId, Month, Closed, Bookings) VALUES ({0}, {1}, 0, 1) " +
            "ON CONFLICT (SupplierId, Month) DO UPDATE SET Bookings = Bookings + 1 WHERE Closed = 0", supplierId, month);

        public override FormattableString Close(Guid supplierId, int month) => Make(
            "INSERT INTO SettlementMonthLocks (SupplierId, Month, Closed, Bookings) VALUES ({0}, {1}, 1, 0) " +
            "ON CONFLICT (SupplierId, Month) DO UPDATE SET Closed = 1 WHERE Closed = 0", supplierId, month);
    }

    private sealed class SqlServerStatements : SettlementSql
    {
        private const string Ensure =
            "IF NOT EXISTS (SELECT 1 FROM SettlementMonthLocks WITH (UPDLOCK, HOLDLOCK) WHERE SupplierId = {0} AND Month = {1}) " +
            "INSERT INTO SettlementMonthLocks (SupplierId, Month, Closed, Bookings) VALUES ({0}, {1}, 0, 0); ";

        // The insert (when it happens) leaves the month open, so a count above zero always means the update took.
        public override FormattableString Book(Guid supplierId, int month) => Make(
            Ensure + "UPDATE SettlementMonthLocks SET Bookings = Bookings + 1 WHERE SupplierId = {0} AND Month = {1} AND Closed = 0", supplierId, month);

        public override FormattableString Close(Guid supplierId, int month) => Make(
            Ensure + "UPDATE SettlementMonthLocks SET Closed = 1 WHERE SupplierId = {0} AND Month = {1} AND Closed = 0", supplierId, month);
    }
}

public sealed class SupplierSettlementConfiguration : IEntityTypeConfiguration<SupplierSettlement>
{
    public void Configure(EntityTypeBuilder<SupplierSettlement> builder)
    {
        builder.ToTable("SupplierSettlements");
        // One settlement per supplier and month: settling twice at once, one of them is refused.
        builder.HasKey(s => new { s.SupplierId, s.Month });
        builder.Property(s => s.DeliveredValue).HasPrecision(18, 2);
        builder.Property(s => s.Refunds).HasPrecision(18, 2);
        builder.Property(s => s.FeeRate).HasPrecision(9, 6);
        builder.Property(s => s.Fee).HasPrecision(18, 2);
        builder.Property(s => s.AmountDue).HasPrecision(18, 2);
        builder.Property(s => s.Paid).HasPrecision(18, 2).HasDefaultValue(0m);
        builder.Property(s => s.Version).IsConcurrencyToken().HasDefaultValue(0L);
        builder.Ignore(s => s.Outstanding);
        builder.HasOne<Core.Suppliers.Supplier>().WithMany().HasForeignKey(s => s.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// The row every writer of a supplier's month touches first in its transaction: a booking (a delivery, a refund
/// charged to the supplier) adds to <see cref="Bookings"/> only while the month is open, and settling closes it.
/// Both are conditional updates of one row, so they serialise on both databases: a booking either lands before the
/// settlement reads the month or finds it closed; nothing lands in a frozen month unseen.
/// </summary>
public sealed class SettlementMonthLock
{
    private SettlementMonthLock()
    {
    }

    public SettlementMonthLock(Guid supplierId, int month, bool closed) => (SupplierId, Month, Closed) = (supplierId, month, closed);

    public Guid SupplierId { get; private set; }
    public int Month { get; private set; }
    public bool Closed { get; private set; }
    public long Bookings { get; private set; }
}

public sealed class SettlementMonthLockConfiguration : IEntityTypeConfiguration<SettlementMonthLock>
{
    public void Configure(EntityTypeBuilder<SettlementMonthLock> builder)
    {
        builder.ToTable("SettlementMonthLocks");
        builder.HasKey(l => new { l.SupplierId, l.Month });
    }
}

public sealed class SupplierPayoutConfiguration : IEntityTypeConfiguration<SupplierPayout>
{
    public void Configure(EntityTypeBuilder<SupplierPayout> builder)
    {
        builder.ToTable("SupplierPayouts");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Amount).HasPrecision(18, 2);
        builder.Property(p => p.BankReference).HasMaxLength(SupplierPayout.MaxReferenceLength).IsRequired();
        builder.HasIndex(p => new { p.SupplierId, p.Month });
        builder.HasOne<Core.Suppliers.Supplier>().WithMany().HasForeignKey(p => p.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}
