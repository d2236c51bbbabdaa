using Procurement.Core.Partners;

namespace Procurement.UnitTests.Partners;

public class PartnerRequestValidatorTests
{
    // 2026-03-10 12:00 in Beijing.
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 4, 0, 0, TimeSpan.Zero);
    private static readonly FixedClock Clock = new(Now);

    [Theory]
    [InlineData("P832", "2026-03-09")]
    [InlineData(" jsgh ", "2026-03-10")]
    public void A_run_of_a_known_partner_up_to_today_passes(string partner, string date) =>
        Assert.Empty(FieldErrors.Of(new StartRunValidator(Clock), new StartRun { PartnerCode = partner, Date = date }));

    [Fact]
    public void A_run_names_an_unknown_partner_and_a_bad_or_future_date()
    {
        var validator = new StartRunValidator(Clock);
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new StartRun { PartnerCode = "TMALL", Date = "2026-03-09" }), "partnerCode", "The partner must be P832, JSGH or GSXF.");
        foreach (var date in new[] { null, "", "2026-3-9", "2026-03-11", "yesterday" })
        {
            FieldErrors.AssertOnly(FieldErrors.Of(validator, new StartRun { PartnerCode = "GSXF", Date = date }), "date",
                "Give the business date (yyyy-MM-dd), not after today.");
        }
    }

    [Fact]
    public void An_upload_needs_a_partner_a_date_and_a_file()
    {
        var validator = new StatementUploadValidator(Clock);
        using var file = new MemoryStream([1]);
        Assert.Empty(FieldErrors.Of(validator, new StatementUpload("P832", "2026-03-09", file, "p832.csv")));
        var errors = FieldErrors.Of(validator, new StatementUpload("X", "2026-03-11", null, null));
        Assert.Equal(["partnerCode", "date", "file"], errors.Keys);
        Assert.Equal(["The partner must be P832, JSGH or GSXF."], errors["partnerCode"]);
        Assert.Equal(["Give the statement's date (yyyy-MM-dd), not after today."], errors["date"]);
        Assert.Equal(["Choose the statement file."], errors["file"]);
    }

    [Theory]
    [InlineData("Accepted")]
    [InlineData("adjusted")]
    [InlineData("IGNORED")]
    public void A_resolution_with_a_note_passes(string resolution) =>
        Assert.Empty(FieldErrors.Of(new ResolveItemValidator(), new ResolveItem { Resolution = resolution, Note = "平台少付 2 元，已补" }));

    [Theory]
    [InlineData(null)]
    [InlineData("Open")]
    [InlineData("1")]
    [InlineData("Fixed")]
    public void A_resolution_is_accepted_adjusted_or_ignored(string? resolution) =>
        FieldErrors.AssertOnly(FieldErrors.Of(new ResolveItemValidator(), new ResolveItem { Resolution = resolution, Note = "x" }), "resolution",
            "The resolution must be Accepted, Adjusted or Ignored.");

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData(501)]
    public void A_resolution_needs_a_note(object? note) =>
        FieldErrors.AssertOnly(FieldErrors.Of(new ResolveItemValidator(),
            new ResolveItem { Resolution = "Accepted", Note = note is int n ? new string('x', n) : (string?)note }), "note", "Give a note (at most 500 characters).");

    private static PartnerOrderPush Push() => new()
    {
        PartnerOrderNo = "832-20260310-0001",
        PlacedAt = Now.AddHours(-2),
        BuyerName = "南京市总工会",
        PaidAmount = 96m,
        Status = "Completed",
        Recipient = new PartnerPushRecipient { Name = "王芳", Phone = "13800000001", Province = "江苏省", City = "南京市", District = "玄武区", Address = "中山路 1 号" },
        Lines = [new PartnerPushLine { SkuCode = "HNPG-5KG", Quantity = 2, UnitPrice = 48m }],
    };

    [Fact]
    public void A_complete_push_passes() => Assert.Empty(FieldErrors.Of(new PartnerOrderPushValidator(Clock), Push()));

    [Fact]
    public void Each_bad_field_of_a_push_is_named_as_the_contract_spells_it()
    {
        var push = Push();
        push.PartnerOrderNo = " ";
        push.PlacedAt = Now.AddMinutes(6);
        push.BuyerName = new string('x', 101);
        push.PaidAmount = -1m;
        push.Status = "completed";
        push.Recipient!.Phone = null;
        push.Lines = [new PartnerPushLine { SkuCode = "", Quantity = 0, UnitPrice = 1.001m }];
        var errors = FieldErrors.Of(new PartnerOrderPushValidator(Clock), push);
        Assert.Equal(["partnerOrderNo", "placedAt", "buyerName", "paidAmount", "status", "recipient.phone", "lines[0].quantity", "lines[0].unitPrice"], errors.Keys);
        Assert.Equal(["Give the partner order number (at most 64 characters)."], errors["partnerOrderNo"]);
        Assert.Equal(["Give when it was placed, not in the future."], errors["placedAt"]);
        Assert.Equal(["Give the buyer (at most 100 characters)."], errors["buyerName"]);
        Assert.Equal(["The paid amount must be 0 or more with at most 2 decimals."], errors["paidAmount"]);
        Assert.Equal(["The status must be Completed, Refunded, PartiallyRefunded or Cancelled."], errors["status"]);
        Assert.Equal(["Give the recipient's phone (at most 20 characters)."], errors["recipient.phone"]);
        Assert.Equal(["The quantity must be a whole number from 1 to 10000."], errors["lines[0].quantity"]);
        Assert.Equal(["The unit price must be 0 or more with at most 2 decimals."], errors["lines[0].unitPrice"]);
    }

    [Fact]
    public void A_push_has_one_to_200_lines()
    {
        var push = Push();
        push.Lines = null;
        FieldErrors.AssertOnly(FieldErrors.Of(new PartnerOrderPushValidator(Clock), push), "lines", "An order needs 1–200 lines.");
        push.Lines = Enumerable.Range(0, 201).Select(_ => new PartnerPushLine { SkuCode = "A", Quantity = 1, UnitPrice = 1m }).ToList();
        FieldErrors.AssertOnly(FieldErrors.Of(new PartnerOrderPushValidator(Clock), push), "lines", "An order needs 1–200 lines.");
    }

    [Fact]
    public void A_push_line_takes_1_to_10000_units()
    {
        var push = Push();
        push.Lines![0].Quantity = PartnerOrderPushValidator.MaxQuantity;
        Assert.Empty(FieldErrors.Of(new PartnerOrderPushValidator(Clock), push));
        push.Lines[0].Quantity = PartnerOrderPushValidator.MaxQuantity + 1;
        FieldErrors.AssertOnly(FieldErrors.Of(new PartnerOrderPushValidator(Clock), push), "lines[0].quantity", "The quantity must be a whole number from 1 to 10000.");
    }

    [Fact]
    public void A_refund_push_names_its_order_and_needs_a_positive_amount_and_a_time()
    {
        var validator = new PartnerRefundPushValidator();
        Assert.Empty(FieldErrors.Of(validator, new PartnerRefundPush { PartnerOrderNo = "832-1", Amount = 12.5m, RefundedAt = Now }));
        var errors = FieldErrors.Of(validator, new PartnerRefundPush { Amount = 0m });
        Assert.Equal(["partnerOrderNo", "amount", "refundedAt"], errors.Keys);
        Assert.Equal(["The amount must be above 0 with at most 2 decimals."], errors["amount"]);
        Assert.Equal(["Give when it was refunded."], errors["refundedAt"]);
    }
}
