using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Fulfilment;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Fulfilment;

/// <summary>
/// Shipments through the context's filter (a supplier sees its own, a union its orders', finance and admins all).
/// Creating an order's parcels is one <c>INSERT … SELECT</c> per supplier over its recipients, and a tracking import is
/// one <c>UPDATE … FROM</c> a JSON array of its rows (SQLite <c>json_each</c>, SQL Server <c>OPENJSON</c>): one
/// parameter however many rows, so 20,000 parcels take one statement rather than 20,000.
/// </summary>
public sealed class ShipmentStore(ProcurementDbContext db, StagedStatements staged, TimeProvider clock, ILogger<ShipmentStore> logger) : IShipmentStore
{
    public void CreateFor(Order order) => staged.Add(async cancellationToken =>
    {
        var sql = ShipmentSql.For(db.Database.IsSqlServer());
        var now = clock.GetUtcNow();
        foreach (var supplier in order.Lines.Select(l => l.SupplierId).Distinct().Order())
        {
            var valueFen = Money.ToFen(order.PackageValueOf(supplier));
            var made = await db.Database.ExecuteSqlAsync(sql.Create(order.Id, order.Number, order.UnionId, supplier, valueFen, now), cancellationToken);
            if (made != order.RecipientCount)
            {
                logger.LogError("Order {OrderNumber} ({OrderId}) made {Made} shipments for supplier {SupplierId}, not {Recipients}", order.Number, order.Id,
                    made, supplier, order.RecipientCount);
                return Conflicts.Changed();
            }
        }
        return null;
    });

    public void CancelFor(Order order) => staged.Add(async cancellationToken =>
    {
        await db.Database.ExecuteSqlAsync(ShipmentSql.For(db.Database.IsSqlServer()).Cancel(order.Id), cancellationToken);
        return null;
    });

    public void Apply(IReadOnlyList<TrackingUpdate> updates, Guid? by) => staged.Add(async cancellationToken =>
    {
        if (updates.Count == 0)
        {
            return null;
        }
        var sql = ShipmentSql.For(db.Database.IsSqlServer());
        var json = sql.Json(updates);
        if (updates.Any(u => u.DeliveredAt is not null))
        {
            // Before the update, while the parcels still read as not delivered: one entry per parcel this import delivers.
            var now = clock.GetUtcNow();
            var day = Core.Ledger.JournalEntry.DayKey(BusinessDate.Of(now));
            await db.Database.ExecuteSqlAsync(sql.DeliveryEntries(json, now, day, by), cancellationToken);
            await db.Database.ExecuteSqlAsync(sql.DeliveryLines(json, day), cancellationToken);
        }
        var changed = await db.Database.ExecuteSqlAsync(sql.Track(json), cancellationToken);
        // A parcel cancelled or delivered since the rows were checked: the import is refused whole, to be run again.
        return changed == updates.Count ? null : Conflicts.Changed();
    });

    public void Add(Shipment shipment) => db.Shipments.Add(shipment);

