using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.Infrastructure.Persistence.Partners;

/// <summary>
/// Statements and their rows: the rows, parsed and checked before, go in by <see cref="BulkRows"/> in the transaction
/// that inserts the statement, which only writes.
/// </summary>
public sealed class StatementStore(ProcurementDbContext db) : IStatementStore
{
    private static readonly (string, Type)[] RowColumns =
    [
        ("StatementId", typeof(long)), ("Line", typeof(int)), ("PartnerOrderNo", typeof(string)), ("OrderNo", typeof(string)), ("Amount", typeof(decimal)),
        ("Refund", typeof(decimal)), ("Status", typeof(string)), ("Raw", typeof(string)),
    ];

    public Task<PartnerStatement?> FindByHashAsync(string partner, string hash, CancellationToken cancellationToken) =>
        db.PartnerStatements.AsNoTracking().FirstOrDefaultAsync(s => s.Partner == partner && s.ContentHash == hash, cancellationToken);

    public async Task<Result<long>> WriteAsync(PartnerStatement statement, IParsedRows rows, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Database.InTransactionAsync<Result<long>>(async transaction =>
            {
                // Accepted at once, so the generated id is the entity's (a retried attempt starts from a fresh context state).
                db.ChangeTracker.Clear();
                statement.Counted(rows.Count);
                db.PartnerStatements.Add(statement);
                await db.SaveChangesAsync(cancellationToken);
                using (var bulk = new BulkRows(db.Database.GetDbConnection(), transaction.GetDbTransaction(), "PartnerStatementRows", RowColumns))
                {
                    // Rows parsed and checked before the transaction opened: nothing here reads the file.
                    foreach (var row in rows.Read())
                    {
                        bulk.Add(statement.Id, row.Line, row.PartnerOrderNo, row.OrderNo, row.Amount, row.Refund, row.Status.ToString(), row.Raw);
                    }
                    bulk.Flush();
                }
                await transaction.CommitAsync(cancellationToken);
                return statement.Id;
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.ConflictOf(exception) is { } conflict)
        {
            return conflict;
        }
        finally
        {
            db.Entry(statement).State = EntityState.Detached;
        }
    }

    public Task<PartnerStatement?> LatestAsync(string partner, DateOnly date, CancellationToken cancellationToken) =>
        db.PartnerStatements.AsNoTracking().Where(s => s.Partner == partner && s.Date == date).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<PartnerStatement>> ListAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var statements = db.PartnerStatements.AsNoTracking().Where(s => s.Date >= from && s.Date <= to);
        if (partner is not null)
        {
            statements = statements.Where(s => s.Partner == partner);
        }
        return await statements.OrderByDescending(s => s.Date).ThenByDescending(s => s.Id).Take(500).ToListAsync(cancellationToken);
    }

    public async IAsyncEnumerable<RemoteEntry> RowsAsync(long statementId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The raw text stays in the database: reconciliation needs the key, the net amount and the status.
        var rows = db.StatementRows.AsNoTracking().Where(r => EF.Property<long>(r, "StatementId") == statementId)
            .OrderBy(r => r.Line)
            .Select(r => new { r.Line, r.PartnerOrderNo, r.Amount, r.Refund, r.Status });
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new RemoteEntry(row.Line, row.PartnerOrderNo, row.Amount - row.Refund, row.Status);
        }
    }
}

public sealed class PartnerStatementConfiguration : IEntityTypeConfiguration<PartnerStatement>
{
    public void Configure(EntityTypeBuilder<PartnerStatement> builder)
    {
        builder.ToTable("PartnerStatements");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Partner).HasMaxLength(8).IsUnicode(false);
        // The same file twice is one statement: its SHA-256, unique per partner.
        builder.Property(s => s.ContentHash).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(s => new { s.Partner, s.ContentHash }).IsUnique();
        builder.HasIndex(s => new { s.Partner, s.Date });
        builder.Property(s => s.FileName).HasMaxLength(PartnerStatement.MaxFileNameLength);
        builder.Property(s => s.Source).HasMaxLength(10).IsUnicode(false);
    }
}

public sealed class StatementRowConfiguration : IEntityTypeConfiguration<StatementRow>
{
    public void Configure(EntityTypeBuilder<StatementRow> builder)
    {
        builder.ToTable("PartnerStatementRows");
        builder.Property<long>("StatementId");
        // The statement and the line: what a row is, and the order reconciliation reads them in.
        builder.HasKey("StatementId", nameof(StatementRow.Line));
        builder.HasOne<PartnerStatement>().WithMany().HasForeignKey("StatementId").OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.PartnerOrderNo).HasMaxLength(PartnerOrder.MaxNumberLength);
        builder.Property(r => r.OrderNo).HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Ignore(r => r.Net);
    }
}
