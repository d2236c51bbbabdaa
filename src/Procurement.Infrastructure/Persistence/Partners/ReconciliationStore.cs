using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.Infrastructure.Persistence.Partners;

/// <summary>
/// Runs and their items. Items are written by <see cref="BulkRows"/> in chunks, each chunk its own short transaction:
/// a run's items are invisible until <see cref="PromoteAsync"/> makes it the date's current result, so the chunks
/// never show half a result, and SQLite's single writer is never held for the whole million.
/// </summary>
public sealed class ReconciliationStore(ProcurementDbContext db) : IReconciliationStore
{
    private const int Chunk = 50_000;

    private static readonly (string, Type)[] ItemColumns =
    [
        ("RunId", typeof(long)), ("Category", typeof(string)), ("PartnerOrderNo", typeof(string)), ("OrderNumber", typeof(string)), ("LocalAmount", typeof(decimal)),
        ("RemoteAmount", typeof(decimal)), ("Difference", typeof(decimal)), ("LocalStatus", typeof(string)), ("RemoteStatus", typeof(string)), ("Line", typeof(int)),
        ("Resolution", typeof(string)), ("Note", typeof(string)), ("ResolvedBy", typeof(Guid)), ("ResolvedAt", typeof(DateTimeOffset)),
    ];

    public void Add(ReconciliationRun run) => db.ReconciliationRuns.Add(run);