    public async Task<IReadOnlyDictionary<long, ShipmentState>> StatesAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<long, ShipmentState>();
        }
        // One JSON parameter (json_each / OPENJSON) for 20,000 ids: EF 10 would otherwise bind one parameter per id,
        // which SQLite looks up by linear search.
        var list = ids.ToList();
        return await db.Shipments.AsNoTracking().Where(s => EF.Parameter(list).Contains(s.Id))
            .Select(s => new ShipmentState(s.Id, s.OrderId, s.SupplierId, s.Status, s.ShippedAt))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
    }

    /// <summary>Counts every supplier's parcels of the order (a supplier's import decides for the whole order), never their contents.</summary>
    public async Task<ShipmentCounts> CountsAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var counts = await db.Shipments.IgnoreQueryFilters().AsNoTracking().Where(s => s.OrderId == orderId && s.Status != ShipmentStatus.Cancelled)
            .GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(ShipmentStatus status) => counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0;
        return new ShipmentCounts(Of(ShipmentStatus.Pending), Of(ShipmentStatus.Shipped), Of(ShipmentStatus.Delivered));
    }

    public Task<Shipment?> FindAsync(long id, CancellationToken cancellationToken) => db.Shipments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<ShipmentView?> ViewAsync(long id, CancellationToken cancellationToken)
    {
        if (await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } shipment)
        {
            return null;
        }
        return View(shipment, await SupplierNamesAsync([shipment.SupplierId], cancellationToken));
    }

    public async Task<Paged<ShipmentView>> ListAsync(ShipmentQuery query, CancellationToken cancellationToken)
    {
        var rows = Filtered(query);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(s => s.OrderNumber).ThenBy(s => s.RecipientRow).ThenBy(s => s.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        var names = await SupplierNamesAsync(items.Select(s => s.SupplierId).Distinct().ToList(), cancellationToken);
        return new Paged<ShipmentView>(total, query.Page, query.PageSize, items.Select(s => View(s, names)).ToList());
    }

    /// <summary>
    /// Suppliers' names by id, in a query of its own: <c>IgnoreQueryFilters</c> lifts every filter of the query it is
    /// in, so it is never joined to the caller's filtered rows — only asked for the ids those rows name.
    /// </summary>
    private async Task<Dictionary<Guid, string>> SupplierNamesAsync(List<Guid> ids, CancellationToken cancellationToken) =>
        await db.Suppliers.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

    public async Task<FulfilmentProgress> ProgressAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var counts = await (
                from s in db.Shipments.AsNoTracking().Where(s => s.OrderId == orderId)
                group s by new { s.SupplierId, s.Status } into g
                select new { g.Key.SupplierId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var supplierIds = counts.Select(c => c.SupplierId).Distinct().ToList();
        var names = await SupplierNamesAsync(supplierIds, cancellationToken);
        var suppliers = supplierIds.Select(id =>
        {
            int Of(ShipmentStatus status) => counts.FirstOrDefault(c => c.SupplierId == id && c.Status == status)?.Count ?? 0;
            return new SupplierProgress(id, names.GetValueOrDefault(id, ""), Of(ShipmentStatus.Pending), Of(ShipmentStatus.Shipped), Of(ShipmentStatus.Delivered),
                Of(ShipmentStatus.Cancelled));
        }).OrderBy(s => s.SupplierName, StringComparer.Ordinal).ToList();
        return new FulfilmentProgress(suppliers, suppliers.Sum(s => s.Pending), suppliers.Sum(s => s.Shipped), suppliers.Sum(s => s.Delivered));
    }

    public async Task<IReadOnlyList<PackingRow>> PackingListAsync(ShipmentQuery query, int max, CancellationToken cancellationToken)
    {
        var rows = await Filtered(query).OrderBy(s => s.OrderNumber).ThenBy(s => s.RecipientRow).Take(max).ToListAsync(cancellationToken);
        var orderIds = rows.Select(s => s.OrderId).Distinct().ToList();
        // The lines of the orders these parcels belong to (suppliers do not see orders), asked by id in a query of its own.
        var orders = await db.Orders.IgnoreQueryFilters().AsNoTracking().Where(o => orderIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        var names = await SupplierNamesAsync(rows.Select(s => s.SupplierId).Distinct().ToList(), cancellationToken);
        return rows.Select(s =>
        {
            var order = orders[s.OrderId];
            // A member-choice parcel holds its member's option; any other, its share of the order's lines.
            var contents = string.Join("；", order.ParcelLines(s.SupplierId, s.Packages, s.Option).Where(l => l.Quantity > 0)
                .Select(l => $"{l.Line.ProductName} {l.Line.SkuCode} × {l.Quantity}"));
            return new PackingRow(View(s, names), contents);
        }).ToList();
    }

    public async Task<IReadOnlyList<Core.Paperwork.SignOffParcel>> SignOffParcelsAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.Shipments.AsNoTracking().Where(s => s.OrderId == orderId && s.Status != ShipmentStatus.Cancelled)
            .OrderBy(s => s.RecipientRow).ThenBy(s => s.Id)
            .Select(s => new Core.Paperwork.SignOffParcel(s.RecipientRow, s.SupplierId, s.Carrier, s.TrackingNo, s.DeliveredAt))
            .ToListAsync(cancellationToken);

    private IQueryable<Shipment> Filtered(ShipmentQuery query)
    {
        var shipments = db.Shipments.AsNoTracking();
        if (query.OrderId is { } orderId)
        {
            shipments = shipments.Where(s => s.OrderId == orderId);
        }
        if (query.Status is { } text && Enum.TryParse<ShipmentStatus>(text, out var status))
        {
            shipments = shipments.Where(s => s.Status == status);
        }
        if (query.Q is { } q)
        {
            var upper = q.ToUpperInvariant();
            var id = long.TryParse(q.TrimStart('S', 's'), out var n) ? n : -1;
            shipments = shipments.Where(s => s.RecipientName.Contains(q) || s.Mobile.Contains(q) || s.OrderNumber.Contains(upper)
                                             || (s.TrackingNo != null && s.TrackingNo.Contains(upper)) || s.Id == id);
        }
        return shipments;
    }

    private static ShipmentView View(Shipment s, IReadOnlyDictionary<Guid, string> supplierNames) =>
        new(s.Id, s.OrderId, s.OrderNumber, s.SupplierId, supplierNames.GetValueOrDefault(s.SupplierId, ""), s.RecipientRow, s.RecipientName, s.Mobile,
            Addresses.Label(s.ProvinceCode, s.CityCode, s.DistrictCode), s.Address, s.Packages, s.Status.ToString(), s.Carrier, s.TrackingNo, s.ShippedAt,
            s.DeliveredAt, s.CaseId);
}

/// <summary>The bulk shipment statements for each database, in one place so tests can hold their shape.</summary>
public abstract class ShipmentSql
{
    public static ShipmentSql For(bool sqlServer) => sqlServer ? SqlServer : Sqlite;

    public static readonly ShipmentSql Sqlite = new SqliteStatements();
    public static readonly ShipmentSql SqlServer = new SqlServerStatements();

    /// <summary>A point in time as the column stores it (SQLite: EF's sortable 64-bit form; SQL Server: datetimeoffset).</summary>
    public abstract object At(DateTimeOffset at);

    /// <summary>One parcel per recipient of the order for one supplier, worth <paramref name="valueFen"/> per package.</summary>
    public abstract FormattableString Create(Guid orderId, string orderNumber, Guid unionId, Guid supplierId, long valueFen, DateTimeOffset at);

    public FormattableString Cancel(Guid orderId) => Make(
        "UPDATE Shipments SET Status = 'Cancelled', Version = Version + 1 WHERE OrderId = {0} AND Status = 'Pending'", orderId);

    /// <summary>The import's rows as one JSON array: <c>i</c> id, <c>c</c> carrier, <c>t</c> tracking number, <c>s</c> shipped, <c>d</c> delivered.</summary>
    public string Json(IReadOnlyList<TrackingUpdate> updates) => JsonSerializer.Serialize(updates.Select(u => new Dictionary<string, object?>
    {
        ["i"] = u.ShipmentId, ["c"] = u.Carrier, ["t"] = u.TrackingNo, ["s"] = At(u.ShippedAt), ["d"] = u.DeliveredAt is { } d ? At(d) : null, ["m"] = u.Month,
    }));

    /// <summary>Sends (and, with a delivery time, delivers) every parcel named, if it is still pending or shipped.</summary>
    public abstract FormattableString Track(string json);

    /// <summary>
    /// The ledger entries of the parcels an import delivers (still pending or shipped, worth something): one each,
    /// keyed <c>delivery:{id}</c> like <see cref="Core.Ledger.Postings.Delivered"/>, so a parcel is booked once.
    /// </summary>
    public FormattableString DeliveryEntries(string json, DateTimeOffset at, int day, Guid? by) => by is { } who
        ? Make(EntriesOf(Imported(2), "Delivered", withBy: true), At(at), day, json, who)
        : Make(EntriesOf(Imported(2), "Delivered", withBy: false), At(at), day, json);

    /// <summary>Their two lines each: held money debited, the supplier's payable credited, by the parcel's value.</summary>
    public FormattableString DeliveryLines(string json, int day) => Make(LinesOf(Imported(1)), day, json);

    /// <summary>The same entries for every parcel delivered before the ledger existed: the books' opening (kind <c>Opening</c>).</summary>
    public FormattableString OpeningDeliveryEntries(DateTimeOffset at, int day) => Make(EntriesOf(AllDelivered, "Opening", withBy: false), At(at), day);

    public FormattableString OpeningDeliveryLines(int day) => Make(LinesOf(AllDelivered), day);

    private const string AllDelivered = "FROM Shipments AS s WHERE s.Status = 'Delivered' AND s.ValueFen > 0";

    /// <summary>An import's parcels that it delivers, from its JSON array (argument <paramref name="json"/>).</summary>
    protected abstract string Imported(int json);

    /// <summary>A parcel's entry key, <c>delivery:{id}</c>, as this database writes it.</summary>
    protected abstract string KeyOf { get; }

    /// <summary>The parcel's supplier's payable account, <c>payable:supplier:{id}</c> in lower case.</summary>
    protected abstract string PayableOf { get; }

    protected abstract string Quoted(string name);

    /// <summary>
    /// One entry a parcel of <paramref name="source"/>: arguments {0} when, {1} the day, {3} who (with
    /// <paramref name="withBy"/>; else NULL, written in the SQL: a null argument has no type to bind). {2} is left to
    /// the source.
    /// </summary>
    private string EntriesOf(string source, string kind, bool withBy) =>
        $"INSERT INTO LedgerEntries ({Quoted("Key")}, Kind, At, Day, OrderId, SupplierId, Reference, {Quoted("By")}) " +
        $"SELECT {KeyOf}, '{kind}', {{0}}, {{1}}, s.OrderId, s.SupplierId, s.OrderNumber, {(withBy ? "{3}" : "NULL")} " + source;

    /// <summary>The two lines of each of those entries: argument {0} the day.</summary>
    private string LinesOf(string source)
    {
        var joined = source.Replace("WHERE", $"JOIN LedgerEntries AS e ON e.{Quoted("Key")} = {KeyOf} WHERE", StringComparison.Ordinal);
        return "INSERT INTO LedgerLines (EntryId, Line, Account, DebitFen, CreditFen, OrderId, SupplierId, Day) " +
               "SELECT e.Id, 1, 'held:orders', s.ValueFen, 0, s.OrderId, s.SupplierId, {0} " + joined +
               $" UNION ALL SELECT e.Id, 2, {PayableOf}, 0, s.ValueFen, s.OrderId, s.SupplierId, {{0}} " + joined;
    }

    protected static FormattableString Make(string format, params object[] arguments) => FormattableStringFactory.Create(format, arguments);

    private sealed class SqliteStatements : ShipmentSql
    {
        private static readonly UtcDateTimeOffsetToBinaryConverter Binary = new();

        public override object At(DateTimeOffset at) => (long)Binary.ConvertToProvider(at)!;

        public override FormattableString Create(Guid orderId, string orderNumber, Guid unionId, Guid supplierId, long valueFen, DateTimeOffset at) => Make(
            "INSERT INTO Shipments (OrderId, OrderNumber, UnionId, SupplierId, RecipientRow, RecipientName, Mobile, ProvinceCode, CityCode, DistrictCode, Address, " +
            "Packages, ValueFen, Status, CreatedAt, Version) SELECT {0}, {1}, {2}, {3}, r.\"Row\", r.Name, r.Mobile, r.ProvinceCode, r.CityCode, r.DistrictCode, r.Address, " +
            "r.Packages, r.Packages * {4}, 'Pending', {5}, 0 FROM OrderRecipients AS r WHERE r.OrderId = {0} ORDER BY r.\"Row\"",
            orderId, orderNumber, unionId, supplierId, valueFen, At(at));

        public override FormattableString Track(string json) => Make(
            "UPDATE Shipments SET Carrier = json_extract(j.value, '$.c'), TrackingNo = json_extract(j.value, '$.t'), " +
            "ShippedAt = json_extract(j.value, '$.s'), DeliveredAt = json_extract(j.value, '$.d'), SettlementMonth = json_extract(j.value, '$.m'), " +
            "Status = CASE WHEN json_extract(j.value, '$.d') IS NULL THEN 'Shipped' ELSE 'Delivered' END, Version = Shipments.Version + 1 " +
            "FROM json_each({0}) AS j WHERE Shipments.Id = json_extract(j.value, '$.i') AND Shipments.Status IN ('Pending', 'Shipped')", json);

        protected override string Imported(int json) =>
            $"FROM json_each({{{json}}}) AS j JOIN Shipments AS s ON s.Id = json_extract(j.value, '$.i') " +
            "WHERE json_extract(j.value, '$.d') IS NOT NULL AND s.Status IN ('Pending', 'Shipped') AND s.ValueFen > 0";

        protected override string KeyOf => "'delivery:' || s.Id";

        protected override string PayableOf => "'payable:supplier:' || lower(s.SupplierId)";

        protected override string Quoted(string name) => $"\"{name}\"";
    }

    private sealed class SqlServerStatements : ShipmentSql
    {
        public override object At(DateTimeOffset at) => at;

        public override FormattableString Create(Guid orderId, string orderNumber, Guid unionId, Guid supplierId, long valueFen, DateTimeOffset at) => Make(
            "INSERT INTO Shipments (OrderId, OrderNumber, UnionId, SupplierId, RecipientRow, RecipientName, Mobile, ProvinceCode, CityCode, DistrictCode, Address, " +
            "Packages, ValueFen, Status, CreatedAt, Version) SELECT {0}, {1}, {2}, {3}, r.[Row], r.Name, r.Mobile, r.ProvinceCode, r.CityCode, r.DistrictCode, r.Address, " +
            "r.Packages, r.Packages * {4}, 'Pending', {5}, 0 FROM OrderRecipients AS r WHERE r.OrderId = {0} ORDER BY r.[Row]",
            orderId, orderNumber, unionId, supplierId, valueFen, At(at));

        public override FormattableString Track(string json) => Make(
            "UPDATE s SET Carrier = j.c, TrackingNo = j.t, ShippedAt = j.sa, DeliveredAt = j.da, SettlementMonth = j.m, " +
            "Status = CASE WHEN j.da IS NULL THEN 'Shipped' ELSE 'Delivered' END, Version = s.Version + 1 " +
            "FROM Shipments AS s JOIN OPENJSON({0}) WITH (i bigint '$.i', c nvarchar(32) '$.c', t varchar(40) '$.t', sa datetimeoffset '$.s', da datetimeoffset '$.d', m int '$.m') AS j " +
            "ON s.Id = j.i WHERE s.Status IN ('Pending', 'Shipped')", json);

        protected override string Imported(int json) =>
            $"FROM OPENJSON({{{json}}}) WITH (i bigint '$.i', d datetimeoffset '$.d') AS j JOIN Shipments AS s ON s.Id = j.i " +
            "WHERE j.d IS NOT NULL AND s.Status IN ('Pending', 'Shipped') AND s.ValueFen > 0";

        protected override string KeyOf => "'delivery:' + CONVERT(varchar(20), s.Id)";

        protected override string PayableOf => "'payable:supplier:' + LOWER(CONVERT(nvarchar(36), s.SupplierId))";

        protected override string Quoted(string name) => $"[{name}]";
    }
}

public sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("Shipments");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(s => s.Carrier).HasMaxLength(Shipment.MaxCarrierLength);
        builder.Property(s => s.TrackingNo).HasMaxLength(Shipment.MaxTrackingLength).IsUnicode(false);
        builder.Property(s => s.OrderNumber).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.Property(s => s.RecipientName).HasMaxLength(Recipient.MaxNameLength).IsRequired();
        builder.Property(s => s.Mobile).HasMaxLength(11).IsUnicode(false).IsRequired();
        builder.Property(s => s.ProvinceCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(s => s.CityCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(s => s.DistrictCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(s => s.Address).HasMaxLength(Recipient.MaxAddressLength).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        // OPTION is a keyword of SQL Server's: the column is named as the member's code names it.
        builder.Property(s => s.Option).HasColumnName("ChosenOption");
        builder.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Core.Suppliers.Supplier>().WithMany().HasForeignKey(s => s.SupplierId).OnDelete(DeleteBehavior.Restrict);
        // An order's parcels (progress, per recipient); a supplier's queue by state.
        builder.HasIndex(s => new { s.OrderId, s.RecipientRow });
        builder.HasIndex(s => new { s.SupplierId, s.Status, s.OrderNumber });
        builder.HasIndex(s => s.CaseId);
        // A supplier's month: its delivered parcels booked to it.
        builder.HasIndex(s => new { s.SupplierId, s.SettlementMonth });
    }
}
