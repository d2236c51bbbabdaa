using System.Runtime.CompilerServices;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>
/// The reservation statements for each database, in one place so tests can hold their shape: every change to a
/// contended counter is one <c>UPDATE</c> whose <c>WHERE</c> carries the guard, and every row it needs is first
/// created if absent (on SQL Server under <c>UPDLOCK, HOLDLOCK</c>, so two first orders of a year cannot both insert).
/// Values are parameters (EF's mappings); the same few parameters serve 20,000 recipients.
/// </summary>
public abstract class CommitmentSql
{
    public static CommitmentSql For(bool sqlServer) => sqlServer ? SqlServer : Sqlite;

    public static readonly CommitmentSql Sqlite = new SqliteStatements();
    public static readonly CommitmentSql SqlServer = new SqlServerStatements();

    public abstract FormattableString EnsureBudget(Guid unionId, int year);

    public FormattableString AddToBudget(Guid unionId, int year, long totalFen, long budgetFen) => Create(
        "UPDATE UnionBudgetUsages SET CommittedFen = CommittedFen + {2} WHERE UnionId = {0} AND Year = {1} AND CommittedFen + {2} <= {3}",
        unionId, year, totalFen, budgetFen);

    public FormattableString TakeFromBudget(Guid unionId, int year, long totalFen) => Create(
        "UPDATE UnionBudgetUsages SET CommittedFen = CommittedFen - {2} WHERE UnionId = {0} AND Year = {1} AND CommittedFen >= {2}",
        unionId, year, totalFen);

    /// <summary>One member's cap usage back (an after-sales refund of their package).</summary>
    public FormattableString TakeFromMember(Guid unionId, int year, string mobile, long valueFen) => Create(
        "UPDATE MemberWelfareUsages SET UsedFen = UsedFen - {3} WHERE UnionId = {0} AND Year = {1} AND Mobile = {2} AND UsedFen >= {3}",
        unionId, year, mobile, valueFen);

    /// <summary>The order's recipient rows whose year usage plus this order's share would pass the cap (at most <paramref name="max"/>).</summary>
    public abstract FormattableString OverCap(Guid orderId, Guid unionId, int year, long valueFen, long capFen, int max);

    public abstract FormattableString EnsureMembers(Guid orderId, Guid unionId, int year);

    public abstract FormattableString AddToMembers(Guid orderId, Guid unionId, int year, long valueFen, long capFen);

    public abstract FormattableString TakeFromMembers(Guid orderId, Guid unionId, int year, long valueFen);

    public FormattableString ReserveStock(Guid skuId, int quantity) => Create(
        "UPDATE Skus SET Reserved = Reserved + {1}, Version = Version + 1 WHERE Id = {0} AND Stock - Reserved >= {1}", skuId, quantity);

    public FormattableString SellStock(Guid skuId, int quantity) => Create(
        "UPDATE Skus SET Stock = Stock - {1}, Reserved = Reserved - {1}, Version = Version + 1 WHERE Id = {0} AND Reserved >= {1} AND Stock >= {1}", skuId, quantity);

    /// <summary>A partner's sale, taken from what is not reserved (the guard a partner sale first tries).</summary>
    public FormattableString TakeUnreserved(Guid skuId, int quantity) => Create(
        "UPDATE Skus SET Stock = Stock - {1}, Version = Version + 1 WHERE Id = {0} AND Stock - Reserved >= {1}", skuId, quantity);

    /// <summary>A partner's sale beyond what is free: what there was, taken (the rest is oversold and told to the supplier).</summary>
    public FormattableString TakeStock(Guid skuId, int quantity) => Create(
        "UPDATE Skus SET Stock = Stock - {1}, Version = Version + 1 WHERE Id = {0}", skuId, quantity);

    /// <summary>Sold units that never left (a refund before shipping) go back on sale.</summary>
    public FormattableString ReturnStock(Guid skuId, int quantity) => Create(
        "UPDATE Skus SET Stock = Stock + {1}, Version = Version + 1 WHERE Id = {0}", skuId, quantity);

    public FormattableString ReleaseStock(Guid skuId, int quantity) => Create(
        "UPDATE Skus SET Reserved = Reserved - {1}, Version = Version + 1 WHERE Id = {0} AND Reserved >= {1}", skuId, quantity);

    protected static FormattableString Create(string format, params object[] arguments) => FormattableStringFactory.Create(format, arguments);

    private sealed class SqliteStatements : CommitmentSql
    {
        public override FormattableString EnsureBudget(Guid unionId, int year) => Create(
            "INSERT INTO UnionBudgetUsages (UnionId, Year, CommittedFen) VALUES ({0}, {1}, 0) ON CONFLICT DO NOTHING", unionId, year);

