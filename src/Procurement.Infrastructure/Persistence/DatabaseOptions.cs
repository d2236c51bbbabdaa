namespace Procurement.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary><c>Database:Provider</c> and where the embedded data lives (<c>Storage:DataDirectory</c>).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public const string SqliteMigrationsAssembly = "Procurement.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Procurement.Migrations.SqlServer";
}
