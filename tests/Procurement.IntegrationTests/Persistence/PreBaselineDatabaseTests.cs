using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Infrastructure.Persistence;

namespace Procurement.IntegrationTests.Persistence;

/// <summary>
/// A database made by the development migrations that the baseline replaced is refused at start-up with a message
/// saying what to do, instead of "table already exists" halfway through migrating (docs/database.md).
/// </summary>
public sealed class PreBaselineDatabaseTests : IDisposable
{
    /// <summary>What the old SQLite set wrote into the history, first and last of the fifteen.</summary>
    private static readonly string[] OldMigrations = ["20261125094755_Initial", "20261125102645_CatalogOutbox", "20261202171127_PartnerReconciliation"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "procurement-tests", "pre-baseline-" + Guid.NewGuid().ToString("N"));

    public PreBaselineDatabaseTests() => Directory.CreateDirectory(_directory);

    /// <summary>A small stand-in for such a file: the history with the old names and one of the tables they made.</summary>
    private static async Task MakePreBaselineDatabaseAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
            CREATE TABLE "Suppliers" ("Id" TEXT NOT NULL CONSTRAINT "PK_Suppliers" PRIMARY KEY, "Name" TEXT NOT NULL);
            """ + string.Concat(OldMigrations.Select(m => $"INSERT INTO \"__EFMigrationsHistory\" VALUES ('{m}', '10.0.0');"));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    [Fact]
    public async Task A_database_from_before_the_baseline_is_refused_with_a_logged_message_saying_to_delete_the_data_folder()
    {
        var connectionString = MigrationsTests.SqliteFile(_directory, "procurement.db");
        await MakePreBaselineDatabaseAsync(connectionString);
        var logger = new RecordingLogger();

        await using (var db = MigrationsTests.Context(DatabaseProvider.Sqlite, connectionString))
        {
            var refused = await Assert.ThrowsAsync<DatabaseFromBeforeBaselineException>(() => new DatabaseMigrator(db, logger).MigrateAsync(CancellationToken.None));
            Assert.Contains("delete the data folder", refused.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(_directory, "procurement.db"), refused.Message, StringComparison.Ordinal);
            Assert.Contains("20261125094755_Initial", refused.Message, StringComparison.Ordinal);
            Assert.Contains(db.Database.GetMigrations().First(), refused.Message, StringComparison.Ordinal);
            var logged = Assert.Single(logger.Entries);
            Assert.Equal(LogLevel.Critical, logged.Level);
            Assert.Equal(refused.Message, logged.Message);
        }
        // Refused before migrating: nothing was created or half-created.
        Assert.Equal(["Suppliers", "__EFMigrationsHistory"], await TablesAsync(connectionString));
    }

    [Fact]
    public async Task A_new_file_and_a_database_at_the_baseline_start_without_complaint()
    {
        var connectionString = MigrationsTests.SqliteFile(_directory, "procurement.db");
        var logger = new RecordingLogger();
        for (var start = 0; start < 2; start++)
        {
            await using var db = MigrationsTests.Context(DatabaseProvider.Sqlite, connectionString);
            await new DatabaseMigrator(db, logger).MigrateAsync(CancellationToken.None);
        }
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("Products", await TablesAsync(connectionString));
    }

    [Fact]
    public async Task The_app_does_not_start_on_a_data_folder_from_before_the_baseline()
    {
        await using var app = new ProcurementApp();
        if (app.SqlServerConnection is not null)
        {
            return; // The SQLite data folder is what this is about; the SQL Server run starts on a database of its own.
        }
        Directory.CreateDirectory(app.DataDirectory);
        await MakePreBaselineDatabaseAsync(new SqliteConnectionStringBuilder { DataSource = Path.Combine(app.DataDirectory, "procurement.db"), Pooling = false }.ToString());

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);
        var cause = refused as DatabaseFromBeforeBaselineException ?? refused.InnerException as DatabaseFromBeforeBaselineException;
        Assert.NotNull(cause);
        Assert.Contains("delete the data folder", cause.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans its temp folder.
        }
    }

    private sealed class RecordingLogger : ILogger<DatabaseMigrator>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
