using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Common;
using Procurement.Infrastructure.Persistence;

namespace Procurement.IntegrationTests.Persistence;

/// <summary>
/// A model change without a migration for each provider fails here, not in production; so does a migration whose
/// steps no longer make the schema the model describes (docs/database.md).
/// </summary>
public sealed class MigrationsTests : IDisposable
{
    private const string NoSqlServer = "Server=127.0.0.1;Database=none;User Id=x;Password=x;TrustServerCertificate=True";

    /// <summary>Tables the rest of the suite leans on hardest; each must come out of the migrations as the model says.</summary>
    private static readonly string[] MainTables =
        ["AspNetUsers", "Suppliers", "Unions", "Products", "Skus", "Orders", "OrderLines", "Payments", "Refunds", "Shipments", "PartnerOrders", "ReconciliationRuns", "CatalogOutbox"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "procurement-tests", "migrations-" + Guid.NewGuid().ToString("N"));

    public MigrationsTests() => Directory.CreateDirectory(_directory);

    internal static ProcurementDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<ProcurementDbContext>();
        PersistenceSetup.Configure(options, provider, connectionString, Path.GetTempPath());
        return new ProcurementDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    /// <summary>A file database (no pooling, so the folder can be deleted afterwards).</summary>
    internal static string SqliteFile(string directory, string name) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, name), Pooling = false }.ToString();

    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = Context(DatabaseProvider.Sqlite, "Data Source=:memory:");
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        // Never connects: the check compares the compiled model with the last migration's snapshot.
        using var db = Context(DatabaseProvider.SqlServer, NoSqlServer);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Each_provider_starts_from_one_baseline(DatabaseProvider provider)
    {
        // DatabaseMigrator takes the first migration for the baseline when it refuses a database from before it.
        using var db = Context(provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : NoSqlServer);
        var first = db.Database.GetMigrations().First();
        Assert.EndsWith("_Baseline", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_sqlite_file_migrated_at_start_up_has_the_schema_the_model_creates()
    {
        var migratedConnection = SqliteFile(_directory, "migrated.db");
        await using (var migrated = Context(DatabaseProvider.Sqlite, migratedConnection))
        {
            await new DatabaseMigrator(migrated, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
            Assert.False(migrated.Database.HasPendingModelChanges());
            Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
            Assert.Equal(migrated.Database.GetMigrations(), await migrated.Database.GetAppliedMigrationsAsync());
        }
        // The reference: the schema the model itself creates (the same DDL as GenerateCreateScript), with no migrations.
        var createdConnection = SqliteFile(_directory, "created.db");
        await using (var created = Context(DatabaseProvider.Sqlite, createdConnection))
        {
            Assert.True(await created.Database.EnsureCreatedAsync());
        }

        var migratedSchema = await SchemaAsync(migratedConnection);
        var createdSchema = await SchemaAsync(createdConnection);
        Assert.Equal(createdSchema.Keys.Order(), migratedSchema.Keys.Where(k => !k.StartsWith("table __EFMigrations", StringComparison.Ordinal)).Order());
        foreach (var (name, sql) in createdSchema)
        {
            Assert.True(sql == migratedSchema[name], $"{name} differs.\nModel:    {sql}\nMigrated: {migratedSchema[name]}");
        }

        foreach (var table in MainTables)
        {
            Assert.Contains($"table {table}", migratedSchema.Keys);
        }
        // The filtered unique index of the current reconciliation run, and the per-supplier SKU code index.
        Assert.Matches(@"CREATE UNIQUE INDEX ""IX_ReconciliationRuns_Current"" .* WHERE \[Current\] = 1", migratedSchema["index IX_ReconciliationRuns_Current"]);
        Assert.StartsWith("CREATE UNIQUE INDEX \"IX_Skus_SupplierId_Code\"", migratedSchema["index IX_Skus_SupplierId_Code"], StringComparison.Ordinal);
        await using var connection = new SqliteConnection(migratedConnection);
        await connection.OpenAsync();
        await using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await journal.ExecuteScalarAsync());
    }

    [Fact]
    public void The_SqlServer_script_creates_what_the_model_creates_and_is_idempotent()
    {
        using var db = Context(DatabaseProvider.SqlServer, NoSqlServer);
        var migrator = db.GetService<IMigrator>();
        var baseline = db.Database.GetMigrations().First();

        // What CI writes with `dotnet ef migrations script --idempotent` (.ci/run): each step guarded by the history.
        var idempotent = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains($"IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{baseline}'\n)", idempotent.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Products]", idempotent, StringComparison.Ordinal);
        Assert.Contains("WHERE [Current] = 1", idempotent, StringComparison.Ordinal);
        Assert.Contains("WHERE [ProviderRefundId] IS NOT NULL", idempotent, StringComparison.Ordinal);

        // Every statement the model creates is in the migrations' script, word for word (a table's columns as the
        // baseline created them plus those later migrations added), and the script creates no table the model lacks.
        var script = Statements(migrator.GenerateScript());
        var create = Statements(db.Database.GenerateCreateScript());
        Assert.NotEmpty(create);
        Assert.NotEmpty(Tables(create));
        Assert.Empty(Tables(create).Except(Tables(script)));
        Assert.Empty(create.Where(s => !s.StartsWith("CREATE TABLE", StringComparison.Ordinal)).Except(script));
        var tables = new Regex(@"^CREATE TABLE \[(\w+)\]", RegexOptions.Multiline);
        // A table a later migration dropped (SupplierNotices, moved into Notifications) was created and is gone.
        var dropped = new Regex(@"^DROP TABLE \[(\w+)\]", RegexOptions.Multiline);
        var gone = script.Select(s => dropped.Match(s)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(
            create.Select(s => tables.Match(s)).Where(m => m.Success).Select(m => m.Groups[1].Value).Order(),
            script.Select(s => tables.Match(s)).Where(m => m.Success).Select(m => m.Groups[1].Value).Where(t => t != "__EFMigrationsHistory" && !gone.Contains(t)).Order());
    }

    /// <summary>The statements of a SQL Server script (each ends with ";" and a blank line), without GO, the transaction and the history steps.</summary>
    private static List<string> Statements(string script) =>
        Regex.Split(Regex.Replace(script.ReplaceLineEndings("\n"), @"^(GO|BEGIN TRANSACTION;|COMMIT;)$", "", RegexOptions.Multiline), @";\n\s*\n")
            .Select(s => s.Trim().TrimEnd(';').Trim())
            .Where(s => s.Length > 0 && !s.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
            .ToList();

    /// <summary>
    /// Each table's column and constraint lines ("T: [Col] type ..."), from its CREATE TABLE and any later
    /// <c>ALTER TABLE [T] ADD</c>: a column added by a later migration counts like one the baseline created.
    /// </summary>
    private static List<string> Tables(IEnumerable<string> statements)
    {
        var lines = new List<string>();
        var create = new Regex(@"^CREATE TABLE \[(\w+)\] \((.*)\)$", RegexOptions.Singleline);
        var add = new Regex(@"^ALTER TABLE \[(\w+)\] ADD (\[.*)$", RegexOptions.Singleline);
        foreach (var statement in statements)
        {
            if (create.Match(statement) is { Success: true } table)
            {
                lines.AddRange(table.Groups[2].Value.Split('\n').Select(l => l.Trim().TrimEnd(',')).Where(l => l.Length > 0).Select(l => $"{table.Groups[1].Value}: {l}"));
            }
            else if (add.Match(statement) is { Success: true } column)
            {
                lines.Add($"{column.Groups[1].Value}: {column.Groups[2].Value.Trim()}");
            }
        }
        return lines;
    }

    /// <summary>
    /// Every table of a SQLite file by its columns (name, type, nullability, default, key) and foreign keys, and every
    /// index by the SQL that made it: a column a later migration added compares like one the baseline created.
    /// </summary>
    private static async Task<Dictionary<string, string>> SchemaAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND sql IS NOT NULL";
        var schema = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            schema[$"{reader.GetString(0)} {reader.GetString(1)}"] = reader.GetString(2);
        }
        foreach (var table in schema.Keys.Where(k => k.StartsWith("table ", StringComparison.Ordinal)).ToList())
        {
            await using var columns = connection.CreateCommand();
            columns.CommandText = "SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || COALESCE(dflt_value, '-') || ' ' || pk FROM pragma_table_info($t) " +
                "UNION ALL SELECT 'FK ' || \"from\" || ' ' || \"table\" || ' ' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list($t)";
            columns.Parameters.AddWithValue("$t", table["table ".Length..]);
            var described = new List<string>();
            await using var rows = await columns.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                described.Add(rows.GetString(0));
            }
            schema[table] = string.Join("\n", described.Order(StringComparer.Ordinal));
        }
        return schema;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans its temp folder.
        }
    }
}
