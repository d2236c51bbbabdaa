using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Gifts;
using Procurement.Core.Ordering;
using Procurement.Infrastructure.Persistence.Catalog;
using Procurement.Infrastructure.Persistence.Ordering;

namespace Procurement.Infrastructure.Persistence.Gifts;

/// <summary>
/// Gift codes and what members' choices move. Codes are issued by one <c>INSERT … SELECT</c> joining the order's
/// recipients to a JSON array of fresh codes; choices move stock by the reservation statements of
/// <see cref="CommitmentSql"/> (guard in the <c>WHERE</c>, judged by the rows changed); the deadline's defaults, the
/// unused value and the parcels are one statement per option (and per supplier), whatever the number of members.
/// </summary>
public sealed class GiftStore(ProcurementDbContext db, StagedStatements staged, IMemoryCache cache, TimeProvider clock, ILogger<GiftStore> logger) : IGiftStore
{
    /// <summary>How long a gift order's snapshot is kept (it is checked against the order's version on every use; its goods' names and photos may be this old).</summary>
    private static readonly TimeSpan SnapshotLife = TimeSpan.FromMinutes(2);

    private bool SqlServer => db.Database.IsSqlServer();

    public void IssueFor(Order order) => staged.Add(async cancellationToken =>
    {
        // The recipients' rows (20,000 small integers), each paired with a fresh code; the insert then finds each row by
        // its key. (Pairing by ROW_NUMBER against json_each's index made SQLite compare every row with every code.)
        var rows = await db.Recipients.IgnoreQueryFilters().AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.Row)
            .Select(r => r.Row).ToListAsync(cancellationToken);
        var fresh = GiftCodes.New(rows.Count);
        var pairs = JsonSerializer.Serialize(rows.Select((row, i) => new GiftCodePair(row, fresh[i])));
        var at = GiftSql.At(SqlServer, clock.GetUtcNow());
        var made = await db.Database.ExecuteSqlAsync(SqlServer
            ? GiftSql.Make("INSERT INTO GiftCodes (Code, OrderId, UnionId, RecipientRow, Packages, Defaulted, IssuedAt, Version) " +
                           "SELECT j.c, r.OrderId, r.UnionId, r.[Row], r.Packages, 0, {2}, 0 FROM OPENJSON({1}) WITH (r int '$.r', c varchar(16) '$.c') AS j " +
                           "JOIN OrderRecipients AS r ON r.OrderId = {0} AND r.[Row] = j.r", order.Id, pairs, at)
            : GiftSql.Make("INSERT INTO GiftCodes (Code, OrderId, UnionId, RecipientRow, Packages, Defaulted, IssuedAt, Version) " +
                           // CROSS JOIN keeps SQLite's order as written: each code finds its row by the primary key (the planner
                           // otherwise put the recipients outside and scanned the JSON for every one of them).
                           "SELECT json_extract(j.value, '$.c'), r.OrderId, r.UnionId, r.\"Row\", r.Packages, 0, {2}, 0 FROM json_each({1}) AS j " +
                           "CROSS JOIN OrderRecipients AS r WHERE r.OrderId = {0} AND r.\"Row\" = json_extract(j.value, '$.r')", order.Id, pairs, at), cancellationToken);
        if (made != order.RecipientCount || rows.Count != order.RecipientCount)
        {
            logger.LogError("Order {OrderNumber} ({OrderId}) issued {Made} gift codes, not {Recipients}", order.Number, order.Id, made, order.RecipientCount);
            return Conflicts.Changed();
        }
        return null;
    });

    private sealed record GiftCodePair(
        [property: System.Text.Json.Serialization.JsonPropertyName("r")] int Row,
        [property: System.Text.Json.Serialization.JsonPropertyName("c")] string Code);

    public Task<GiftCode?> FindAsync(string code, CancellationToken cancellationToken) =>
        db.GiftCodes.IgnoreQueryFilters().FirstOrDefaultAsync(g => g.Code == code, cancellationToken);

    /// <summary>
    /// The member's page is the hot path (a code per member, 16 lookups at once in the benchmark), and the order
    /// behind it is five tables (its lines, options, their lines, its timeline): so the order, its union's name and
    /// its goods' names and photos are kept as a snapshot, used while the order's version is the one read now
    /// (every change of an order bumps its version). One small read per lookup instead of seven. The snapshot is
    /// shared by concurrent lookups: read, never changed through this path.
    /// </summary>
    public async Task<Order?> OrderOfAsync(GiftCode code, CancellationToken cancellationToken)
    {
        var version = await db.Orders.IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == code.OrderId && o.Mode == OrderMode.Choice)
            .Select(o => (long?)o.Version).FirstOrDefaultAsync(cancellationToken);
        return version is { } current ? (await SnapshotAsync(code.OrderId, current, cancellationToken))?.Order : null;
    }

    public async Task<GiftFacts> FactsAsync(GiftCode code, Order order, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(order.Id, order.Version, cancellationToken) ?? throw new InvalidOperationException($"Order {order.Id} is not a choice order.");
        var recipient = await db.Recipients.IgnoreQueryFilters().AsNoTracking().Where(r => r.OrderId == code.OrderId && r.Row == code.RecipientRow)
            .Select(r => new { r.Name, r.Mobile, r.RegionLabel, r.Address, r.ProvinceCode, r.CityCode, r.DistrictCode }).FirstAsync(cancellationToken);
        // What is left of each option's goods is read every time: it is what says an option is gone.
        var available = await AvailableAsync(snapshot.Goods.Keys.ToList(), cancellationToken);
        var skus = snapshot.Goods.ToDictionary(g => g.Key, g => new GiftSkuFacts(g.Value.Spec, g.Value.ImageUrl, available.GetValueOrDefault(g.Key)));
        // Parcels exist once the choices have closed.
        IReadOnlyList<GiftParcel> parcels = [];
        if (order.ChoicesClosedAt is not null)
        {
            var found = await db.Shipments.IgnoreQueryFilters().AsNoTracking().Where(s => s.OrderId == code.OrderId && s.RecipientRow == code.RecipientRow)
                .OrderBy(s => s.Id).Select(s => new { s.Id, s.Status, s.Carrier, s.TrackingNo, s.DeliveredAt, s.SupplierId, s.Packages, s.Option })
                .ToListAsync(cancellationToken);
            parcels = found.Select(s => new GiftParcel(s.Id, s.Status.ToString(), s.Carrier, s.TrackingNo, s.DeliveredAt)
            {
                Contents = string.Join("，", order.ParcelLines(s.SupplierId, s.Packages, s.Option).Where(l => l.Quantity > 0)
                    .Select(l => $"{l.Line.ProductName} × {l.Quantity}")),
            }).ToList();
        }
        var address = code.Address is { } corrected
            ? $"{Addresses.Label(code.ProvinceCode!, code.CityCode!, code.DistrictCode!)} {corrected}"
            : $"{recipient.RegionLabel} {recipient.Address}";
        var where = code.Address is not null
            ? new GiftAddress(code.ProvinceCode!, code.CityCode!, code.DistrictCode!, code.Address)
            : new GiftAddress(recipient.ProvinceCode, recipient.CityCode, recipient.DistrictCode, recipient.Address);
        return new GiftFacts(snapshot.UnionName, recipient.Name, recipient.Mobile, address, where, skus, parcels);
    }

    private async Task<GiftOrderSnapshot?> SnapshotAsync(Guid orderId, long version, CancellationToken cancellationToken)
    {
        var key = (typeof(GiftOrderSnapshot), orderId);
        if (cache.TryGetValue(key, out GiftOrderSnapshot? kept) && kept!.Order.Version == version)
        {
            return kept;
        }
        if (await db.Orders.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.Mode == OrderMode.Choice, cancellationToken) is not { } order)
        {
            return null;
        }
        var union = await db.Unions.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == order.UnionId).Select(u => u.Name).FirstAsync(cancellationToken);
        var ids = order.Options.SelectMany(o => o.Lines).Select(l => l.SkuId).Distinct().ToList();
        var goods = await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id))
            .Join(db.Products.IgnoreQueryFilters(), s => s.ProductId, p => p.Id, (s, p) => new { s.Id, s.Spec, p.ImageUrl })
            .ToDictionaryAsync(s => s.Id, s => (s.Spec, s.ImageUrl), cancellationToken);
        var snapshot = new GiftOrderSnapshot(order, union, goods);
        cache.Set(key, snapshot, SnapshotLife);
        return snapshot;
    }

    private sealed record GiftOrderSnapshot(Order Order, string UnionName, IReadOnlyDictionary<Guid, (string Spec, string? ImageUrl)> Goods);

    public void SwitchReservation(Order order, int? from, int to, int packages) => staged.Add(async cancellationToken =>
    {
        var sql = CommitmentSql.For(SqlServer);
        // SKUs in id order, as every reservation takes them, so two members switching in opposite directions never deadlock on SQL Server.
        foreach (var (skuId, quantity) in GiftStock.Change(order, from, to, packages).OrderBy(c => c.Key))
        {
            if (quantity > 0 && await db.Database.ExecuteSqlAsync(sql.ReserveStock(skuId, quantity), cancellationToken) != 1)
            {
                return GiftStock.Gone(order, to, skuId);
            }
            if (quantity < 0 && await db.Database.ExecuteSqlAsync(sql.ReleaseStock(skuId, -quantity), cancellationToken) != 1)
            {
                logger.LogError("Order {OrderNumber}: could not release {Quantity} of SKU {SkuId} from a member's earlier choice", order.Number, -quantity, skuId);
            }
        }
        return null;
    });

    public async Task<IReadOnlyDictionary<Guid, int>> AvailableAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken)
    {
        var ids = skuIds.ToList();
        return await db.Skus.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Stock - s.Reserved, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<int, int>> PackagesByOptionAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.GiftCodes.IgnoreQueryFilters().AsNoTracking().Where(g => g.OrderId == orderId)
            .GroupBy(g => g.ChosenOption ?? -1).Select(g => new { g.Key, Packages = g.Sum(x => x.Packages) })
            .ToDictionaryAsync(g => g.Key, g => g.Packages, cancellationToken);

    public void Close(Order order, IReadOnlyDictionary<int, int> expected) => staged.Add(async cancellationToken =>
    {
        // Every code of the order changes version first (attack review, #24): a member's change that read the order
        // while it was open and commits after this close would otherwise move stock the close has already sold, and
        // the member's parcel would not follow it. Now that change fails its version check and nothing of it lands.
        // Done before the read below, so the read sees every change committed ahead of it (and locks out later ones).
        await BumpVersionsAsync(order.Id, cancellationToken);
        // Read again inside the transaction: a choice that slipped in since the use case read refuses the close, to be run again.
        var now = await PackagesByOptionAsync(order.Id, cancellationToken);
        if (now.Count != expected.Count || now.Any(p => expected.GetValueOrDefault(p.Key, -1) != p.Value))
        {
            return Conflicts.Changed();
        }
        var sql = CommitmentSql.For(SqlServer);
        var defaultOption = order.DefaultOption!.Value;
        var at = GiftSql.At(SqlServer, clock.GetUtcNow());
        if (expected.GetValueOrDefault(-1) is var unchosen and > 0)
        {
            foreach (var line in order.Options.Single(o => o.Index == defaultOption).Lines.OrderBy(l => l.SkuId))
            {
                if (await db.Database.ExecuteSqlAsync(sql.ReserveStock(line.SkuId, line.Quantity * unchosen), cancellationToken) != 1)
                {
                    return new Error(ErrorKind.InsufficientStock, Texts.Pick($"默认礼包的规格 {line.SkuCode} 库存不足 {line.Quantity * unchosen} 件，无法发放给未选择的职工。",
                        $"SKU {line.SkuCode} of the default package has fewer than the {line.Quantity * unchosen} needed for the members who did not choose."));
                }
            }
            await db.Database.ExecuteSqlAsync(GiftSql.Make(
                "UPDATE GiftCodes SET ChosenOption = {1}, Defaulted = 1, ChosenAt = {2}, Version = Version + 1 WHERE OrderId = {0} AND ChosenOption IS NULL",
                order.Id, defaultOption, at), cancellationToken);
        }

        // What each option leaves under the per-member value goes back: to the budget in one statement, to each member's cap per option.
        var maxFen = Money.ToFen(order.PackageValue);
        var year = order.BudgetYear!.Value;
        var totalBack = 0L;
        foreach (var option in order.Options)
        {
            var packages = expected.GetValueOrDefault(option.Index) + (option.Index == defaultOption ? expected.GetValueOrDefault(-1) : 0);
            var leftFen = maxFen - Money.ToFen(option.PackageValue);
            if (packages == 0 || leftFen == 0)
            {
                continue;
            }
            totalBack += leftFen * packages;
            var members = await db.Database.ExecuteSqlAsync(GiftSql.GiveBackToMembers(SqlServer, order.Id, order.UnionId, year, option.Index, leftFen), cancellationToken);
            var codes = await db.GiftCodes.IgnoreQueryFilters().CountAsync(g => g.OrderId == order.Id && g.ChosenOption == option.Index, cancellationToken);
            if (members != codes)
            {
                logger.LogError("Order {OrderNumber}: option {Option} gave back {Members} member caps of {Codes}", order.Number, option.Index, members, codes);
            }
        }
        if (totalBack > 0 && await db.Database.ExecuteSqlAsync(sql.TakeFromBudget(order.UnionId, year, totalBack), cancellationToken) != 1)
        {
            logger.LogError("Order {OrderNumber}: could not give back {Fen} fen of unused value to the {Year} budget", order.Number, totalBack, year);
        }

        // Parcels: one per member per supplier of their chosen option, to the address they confirmed.
        foreach (var option in order.Options)
        {
            foreach (var supplier in option.Lines.Select(l => l.SupplierId).Distinct().Order())
            {
                await db.Database.ExecuteSqlAsync(GiftSql.Parcels(SqlServer, order.Id, order.Number, order.UnionId, supplier, option.Index,
                    Money.ToFen(option.PackageValueOf(supplier)), at), cancellationToken);
            }
        }
        EnqueueProducts(order);
        return null;
    });

    public void ReleaseChoices(Order order) => staged.Add(async cancellationToken =>
    {
        // As at the close: a member's change racing the refund fails its version check instead of reserving stock
        // that nothing would ever release.
        await BumpVersionsAsync(order.Id, cancellationToken);
        var chosen = await PackagesByOptionAsync(order.Id, cancellationToken);
        var release = new Dictionary<Guid, int>();
        foreach (var option in order.Options)
        {
            foreach (var line in option.Lines)
            {
                release[line.SkuId] = release.GetValueOrDefault(line.SkuId) + line.Quantity * chosen.GetValueOrDefault(option.Index);
            }
        }
        var sql = CommitmentSql.For(SqlServer);
        foreach (var (skuId, quantity) in release.Where(r => r.Value > 0).OrderBy(r => r.Key))
        {
            await db.Database.ExecuteSqlAsync(sql.ReleaseStock(skuId, quantity), cancellationToken);
        }
        EnqueueProducts(order);
        return null;
    });

    public async Task<IReadOnlyList<Guid>> DueForClosingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await db.Orders.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Mode == OrderMode.Choice && o.Status == OrderStatus.Paid && o.ChoicesClosedAt == null && o.ChoiceDeadline <= now)
            .OrderBy(o => o.ChoiceDeadline).Select(o => o.Id).Take(max).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> DueForReminderAsync(DateTimeOffset now, TimeSpan within, int max, CancellationToken cancellationToken)
    {
        var until = now + within;
        return await db.Orders.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Mode == OrderMode.Choice && o.Status == OrderStatus.Paid && o.ChoicesClosedAt == null && o.ChoiceDeadline > now && o.ChoiceDeadline <= until)
            .Where(o => !db.MemberMessages.IgnoreQueryFilters().Any(m => m.OrderId == o.Id && m.Kind == MemberMessageKind.Reminder && m.By == null))
            .OrderBy(o => o.ChoiceDeadline).Select(o => o.Id).Take(max).ToListAsync(cancellationToken);
    }

    public async Task<GiftProgress> ProgressAsync(Order order, int take, CancellationToken cancellationToken)
    {
        var counts = await db.GiftCodes.AsNoTracking().Where(g => g.OrderId == order.Id)
            .GroupBy(g => g.ChosenOption ?? -1).Select(g => new { g.Key, Members = g.Count(), Packages = g.Sum(x => x.Packages) })
            .ToListAsync(cancellationToken);
        var members = counts.Sum(c => c.Members);
        var notChosen = counts.FirstOrDefault(c => c.Key == -1)?.Members ?? 0;
        var options = order.Options.OrderBy(o => o.Index)
            .Select(o => new GiftOptionCount(o.Index, o.Name, counts.FirstOrDefault(c => c.Key == o.Index)?.Members ?? 0, counts.FirstOrDefault(c => c.Key == o.Index)?.Packages ?? 0))
            .ToList();
        var listed = take == 0 ? [] : await db.GiftCodes.AsNoTracking().Where(g => g.OrderId == order.Id && g.ChosenOption == null)
            .Join(db.Recipients, g => new { g.OrderId, Row = g.RecipientRow }, r => new { r.OrderId, r.Row }, (g, r) => new { r.Row, r.Name, r.Mobile })
            .OrderBy(x => x.Row).Take(take).ToListAsync(cancellationToken);
        var messages = await db.MemberMessages.AsNoTracking().CountAsync(m => m.OrderId == order.Id, cancellationToken);
        return new GiftProgress(members, members - notChosen, options, notChosen,
            listed.Select(x => new GiftMember(x.Row, x.Name, UnionDashboard.Mask(x.Mobile))).ToList(), messages);
    }

    public async IAsyncEnumerable<GiftCodeRow> CodesAsync(Guid orderId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = db.GiftCodes.AsNoTracking().Where(g => g.OrderId == orderId)
            .Join(db.Recipients, g => new { g.OrderId, Row = g.RecipientRow }, r => new { r.OrderId, r.Row },
                (g, r) => new { r.Row, r.Name, r.Mobile, g.Code, g.ChosenOption })
            .OrderBy(x => x.Row).Select(x => new GiftCodeRow(x.Row, x.Name, x.Mobile, x.Code, x.ChosenOption));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    public async Task<Paged<MemberMessageView>> MessagesAsync(Guid orderId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.MemberMessages.AsNoTracking().Where(m => m.OrderId == orderId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => new { m.Id, m.Mobile, m.Kind, m.Text, m.At, m.SentAt, m.Attempts, m.Failure }).ToListAsync(cancellationToken);
        return new Paged<MemberMessageView>(total, page, pageSize,
            items.Select(m => new MemberMessageView(m.Id, UnionDashboard.Mask(m.Mobile), m.Kind.ToString(), m.Text, m.At,
                m.SentAt is not null ? "Sent" : m.Attempts >= MemberMessageDelivery.MaxAttempts ? "Failed" : "Recorded", m.SentAt, m.Failure)).ToList());
    }

    public Task<Core.Fulfilment.Shipment?> ParcelAsync(GiftCode code, long parcelId, CancellationToken cancellationToken) =>
        db.Shipments.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == parcelId && s.OrderId == code.OrderId && s.RecipientRow == code.RecipientRow, cancellationToken);

    public async Task<string> UnionNameAsync(Guid unionId, CancellationToken cancellationToken) =>
        await db.Unions.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == unionId).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken) ?? "";

    private Task<int> BumpVersionsAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(GiftSql.Make("UPDATE GiftCodes SET Version = Version + 1 WHERE OrderId = {0}", orderId), cancellationToken);

    public Task<bool> ShortToldAsync(Guid orderId, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.Notifications.IgnoreQueryFilters().AsNoTracking()
            .AnyAsync(n => n.SubjectId == orderId && n.Kind == Core.Notifications.NotificationKind.GiftDefaultShort && n.CreatedAt > since, cancellationToken);

    public Task<bool> RemindedSinceAsync(Guid orderId, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.MemberMessages.IgnoreQueryFilters().AsNoTracking()
            .AnyAsync(m => m.OrderId == orderId && m.Kind == MemberMessageKind.Reminder && m.By != null && m.At > since, cancellationToken);

    /// <summary>What can be sold changed, so search (its in-stock flag) hears about the options' products.</summary>
    private void EnqueueProducts(Order order)
    {
        var now = clock.GetUtcNow();
        db.CatalogOutbox.AddRange(order.Options.SelectMany(o => o.Lines).Select(l => l.ProductId).Distinct()
            .Select(id => new CatalogOutboxEntry { ProductId = id, EnqueuedAt = now }));
    }
}

/// <summary>The statements of member choice for each database.</summary>
internal static class GiftSql
{
    private static readonly UtcDateTimeOffsetToBinaryConverter Binary = new();

    public static FormattableString Make(string format, params object?[] arguments) => FormattableStringFactory.Create(format, arguments);

    /// <summary>An instant as the provider stores it (SQLite: EF's sortable 64-bit encoding).</summary>
    public static object At(bool sqlServer, DateTimeOffset at) => sqlServer ? at : (long)Binary.ConvertToProvider(at)!;

    /// <summary>The value an option leaves under the per-member value, × each chooser's packages, off their cap usage.</summary>
    public static FormattableString GiveBackToMembers(bool sqlServer, Guid orderId, Guid unionId, int year, int option, long leftFen) => sqlServer
        ? Make("UPDATE m SET m.UsedFen = m.UsedFen - g.Packages * {4} FROM MemberWelfareUsages AS m " +
               "JOIN OrderRecipients AS r ON m.Mobile = r.Mobile JOIN GiftCodes AS g ON g.OrderId = r.OrderId AND g.RecipientRow = r.[Row] " +
               "WHERE g.OrderId = {0} AND g.ChosenOption = {3} AND m.UnionId = {1} AND m.Year = {2} AND m.UsedFen >= g.Packages * {4}",
            orderId, unionId, year, option, leftFen)
        : Make("UPDATE MemberWelfareUsages SET UsedFen = MemberWelfareUsages.UsedFen - g.Packages * {4} " +
               "FROM GiftCodes AS g JOIN OrderRecipients AS r ON r.OrderId = g.OrderId AND r.\"Row\" = g.RecipientRow " +
               "WHERE g.OrderId = {0} AND g.ChosenOption = {3} AND MemberWelfareUsages.UnionId = {1} AND MemberWelfareUsages.Year = {2} " +
               "AND MemberWelfareUsages.Mobile = r.Mobile AND MemberWelfareUsages.UsedFen >= g.Packages * {4}",
            orderId, unionId, year, option, leftFen);

    /// <summary>A parcel per member who chose <paramref name="option"/> from one of its suppliers, to the address the member confirmed, marked with the option it holds.</summary>
    public static FormattableString Parcels(bool sqlServer, Guid orderId, string orderNumber, Guid unionId, Guid supplierId, int option, long valueFen, object at)
    {
        var row = sqlServer ? "r.[Row]" : "r.\"Row\"";
        return Make(
            "INSERT INTO Shipments (OrderId, OrderNumber, UnionId, SupplierId, RecipientRow, RecipientName, Mobile, ProvinceCode, CityCode, DistrictCode, Address, " +
            $"Packages, ChosenOption, ValueFen, Status, CreatedAt, Version) SELECT {{0}}, {{1}}, {{2}}, {{3}}, {row}, r.Name, r.Mobile, COALESCE(g.ProvinceCode, r.ProvinceCode), " +
            "COALESCE(g.CityCode, r.CityCode), COALESCE(g.DistrictCode, r.DistrictCode), COALESCE(g.Address, r.Address), " +
            $"g.Packages, {{6}}, g.Packages * {{4}}, 'Pending', {{5}}, 0 FROM GiftCodes AS g JOIN OrderRecipients AS r ON r.OrderId = g.OrderId AND {row} = g.RecipientRow " +
            $"WHERE g.OrderId = {{0}} AND g.ChosenOption = {{6}} ORDER BY {row}",
            orderId, orderNumber, unionId, supplierId, valueFen, at, option);
    }
}
