using Procurement.Core.Common;
using Procurement.Core.Fulfilment;

namespace Procurement.UnitTests.Fulfilment;

/// <summary>One tracking row on its own: each column checked and reported as <c>row N: column</c>.</summary>
public sealed class TrackingRowValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static (TrackingRow? Row, IReadOnlyDictionary<string, string[]> Errors) Check(string id, string carrier, string tracking, string delivered = "",
        TrackingRowValidator? validator = null, int row = 2)
    {
        var errors = new RowErrors();
        var checkedRow = (validator ?? new TrackingRowValidator(Now)).Check(new TrackingSheetRow(row, id, carrier, tracking, delivered), errors);
        return (checkedRow, errors.Any ? errors.ToError().Fields! : new Dictionary<string, string[]>());
    }

    [Fact]
    public void A_good_row_names_its_parcel_and_its_delivery()
    {
        var (row, errors) = Check("S1024", "顺丰速运", "SF1234567890", "2026-12-02 09:30");
        Assert.Empty(errors);
        Assert.Equal(1024, row!.ShipmentId);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 1, 30, 0, TimeSpan.Zero), row.DeliveredAt);
        Assert.Equal(("顺丰速运", "SF1234567890"), (row.Sheet.Carrier, row.Sheet.TrackingNo));
    }

    [Fact]
    public void A_row_without_a_delivery_time_is_only_sent() => Assert.Null(Check("7", "EMS", "ems-0001").Row!.DeliveredAt);

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("１２３")]
    public void A_parcel_number_that_is_not_positive_ASCII_digits_is_refused(string id)
    {
        var (row, errors) = Check(id, "EMS", "EMS00001");
        Assert.Null(row);
        Assert.Equal(["row 2: shipment_id"], errors.Keys);
    }

    [Fact]
    public void The_same_parcel_twice_names_the_first_row_but_is_still_judged()
    {
        var validator = new TrackingRowValidator(Now);
        Assert.Empty(Check("9", "EMS", "EMS00001", validator: validator, row: 2).Errors);
        var (row, errors) = Check("S9", "EMS", "EMS00002", validator: validator, row: 5);
        Assert.Equal(9, row!.ShipmentId);
        Assert.Contains("2", Assert.Single(errors["row 5: shipment_id"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")]
    public void A_missing_or_overlong_carrier_is_refused(string carrier)
    {
        var (row, errors) = Check("3", carrier, "EMS00001");
        Assert.NotNull(row);
        Assert.Equal(["row 2: carrier"], errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AB1")]
    [InlineData("S F 1")]
    [InlineData("SF_123456")]
    [InlineData("ＳＦ１２３４５６")]
    [InlineData("12345678901234567890123456789012345678901")]
    public void A_tracking_number_that_is_not_4_to_40_ASCII_letters_digits_or_dashes_is_refused(string tracking)
    {
        var (row, errors) = Check("3", "EMS", tracking);
        Assert.NotNull(row);
        Assert.Equal(["row 2: tracking_no"], errors.Keys);
    }

    [Theory]
    [InlineData("明天")]
    [InlineData("12/02/2026")]
    [InlineData("２０２６-12-02")]
    [InlineData("2026-12-03")]
    public void A_delivery_time_that_is_unreadable_or_in_the_future_is_refused(string delivered)
    {
        var (row, errors) = Check("3", "EMS", "EMS00001", delivered);
        Assert.NotNull(row);
        Assert.Equal(["row 2: delivered_at"], errors.Keys);
    }

    [Fact]
    public void A_delivery_within_the_clocks_skew_is_not_in_the_future() =>
        Assert.Empty(Check("3", "EMS", "EMS00001", "2026-12-02T02:04:00Z").Errors);

    [Fact]
    public void Every_bad_column_of_a_row_is_reported_at_once()
    {
        var (row, errors) = Check("x", "", "?", "soon");
        Assert.Null(row);
        Assert.Equal(["row 2: carrier", "row 2: delivered_at", "row 2: shipment_id", "row 2: tracking_no"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("SF 1234 5678", "SF12345678")]
    [InlineData(" SF12345678\u3000", "SF12345678")]
    [InlineData("SF\u30001234\u00A05678\t", "SF12345678")]
    public void Spaces_anywhere_in_a_tracking_number_are_dropped_issue_21(string typed, string kept)
    {
        var (row, errors) = Check("3", "EMS", typed);
        Assert.Empty(errors);
        Assert.Equal(kept, row!.Sheet.TrackingNo);
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData(" \u3000 ", "", true)]
    [InlineData("SF1", "", false)]
    [InlineData("", "2026-12-01", false)]
    public void A_row_with_neither_a_tracking_number_nor_a_delivery_is_not_yet_sent(string tracking, string delivered, bool notYet) =>
        Assert.Equal(notYet, TrackingRowValidator.NotYet(new TrackingSheetRow(2, "3", "顺丰速运", tracking, delivered)));
}
