using Procurement.Infrastructure.Persistence.Ordering;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>
/// The shape of the reservation statements on both databases: each contended counter changes in one UPDATE whose
/// WHERE carries its guard, and rows are created under locks that keep two first orders from both inserting. The
/// SQLite statements run in every test here; the SQL Server ones run in the opt-in suite (SQLSERVER_CONNECTION).
/// </summary>
public sealed class CommitmentSqlTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "SqlServer" };

    private static CommitmentSql For(string provider) => CommitmentSql.For(provider == "SqlServer");

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_counter_update_carries_its_guard_in_the_where(string provider)
    {
        var sql = For(provider);
        var (union, order, sku) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.Matches(@"^UPDATE UnionBudgetUsages SET CommittedFen = CommittedFen \+ \{2\} WHERE .* AND CommittedFen \+ \{2\} <= \{3\}$", sql.AddToBudget(union, 2026, 1, 2).Format);
        Assert.Matches(@"AND CommittedFen >= \{2\}$", sql.TakeFromBudget(union, 2026, 1).Format);
        Assert.Matches(@"UsedFen \+ r\.Packages \* \{3\} <= \{4\}$", sql.AddToMembers(order, union, 2026, 1, 2).Format);
        Assert.Matches(@"UsedFen >= r\.Packages \* \{3\}$", sql.TakeFromMembers(order, union, 2026, 1).Format);
        Assert.Matches(@"^UPDATE Skus SET Reserved = Reserved \+ \{1\}, Version = Version \+ 1 WHERE Id = \{0\} AND Stock - Reserved >= \{1\}$", sql.ReserveStock(sku, 1).Format);
        Assert.Matches(@"AND Reserved >= \{1\}$", sql.ReleaseStock(sku, 1).Format);
        // A handful of parameters whatever the order's size: SQLite binds named parameters by linear search.
        Assert.All(new[] { sql.AddToMembers(order, union, 2026, 1, 2), sql.EnsureMembers(order, union, 2026), sql.OverCap(order, union, 2026, 1, 2, 201) },
            statement => Assert.True(statement.ArgumentCount <= 6));
    }

    [Fact]
    public void On_sql_server_rows_are_created_and_read_for_the_guard_under_update_locks()
    {
        var sql = CommitmentSql.SqlServer;
        var (union, order) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", sql.EnsureBudget(union, 2026).Format);
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", sql.EnsureMembers(order, union, 2026).Format);
        Assert.Contains("WITH (UPDLOCK)", sql.OverCap(order, union, 2026, 1, 2, 201).Format);
        Assert.StartsWith("UPDATE m SET m.UsedFen = m.UsedFen +", sql.AddToMembers(order, union, 2026, 1, 2).Format);
    }

    [Fact]
    public void On_sqlite_a_missing_row_is_created_by_an_upsert_that_never_fails()
    {
        var sql = CommitmentSql.Sqlite;
        Assert.EndsWith("ON CONFLICT DO NOTHING", sql.EnsureBudget(Guid.NewGuid(), 2026).Format);
        Assert.EndsWith("ON CONFLICT DO NOTHING", sql.EnsureMembers(Guid.NewGuid(), Guid.NewGuid(), 2026).Format);
    }
}
