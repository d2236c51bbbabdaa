using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>
/// An order's recipients. Replacing them is one delete and a bulk insert, staged into the unit of work: on SQLite one
/// prepared <c>INSERT</c> reused for every row (binding a handful of parameters is cheap; 20,000 tracked entities are
/// not), on SQL Server <see cref="SqlBulkCopy"/> inside the same transaction.
/// </summary>
public sealed class RecipientStore(ProcurementDbContext db, StagedStatements staged) : IRecipientStore
{
    private static readonly string[] ColumnNames = ["OrderId", "Row", "UnionId", "Name", "Mobile", "ProvinceCode", "CityCode", "DistrictCode", "Address", "Packages"];

    public void Replace(Guid orderId, IReadOnlyList<Recipient> recipients) => staged.Add(async cancellationToken =>
    {
        await db.Database.ExecuteSqlAsync($"DELETE FROM OrderRecipients WHERE OrderId = {orderId}", cancellationToken);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.IsSqlServer())
        {
            await BulkCopyAsync((SqlConnection)connection, (SqlTransaction)transaction, recipients, cancellationToken);
        }
        else
        {
            await InsertPreparedAsync(connection, transaction, recipients, cancellationToken);
        }
        return null;
    });

    public void Copy(Guid fromOrderId, Guid toOrderId, int recipients, int packages) => staged.Add(async cancellationToken =>
    {
        var row = db.Database.IsSqlServer() ? "[Row]" : "\"Row\"";
        // One statement: the rows are copied only while the source's list is still the one the plan was made from.
        var copied = await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(
            $"INSERT INTO OrderRecipients (OrderId, {row}, UnionId, Name, Mobile, ProvinceCode, CityCode, DistrictCode, Address, Packages) " +
            $"SELECT {{1}}, {row}, UnionId, Name, Mobile, ProvinceCode, CityCode, DistrictCode, Address, Packages FROM OrderRecipients WHERE OrderId = {{0}} " +
            "AND (SELECT COUNT(*) FROM OrderRecipients WHERE OrderId = {0}) = {2} " +
            "AND (SELECT COALESCE(SUM(Packages), 0) FROM OrderRecipients WHERE OrderId = {0}) = {3}",
            fromOrderId, toOrderId, recipients, packages), cancellationToken);
        return copied == recipients ? null : Conflicts.Changed();
    });

    public async Task<Paged<Recipient>> PageAsync(Guid orderId, string? q, int skip, int take, CancellationToken cancellationToken)
    {
        var rows = db.Recipients.AsNoTracking().Where(r => r.OrderId == orderId);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            rows = rows.Where(r => r.Name.Contains(text) || r.Mobile.Contains(text) || r.Address.Contains(text));
        }
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(r => r.Row).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new Paged<Recipient>(total, take == 0 ? 1 : skip / take + 1, take, items);
    }

    public async Task<IReadOnlyList<ProvinceCount>> ProvincesAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var counts = await db.Recipients.AsNoTracking().Where(r => r.OrderId == orderId)
            .GroupBy(r => r.ProvinceCode)
            .Select(g => new { Code = g.Key, Recipients = g.Count(), Packages = g.Sum(r => r.Packages) })
            .ToListAsync(cancellationToken);
        return counts.Select(c => new ProvinceCount(c.Code, Regions.NameOf(c.Code), c.Recipients, c.Packages))
            .OrderByDescending(c => c.Recipients).ThenBy(c => c.ProvinceCode, StringComparer.Ordinal).ToList();
    }

    public async IAsyncEnumerable<Recipient> AllAsync(Guid orderId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var recipient in db.Recipients.AsNoTracking().Where(r => r.OrderId == orderId).OrderBy(r => r.Row)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return recipient;
        }
    }

    private static async Task InsertPreparedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Recipient> recipients,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO OrderRecipients ({string.Join(", ", ColumnNames.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", ColumnNames.Select(c => "@" + c))})";
        var parameters = ColumnNames.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(cancellationToken);
        foreach (var r in recipients)
        {
            // Guids as EF Core's SQLite provider stores them: upper-case text, so EF reads back what it wrote.
            parameters[0].Value = SqliteGuid(r.OrderId);
            parameters[1].Value = r.Row;
            parameters[2].Value = SqliteGuid(r.UnionId);
            parameters[3].Value = r.Name;
            parameters[4].Value = r.Mobile;
            parameters[5].Value = r.ProvinceCode;
            parameters[6].Value = r.CityCode;
            parameters[7].Value = r.DistrictCode;
            parameters[8].Value = r.Address;
            parameters[9].Value = r.Packages;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static string SqliteGuid(Guid id) => id.ToString().ToUpperInvariant();

    private static async Task BulkCopyAsync(SqlConnection connection, SqlTransaction transaction, IReadOnlyList<Recipient> recipients,
        CancellationToken cancellationToken)
    {
        using var table = new DataTable();
        table.Columns.Add("OrderId", typeof(Guid));
        table.Columns.Add("Row", typeof(int));
        table.Columns.Add("UnionId", typeof(Guid));
        foreach (var name in ColumnNames[3..^1])
        {
            table.Columns.Add(name, typeof(string));
        }
        table.Columns.Add("Packages", typeof(int));
        foreach (var r in recipients)
        {
            table.Rows.Add(r.OrderId, r.Row, r.UnionId, r.Name, r.Mobile, r.ProvinceCode, r.CityCode, r.DistrictCode, r.Address, r.Packages);
        }
        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
        {
            DestinationTableName = "OrderRecipients",
            BatchSize = 5_000,
        };
        foreach (var name in ColumnNames)
        {
            copy.ColumnMappings.Add(name, name);
        }
        await copy.WriteToServerAsync(table, cancellationToken);
    }
}
