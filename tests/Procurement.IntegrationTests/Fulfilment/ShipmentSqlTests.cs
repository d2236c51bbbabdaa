using System.Text.Json;
using Procurement.Core.Fulfilment;
using Procurement.Infrastructure.Persistence.Fulfilment;

namespace Procurement.IntegrationTests.Fulfilment;

/// <summary>
/// The bulk parcel statements on both databases: an order's parcels made by one INSERT … SELECT per supplier, and a
/// tracking import applied by one UPDATE from a JSON array, guarded by the parcel's state, with one parameter however
/// many rows. The SQLite ones run in every fulfilment test; the SQL Server ones are held to their shape here.
/// </summary>
public sealed class ShipmentSqlTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "SqlServer" };

    private static ShipmentSql For(string provider) => ShipmentSql.For(provider == "SqlServer");

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parcels_are_made_from_the_recipients_in_one_statement_with_their_value(string provider)
    {
        var create = For(provider).Create(Guid.NewGuid(), "LP20261202-000001", Guid.NewGuid(), Guid.NewGuid(), 3990, DateTimeOffset.UtcNow);
        Assert.StartsWith("INSERT INTO Shipments (", create.Format);
        Assert.Contains("FROM OrderRecipients AS r WHERE r.OrderId = {0}", create.Format);
        Assert.Contains("r.Packages * {4}", create.Format);
        Assert.Equal(6, create.ArgumentCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_tracking_import_is_one_guarded_update_with_one_parameter(string provider)
    {
        var sql = For(provider);
        var rows = Enumerable.Range(1, 20_000).Select(i => new TrackingUpdate(i, "顺丰速运", $"SF{i:D10}", DateTimeOffset.UtcNow, i % 2 == 0 ? DateTimeOffset.UtcNow : null, 202612)).ToList();
        var json = sql.Json(rows);
        var track = sql.Track(json);
        Assert.Equal(1, track.ArgumentCount);
        Assert.Contains("Status IN ('Pending', 'Shipped')", track.Format);
        Assert.Contains(provider == "SqlServer" ? "OPENJSON({0})" : "json_each({0})", track.Format);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(20_000, parsed.RootElement.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, parsed.RootElement[0].GetProperty("d").ValueKind);
        Assert.Equal(202612, parsed.RootElement[1].GetProperty("m").GetInt32());
    }

    [Fact]
    public void Times_go_in_as_each_database_stores_them()
    {
        var at = new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
        Assert.IsType<long>(ShipmentSql.Sqlite.At(at));
        Assert.Equal(at, ShipmentSql.SqlServer.At(at));
        Assert.Contains("datetimeoffset '$.s'", ShipmentSql.SqlServer.Track("[]").Format);
    }
}
