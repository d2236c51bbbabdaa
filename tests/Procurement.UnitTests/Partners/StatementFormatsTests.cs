using System.Security.Cryptography;
using System.Text;
using Procurement.Core.Common;
using Procurement.Core.Partners;

namespace Procurement.UnitTests.Partners;

public sealed class StatementFormatsTests
{
    private static readonly DateOnly Day = new(2026, 12, 1);

    [Fact]
    public void A_p832_row_is_keyed_trimmed_with_full_width_digits_as_ascii_and_its_status_mapped()
    {
        var errors = new RowErrors();
        var row = StatementFormats.ReadRow(PartnerCodes.P832, Day, 2, [" Ｐ８３２０００１\u3000", "2026-12-01 23:30:00", "南京市总工会", "100.00", "5.00", "95.50", "2.87", "部分退款", "2026-12-01"],
            "raw", errors);
        Assert.False(errors.Any);
        Assert.Equal(("P8320001", 95.50m, 0m, PartnerOrderStatus.PartiallyRefunded), (row!.PartnerOrderNo, row.Amount, row.Refund, row.Status));
    }

    [Fact]
    public void Each_fault_of_a_row_is_named_by_its_column()
    {
        var errors = new RowErrors();
        Assert.Null(StatementFormats.ReadRow(PartnerCodes.Gsxf, Day, 7, ["", "LP1", "1.234", "x", "关闭了", "2026-12-02"], "raw", errors));
        var fields = errors.ToError().Fields!;
        foreach (var column in new[] { "row 7: 平台订单号", "row 7: 交易金额", "row 7: 退款金额", "row 7: 交易状态", "row 7: 清算日期" })
        {
            Assert.True(fields.ContainsKey(column), column);
        }
    }

    [Fact]
    public void A_refund_above_the_amount_is_refused()
    {
        var errors = new RowErrors();
        Assert.Null(StatementFormats.ReadRow(PartnerCodes.Jsgh, Day, 1, ["J1", "", "10", "11", "PartiallyRefunded", "2026-12-01T23:30:00+08:00"], "{}", errors));
        Assert.True(errors.ToError().Fields!.ContainsKey("row 1: refundAmount"));
    }

    [Fact]
    public void A_settlement_time_with_an_offset_counts_by_its_beijing_date()
    {
        // 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Beijing.
        Assert.Equal(Day, StatementFormats.ParseDate("2026-11-30T16:30:00Z"));
        Assert.Equal(Day, StatementFormats.ParseDate("2026/12/1"));
        Assert.Null(StatementFormats.ParseDate("12/01/2026"));
    }

    [Fact]
    public void The_header_must_be_the_contracts_in_order()
    {
        Assert.Null(StatementFormats.CheckHeader(PartnerCodes.P832, ["\uFEFF订单编号", "下单时间", "采购单位", "商品金额", "运费", "实付金额", "平台服务费", "订单状态", "结算日期", ""]));
        Assert.NotNull(StatementFormats.CheckHeader(PartnerCodes.P832, ["下单时间", "订单编号", "采购单位", "商品金额", "运费", "实付金额", "平台服务费", "订单状态", "结算日期"]));
    }
}

public sealed class PartnerSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"partnerOrderNo\":\"1\"}");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void The_window_is_300_seconds_either_way(int offset, bool valid)
    {
        var timestamp = Now.AddSeconds(offset).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(valid, PartnerSignature.Verify("s", timestamp, PartnerSignature.Sign("s", timestamp, Body), Body, Now));
    }

    [Fact]
    public void Another_secret_another_body_or_a_signature_of_another_length_fails()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = PartnerSignature.Sign("s", timestamp, Body);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData("s"u8.ToArray(), Encoding.UTF8.GetBytes(timestamp + ".").Concat(Body).ToArray())), signature);
        Assert.False(PartnerSignature.Verify("t", timestamp, signature, Body, Now));
        Assert.False(PartnerSignature.Verify("s", timestamp, signature, [.. Body, 0x20], Now));
        Assert.False(PartnerSignature.Verify("s", timestamp, signature[..^2], Body, Now));
        Assert.False(PartnerSignature.Verify("s", "not-a-number", signature, Body, Now));
    }

    [Fact]
    public void The_comparison_does_not_stop_at_the_first_wrong_character()
    {
        // FixedTimeEquals looks at every byte whatever differs: a signature wrong in its first character and one wrong
        // only in its last are refused by the same comparison, with no early exit a forger could time.
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = PartnerSignature.Sign("s", timestamp, Body);
        var wrongFirst = (signature[0] == 'a' ? 'b' : 'a') + signature[1..];
        var wrongLast = signature[..^1] + (signature[^1] == 'a' ? 'b' : 'a');
        Assert.False(PartnerSignature.Verify("s", timestamp, wrongFirst, Body, Now));
        Assert.False(PartnerSignature.Verify("s", timestamp, wrongLast, Body, Now));
        Assert.True(PartnerSignature.Verify("s", timestamp, signature.ToUpperInvariant(), Body, Now));
    }
}
