using System.Runtime.CompilerServices;
using Procurement.Core.Reporting;

namespace Procurement.Infrastructure.Persistence.Reporting;

/// <summary>
/// The aggregates' one write, per database: add a delta to its row, creating the row if absent, in one statement
/// guarded by the row's unique key — SQLite's <c>INSERT … ON CONFLICT DO UPDATE</c>, SQL Server's <c>MERGE</c> under
/// <c>HOLDLOCK</c> (so two first payments of a day cannot both insert). Never a read then a write.
/// </summary>
public abstract class ReportingSql
{
    public static ReportingSql For(bool sqlServer) => sqlServer ? SqlServer : Sqlite;

    public static readonly ReportingSql Sqlite = new SqliteStatements();
    public static readonly ReportingSql SqlServer = new SqlServerStatements();

    public abstract FormattableString Add(FigureDelta delta);

    /// <summary>Credits an unmatched partner order to a union, once: 1 row when this call did it.</summary>
    public FormattableString Credit(Guid partnerOrderId, Guid unionId) => Create(
        "UPDATE PartnerOrderCredits SET UnionId = {1} WHERE PartnerOrderId = {0} AND UnionId IS NULL", partnerOrderId, unionId);

    /// <summary>Turns a partner order's credit to counting (or not): 1 row when it changed.</summary>
    public FormattableString Recount(Guid partnerOrderId, bool counted) => Create(
        "UPDATE PartnerOrderCredits SET Counted = {1} WHERE PartnerOrderId = {0} AND Counted <> {1}", partnerOrderId, counted);

    protected static object[] Values(FigureDelta d) =>
        [d.Key.UnionId, d.Key.Day, d.Key.Channel, d.Key.CountyCode, d.Key.Assisted, d.AmountFen, d.Orders, d.Members];

    protected static FormattableString Create(string format, params object[] arguments) => FormattableStringFactory.Create(format, arguments);

    private sealed class SqliteStatements : ReportingSql
    {
        public override FormattableString Add(FigureDelta delta) => Create(
            "INSERT INTO ReportDailyFigures (UnionId, Day, Channel, CountyCode, Assisted, AmountFen, Orders, Members) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}) " +
            "ON CONFLICT (UnionId, Day, Channel, CountyCode, Assisted) DO UPDATE SET AmountFen = AmountFen + excluded.AmountFen, " +
            "Orders = Orders + excluded.Orders, Members = Members + excluded.Members", Values(delta));
    }

    private sealed class SqlServerStatements : ReportingSql
    {
        public override FormattableString Add(FigureDelta delta) => Create(
            "MERGE ReportDailyFigures WITH (HOLDLOCK) AS t USING (SELECT {0} AS UnionId, {1} AS Day, {2} AS Channel, {3} AS CountyCode, {4} AS Assisted) AS s " +
            "ON t.UnionId = s.UnionId AND t.Day = s.Day AND t.Channel = s.Channel AND t.CountyCode = s.CountyCode AND t.Assisted = s.Assisted " +
            "WHEN MATCHED THEN UPDATE SET t.AmountFen = t.AmountFen + {5}, t.Orders = t.Orders + {6}, t.Members = t.Members + {7} " +
            "WHEN NOT MATCHED THEN INSERT (UnionId, Day, Channel, CountyCode, Assisted, AmountFen, Orders, Members) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7});",
            Values(delta));
    }
}
