using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Procurement.Infrastructure.Persistence;

/// <summary>
/// Inserts many rows into one table inside the caller's transaction, the fast way each provider has: on SQLite one
/// prepared <c>INSERT</c> reused for every row (a handful of parameters bound each time — SQLite finds named
/// parameters by linear search, so a statement of hundreds would be slower, not faster); on SQL Server
/// <see cref="SqlBulkCopy"/> of buffered batches. Rows are handed over one at a time, so nothing holds a whole file.
/// </summary>
public sealed class BulkRows : IDisposable
{
    private const int SqlServerBatch = 10_000;

    private readonly DbCommand? _insert;
    private readonly DbParameter[] _parameters = [];
    private readonly SqlBulkCopy? _copy;
    private readonly DataTable? _buffer;

    public BulkRows(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<(string Name, Type Type)> columns)
    {
        if (connection is SqlConnection sql)
        {
            _copy = new SqlBulkCopy(sql, SqlBulkCopyOptions.CheckConstraints, (SqlTransaction)transaction) { DestinationTableName = table, BatchSize = SqlServerBatch, BulkCopyTimeout = 0 };
            _buffer = new DataTable();
            foreach (var (name, type) in columns)
            {
                _buffer.Columns.Add(name, Nullable.GetUnderlyingType(type) ?? type);
                _copy.ColumnMappings.Add(name, name);
            }
            return;
        }
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        _parameters = columns.Select((_, i) =>
        {
            var parameter = _insert.CreateParameter();
            parameter.ParameterName = "@p" + i;
            _insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        _insert.Prepare();
    }

    public int Count { get; private set; }

    public void Add(params ReadOnlySpan<object?> values)
    {
        Count++;
        if (_buffer is not null)
        {
            var row = _buffer.NewRow();
            for (var i = 0; i < values.Length; i++)
            {
                row[i] = values[i] ?? DBNull.Value;
            }
            _buffer.Rows.Add(row);
            if (_buffer.Rows.Count >= SqlServerBatch)
            {
                Flush();
            }
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
        _insert!.ExecuteNonQuery();
    }

    /// <summary>Writes what SQL Server's buffer holds (SQLite writes each row as it comes).</summary>
    public void Flush()
    {
        if (_buffer is { Rows.Count: > 0 })
        {
            _copy!.WriteToServer(_buffer);
            _buffer.Clear();
        }
    }

    public void Dispose()
    {
        _insert?.Dispose();
        ((IDisposable?)_copy)?.Dispose();
        _buffer?.Dispose();
    }
}