        public override FormattableString OverCap(Guid orderId, Guid unionId, int year, long valueFen, long capFen, int max) => Create(
            "SELECT r.\"Row\" AS \"Row\", r.Mobile AS Mobile, COALESCE(m.UsedFen, 0) AS UsedFen, r.Packages AS Packages FROM OrderRecipients AS r " +
            "LEFT JOIN MemberWelfareUsages AS m ON m.UnionId = {1} AND m.Year = {2} AND m.Mobile = r.Mobile " +
            "WHERE r.OrderId = {0} AND COALESCE(m.UsedFen, 0) + r.Packages * {3} > {4} ORDER BY r.\"Row\" LIMIT {5}",
            orderId, unionId, year, valueFen, capFen, max);

        public override FormattableString EnsureMembers(Guid orderId, Guid unionId, int year) => Create(
            "INSERT INTO MemberWelfareUsages (UnionId, Year, Mobile, UsedFen) SELECT {1}, {2}, r.Mobile, 0 FROM OrderRecipients AS r " +
            "WHERE r.OrderId = {0} ON CONFLICT DO NOTHING", orderId, unionId, year);

        public override FormattableString AddToMembers(Guid orderId, Guid unionId, int year, long valueFen, long capFen) => Create(
            "UPDATE MemberWelfareUsages SET UsedFen = MemberWelfareUsages.UsedFen + r.Packages * {3} FROM OrderRecipients AS r " +
            "WHERE r.OrderId = {0} AND MemberWelfareUsages.UnionId = {1} AND MemberWelfareUsages.Year = {2} AND MemberWelfareUsages.Mobile = r.Mobile " +
            "AND MemberWelfareUsages.UsedFen + r.Packages * {3} <= {4}", orderId, unionId, year, valueFen, capFen);

        public override FormattableString TakeFromMembers(Guid orderId, Guid unionId, int year, long valueFen) => Create(
            "UPDATE MemberWelfareUsages SET UsedFen = MemberWelfareUsages.UsedFen - r.Packages * {3} FROM OrderRecipients AS r " +
            "WHERE r.OrderId = {0} AND MemberWelfareUsages.UnionId = {1} AND MemberWelfareUsages.Year = {2} AND MemberWelfareUsages.Mobile = r.Mobile " +
            "AND MemberWelfareUsages.UsedFen >= r.Packages * {3}", orderId, unionId, year, valueFen);
    }

    private sealed class SqlServerStatements : CommitmentSql
    {
        public override FormattableString EnsureBudget(Guid unionId, int year) => Create(
            "INSERT INTO UnionBudgetUsages (UnionId, Year, CommittedFen) SELECT {0}, {1}, 0 WHERE NOT EXISTS " +
            "(SELECT 1 FROM UnionBudgetUsages WITH (UPDLOCK, HOLDLOCK) WHERE UnionId = {0} AND Year = {1})", unionId, year);

        public override FormattableString OverCap(Guid orderId, Guid unionId, int year, long valueFen, long capFen, int max) => Create(
            "SELECT TOP ({5}) r.[Row] AS [Row], r.Mobile AS Mobile, COALESCE(m.UsedFen, 0) AS UsedFen, r.Packages AS Packages FROM OrderRecipients AS r " +
            "LEFT JOIN MemberWelfareUsages AS m WITH (UPDLOCK) ON m.UnionId = {1} AND m.Year = {2} AND m.Mobile = r.Mobile " +
            "WHERE r.OrderId = {0} AND COALESCE(m.UsedFen, 0) + r.Packages * {3} > {4} ORDER BY r.[Row]",
            orderId, unionId, year, valueFen, capFen, max);

        public override FormattableString EnsureMembers(Guid orderId, Guid unionId, int year) => Create(
            "INSERT INTO MemberWelfareUsages (UnionId, Year, Mobile, UsedFen) SELECT {1}, {2}, r.Mobile, 0 FROM OrderRecipients AS r " +
            "WHERE r.OrderId = {0} AND NOT EXISTS (SELECT 1 FROM MemberWelfareUsages AS m WITH (UPDLOCK, HOLDLOCK) " +
            "WHERE m.UnionId = {1} AND m.Year = {2} AND m.Mobile = r.Mobile)", orderId, unionId, year);

        public override FormattableString AddToMembers(Guid orderId, Guid unionId, int year, long valueFen, long capFen) => Create(
            "UPDATE m SET m.UsedFen = m.UsedFen + r.Packages * {3} FROM MemberWelfareUsages AS m INNER JOIN OrderRecipients AS r ON m.Mobile = r.Mobile " +
            "WHERE r.OrderId = {0} AND m.UnionId = {1} AND m.Year = {2} AND m.UsedFen + r.Packages * {3} <= {4}", orderId, unionId, year, valueFen, capFen);

        public override FormattableString TakeFromMembers(Guid orderId, Guid unionId, int year, long valueFen) => Create(
            "UPDATE m SET m.UsedFen = m.UsedFen - r.Packages * {3} FROM MemberWelfareUsages AS m INNER JOIN OrderRecipients AS r ON m.Mobile = r.Mobile " +
            "WHERE r.OrderId = {0} AND m.UnionId = {1} AND m.Year = {2} AND m.UsedFen >= r.Packages * {3}", orderId, unionId, year, valueFen);
    }
}