    public Task<ReconciliationRun?> FindRunAsync(long id, CancellationToken cancellationToken) =>
        db.ReconciliationRuns.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public async Task<IReadOnlyList<ReconciliationRun>> RunsAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var runs = db.ReconciliationRuns.AsNoTracking().Where(r => r.Date >= from && r.Date <= to);
        if (partner is not null)
        {
            runs = runs.Where(r => r.Partner == partner);
        }
        return await runs.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).Take(500).ToListAsync(cancellationToken);
    }

    public async IAsyncEnumerable<LocalEntry> LocalAsync(string partner, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var orders = db.PartnerOrders.AsNoTracking().Where(o => o.Partner == partner && o.PlacedAt >= from && o.PlacedAt < to);
        // Refunds are few: summed per order first, then laid over the stream of orders.
        var refunds = await orders.SelectMany(o => o.Refunds, (o, r) => new { o.Id, r.Amount }).ToListAsync(cancellationToken);
        var refunded = refunds.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        await foreach (var order in orders.Select(o => new { o.Id, o.PartnerOrderNo, o.Number, o.PaidAmount, o.Status }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new LocalEntry(order.PartnerOrderNo, order.Number, order.PaidAmount, refunded.GetValueOrDefault(order.Id), order.Status);
        }
    }

    public async Task<IReadOnlyList<CarriedResolution>> DecisionsAsync(string partner, DateOnly date, CancellationToken cancellationToken)
    {
        var decided = await db.ReconciliationItems.AsNoTracking()
            .Where(i => i.Resolution != ItemResolution.Open)
            .Join(db.ReconciliationRuns.Where(r => r.Partner == partner && r.Date == date && r.Current), i => i.RunId, r => r.Id, (i, r) => i)
            .OrderBy(i => i.Id)
            .ToListAsync(cancellationToken);
        var occurrences = new Occurrences();
        return decided.Select(i => new CarriedResolution(i.Category, i.PartnerOrderNo, occurrences.Of(i.Category, i.PartnerOrderNo), i.Resolution, i.Note,
            i.ResolvedBy, i.ResolvedAt)).ToList();
    }

    public async Task<int> WriteItemsAsync(long runId, IEnumerable<ReconciliationItem> items, Func<int, Task> stored, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var chunk in items.Chunk(Chunk))
        {
            await db.Database.InTransactionAsync(async transaction =>
            {
                using var bulk = new BulkRows(db.Database.GetDbConnection(), transaction.GetDbTransaction(), "ReconciliationItems", ItemColumns);
                foreach (var i in chunk)
                {
                    bulk.Add(runId, i.Category.ToString(), i.PartnerOrderNo, i.OrderNumber, i.LocalAmount, i.RemoteAmount, i.Difference, i.LocalStatus?.ToString(),
                        i.RemoteStatus?.ToString(), i.Line, i.Resolution.ToString(), i.Note, ResolvedBy(i.ResolvedBy), ResolvedAt(i.ResolvedAt));
                }
                bulk.Flush();
                await transaction.CommitAsync(cancellationToken);
                return 0;
            }, cancellationToken);
            written += chunk.Length;
            await stored(written);
        }
        return written;
    }

    public Task ReportAsync(long runId, RunProgress progress, CancellationToken cancellationToken) =>
        db.ReconciliationRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.RowsRead, progress.RowsRead)
            .SetProperty(r => r.Classified, progress.Classified)
            .SetProperty(r => r.Stored, progress.Stored), cancellationToken);

    public Task PromoteAsync(ReconciliationRun run, CancellationToken cancellationToken) => db.Database.InTransactionAsync(async transaction =>
    {
        await db.ReconciliationRuns.Where(r => r.Partner == run.Partner && r.Date == run.Date && r.Current && r.Id != run.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Current, false), cancellationToken);
        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        return 0;
    }, cancellationToken);

    public async Task<int> PurgeAsync(string partner, DateOnly date, CancellationToken cancellationToken)
    {
        var stale = db.ReconciliationRuns.Where(r => r.Partner == partner && r.Date == date && !r.Current && r.Status != RunStatus.Running && r.Status != RunStatus.Queued)
            .Select(r => r.Id);
        return await db.ReconciliationItems.Where(i => stale.Contains(i.RunId)).ExecuteDeleteAsync(cancellationToken);
    }

    public Task DeleteItemsAsync(long runId, CancellationToken cancellationToken) =>
        db.ReconciliationItems.Where(i => i.RunId == runId).ExecuteDeleteAsync(cancellationToken);

    public async Task<Paged<ItemView>> ItemsAsync(ReconciliationRun run, ItemQuery query, CancellationToken cancellationToken)
    {
        var items = Filter(db.ReconciliationItems.AsNoTracking().Where(i => i.RunId == run.Id), query);
        var total = await items.CountAsync(cancellationToken);
        // The (run, category) index's order (its entries end with the row id): a page of a million items needs no sort.
        var page = await Views(items.OrderBy(i => i.Category).ThenBy(i => i.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize), cancellationToken);
        return new Paged<ItemView>(total, query.Page, query.PageSize, page);
    }

    public async Task<Paged<ItemView>> OpenBeforeAsync(string partner, DateOnly date, ItemQuery query, CancellationToken cancellationToken)
    {
        var runs = db.ReconciliationRuns.Where(r => r.Partner == partner && r.Date < date && r.Current).Select(r => r.Id);
        var items = Filter(db.ReconciliationItems.AsNoTracking().Where(i => runs.Contains(i.RunId) && i.Category != ReconciliationCategory.Matched
            && i.Resolution == ItemResolution.Open), query);
        var total = await items.CountAsync(cancellationToken);
        var page = await Views(items.OrderBy(i => i.RunId).ThenBy(i => i.Category).ThenBy(i => i.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize),
            cancellationToken);
        return new Paged<ItemView>(total, query.Page, query.PageSize, page);
    }

    public Task<ReconciliationItem?> FindItemAsync(long itemId, CancellationToken cancellationToken) =>
        db.ReconciliationItems.FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);

    public async Task<ItemView?> ItemViewAsync(long itemId, CancellationToken cancellationToken) =>
        (await Views(db.ReconciliationItems.AsNoTracking().Where(i => i.Id == itemId), cancellationToken)).FirstOrDefault();

    /// <summary>
    /// Read by a plain command rather than EF's materializer: a million rows, ten columns, written out as they come, in
    /// the order of the (run, category) index — each category together, no sort of a million rows.
    /// The filter EF would add is the desk's own check (finance, admins, the system), made before this is called.
    /// </summary>
    public async IAsyncEnumerable<ItemView> ExportAsync(ReconciliationRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            // Who resolved each difference is named (issue #21): the export says who decided and when, as the page does.
            command.CommandText = "SELECT i.Category, i.PartnerOrderNo, i.OrderNumber, i.LocalAmount, i.RemoteAmount, i.Difference, i.LocalStatus, i.RemoteStatus, i.Resolution, i.Note, i.Id, i.Line, " +
                                  "u.DisplayName, i.ResolvedAt FROM ReconciliationItems i LEFT JOIN AspNetUsers u ON u.Id = i.ResolvedBy WHERE i.RunId = @run ORDER BY i.Category, i.Id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@run";
            parameter.Value = run.Id;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return new ItemView(reader.GetInt64(10), run.Id, run.Date, CategoryNames[reader.GetString(0)], reader.GetString(1), Text(reader, 2), Amount(reader, 3),
                    Amount(reader, 4), reader.GetDecimal(5), Text(reader, 6), Text(reader, 7), reader.GetString(8), Text(reader, 9), Text(reader, 12),
                    When(reader, 13), reader.IsDBNull(11) ? null : reader.GetInt32(11));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Stored as the enum's names; the contract's names come from the desk.
    private static readonly IReadOnlyDictionary<string, string> CategoryNames =
        ReconciliationViews.Categories.ToDictionary(c => c.Value.ToString(), c => c.Key, StringComparer.Ordinal);

    private static readonly UtcDateTimeOffsetToBinaryConverter Instants = new();

    /// <summary>A time read by hand: SQLite keeps it as the sortable 64-bit number of <see cref="UtcDateTimeOffsetToBinaryConverter"/>.</summary>
    private static DateTimeOffset? When(System.Data.Common.DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null
        : reader.GetFieldType(column) == typeof(long) ? (DateTimeOffset)Instants.ConvertFromProvider(reader.GetInt64(column))!
        : reader.GetFieldValue<DateTimeOffset>(column);

    private static string? Text(System.Data.Common.DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static decimal? Amount(System.Data.Common.DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDecimal(column);

    public async Task<IReadOnlyList<DayDifferences>> DaysAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var runs = db.ReconciliationRuns.AsNoTracking().Where(r => r.Current && r.Date >= from && r.Date <= to);
        if (partner is not null)
        {
            runs = runs.Where(r => r.Partner == partner);
        }
        var found = await runs.OrderBy(r => r.Date).ThenBy(r => r.Partner).ToListAsync(cancellationToken);
        var ids = found.Select(r => r.Id).ToList();
        var open = await db.ReconciliationItems.AsNoTracking()
            .Where(i => EF.Parameter(ids).Contains(i.RunId) && i.Category != ReconciliationCategory.Matched && i.Resolution == ItemResolution.Open)
            .GroupBy(i => i.RunId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return found.Select(r => new DayDifferences(r.Date, r.Partner, r.Id, r.Summary.Differences, open.GetValueOrDefault(r.Id), r.GrossDifference)).ToList();
    }

    private static IQueryable<ReconciliationItem> Filter(IQueryable<ReconciliationItem> items, ItemQuery query)
    {
        if (query.Category is { } category)
        {
            items = items.Where(i => i.Category == category);
        }
        else if (query.DifferencesOnly)
        {
            items = items.Where(i => i.Category != ReconciliationCategory.Matched);
        }
        if (query.Q is { } q)
        {
            var key = PartnerCodes.OrderKey(q);
            var number = q.ToUpperInvariant();
            items = items.Where(i => i.PartnerOrderNo.Contains(key) || (i.OrderNumber != null && i.OrderNumber.Contains(number)));
        }
        return items;
    }

    private async Task<IReadOnlyList<ItemView>> Views(IQueryable<ReconciliationItem> items, CancellationToken cancellationToken)
    {
        var rows = await items
            .Join(db.ReconciliationRuns, i => i.RunId, r => r.Id, (i, r) => new { Item = i, r.Date })
            .GroupJoin(db.Users, x => x.Item.ResolvedBy, u => u.Id, (x, users) => new { x.Item, x.Date, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.Item, x.Date, ResolvedBy = u == null ? null : u.DisplayName })
            .ToListAsync(cancellationToken);
        // The joins around the page keep its rows, not necessarily their order: the page's own order again (categories are
        // stored as their names, so by name).
        return rows.OrderBy(x => x.Item.RunId).ThenBy(x => x.Item.Category.ToString(), StringComparer.Ordinal).ThenBy(x => x.Item.Id).Select(x => new ItemView(x.Item.Id, x.Item.RunId, x.Date, ReconciliationViews.CategoryName(x.Item.Category), x.Item.PartnerOrderNo, x.Item.OrderNumber,
            x.Item.LocalAmount, x.Item.RemoteAmount, x.Item.Difference, x.Item.LocalStatus?.ToString(), x.Item.RemoteStatus?.ToString(), x.Item.Resolution.ToString(),
            x.Item.Note, x.ResolvedBy, x.Item.ResolvedAt, x.Item.Line)).ToList();
    }

    /// <summary>A carried decision's author as the context stores GUIDs (upper-case text on SQLite).</summary>
    private object? ResolvedBy(Guid? by) => by is null ? null : db.Database.IsSqlServer() ? by.Value : Ordering.RecipientStore.SqliteGuid(by.Value);

    /// <summary>A carried decision's time as the context stores times (binary on SQLite).</summary>
    private object? ResolvedAt(DateTimeOffset? at) => at is null ? null
        : db.Database.IsSqlServer() ? at.Value
        : new UtcDateTimeOffsetToBinaryConverter().ConvertToProvider(at.Value);
}

public sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> builder)
    {
        builder.ToTable("ReconciliationRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Partner).HasMaxLength(8).IsUnicode(false);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(12).IsUnicode(false);
        builder.Property(r => r.Error).HasMaxLength(ReconciliationRun.MaxErrorLength);
        builder.HasIndex(r => new { r.Partner, r.Date });
        // One current result per partner and date, whatever two runs finishing together do.
        builder.HasIndex(r => new { r.Partner, r.Date }).IsUnique().HasFilter("[Current] = 1").HasDatabaseName("IX_ReconciliationRuns_Current");
        builder.Ignore(r => r.Summary);
        builder.Ignore(r => r.Totals);
    }
}

public sealed class ReconciliationItemConfiguration : IEntityTypeConfiguration<ReconciliationItem>
{
    public void Configure(EntityTypeBuilder<ReconciliationItem> builder)
    {
        builder.ToTable("ReconciliationItems");
        builder.HasKey(i => i.Id);
        builder.HasOne<ReconciliationRun>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
        // The one index beside the key: a run's items by category (the filters, the counts); a million rows pay for each index.
        builder.HasIndex(i => new { i.RunId, i.Category });
        builder.Property(i => i.Category).HasConversion<string>().HasMaxLength(16).IsUnicode(false);
        builder.Property(i => i.PartnerOrderNo).HasMaxLength(PartnerOrder.MaxNumberLength);
        builder.Property(i => i.OrderNumber).HasMaxLength(20).IsUnicode(false);
        builder.Property(i => i.LocalStatus).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(i => i.RemoteStatus).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(i => i.Resolution).HasConversion<string>().HasMaxLength(10).IsUnicode(false);
        builder.Property(i => i.Note).HasMaxLength(ReconciliationItem.MaxNoteLength);
    }
}
