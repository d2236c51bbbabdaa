using Procurement.Core.Payments;

namespace Procurement.UnitTests.Payments;

public class PaymentRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 4, 0, 0, TimeSpan.Zero);
    private static readonly PaymentMethodNames Methods = new(Online: "stripe", BankTransfer: "bank_transfer");

    [Fact]
    public void A_bank_transfer_receipt_with_amount_reference_and_past_time_passes() =>
        Assert.Empty(FieldErrors.Of(new BankTransferConfirmationRequestValidator(new FixedClock(Now)),
            new BankTransferConfirmationRequest { Amount = 1234.5m, Reference = " 陇品汇 LPH-1 ", ReceivedAt = Now.AddHours(-1) }));

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.005")]
    [InlineData("100000000000.01")]
    public void A_receipt_amount_must_be_positive_money(string? amount)
    {
        var errors = FieldErrors.Of(new BankTransferConfirmationRequestValidator(new FixedClock(Now)), new BankTransferConfirmationRequest
        {
            Amount = amount is null ? null : decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture),
            Reference = "LPH-1",
            ReceivedAt = Now,
        });
        FieldErrors.AssertOnly(errors, "amount", "The amount must be above 0 with at most 2 decimals.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData(65)]
    public void A_receipt_reference_is_required_and_short(object? reference)
    {
        var text = reference is int length ? new string('x', length) : (string?)reference;
        var errors = FieldErrors.Of(new BankTransferConfirmationRequestValidator(new FixedClock(Now)),
            new BankTransferConfirmationRequest { Amount = 1m, Reference = text, ReceivedAt = Now });
        FieldErrors.AssertOnly(errors, "reference", $"Give the reference on the bank statement (at most {Payment.MaxReferenceLength} characters).");
    }

    [Fact]
    public void A_receipt_time_is_required_and_not_in_the_future()
    {
        var validator = new BankTransferConfirmationRequestValidator(new FixedClock(Now));
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new BankTransferConfirmationRequest { Amount = 1m, Reference = "x" }),
            "receivedAt", "Give when the money arrived.");
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new BankTransferConfirmationRequest { Amount = 1m, Reference = "x", ReceivedAt = Now.AddMinutes(6) }),
            "receivedAt", "The money cannot have arrived in the future.");
        Assert.Empty(FieldErrors.Of(validator, new BankTransferConfirmationRequest { Amount = 1m, Reference = "x", ReceivedAt = Now.AddMinutes(4) }));
    }

    [Fact]
    public void A_refund_sent_needs_a_reference_and_a_past_time()
    {
        var validator = new RefundSentRequestValidator(new FixedClock(Now));
        Assert.Empty(FieldErrors.Of(validator, new RefundSentRequest("TK-20260310", Now.AddDays(-1))));
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new RefundSentRequest(" ", Now)), "reference",
            $"Give the refund's bank reference (at most {Payment.MaxReferenceLength} characters).");
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new RefundSentRequest(new string('x', Payment.MaxReferenceLength + 1), Now)), "reference",
            $"Give the refund's bank reference (at most {Payment.MaxReferenceLength} characters).");
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new RefundSentRequest("TK", null)), "sentAt", "Give when the refund was sent.");
        FieldErrors.AssertOnly(FieldErrors.Of(validator, new RefundSentRequest("TK", Now.AddHours(1))), "sentAt", "The refund cannot have been sent in the future.");
    }

    [Fact]
    public void A_resolution_needs_a_note_of_at_most_500_characters()
    {
        var validator = new ResolutionRequestValidator();
        Assert.Empty(FieldErrors.Of(validator, new ResolutionRequest("退回多付的 10 元")));
        foreach (var note in new[] { null, " ", new string('x', Payment.MaxNoteLength + 1) })
        {
            FieldErrors.AssertOnly(FieldErrors.Of(validator, new ResolutionRequest(note)), "note", "Say how it was settled (1–500 characters).");
        }
    }

    [Theory]
    [InlineData("bank_transfer", null)]
    [InlineData("stripe", "card")]
    [InlineData("stripe", "alipay")]
    [InlineData("stripe", "wechat_pay")]
    public void A_known_method_and_online_type_pass(string method, string? type) =>
        Assert.Empty(FieldErrors.Of(new PaymentRequestValidator(Methods), new PaymentRequest { Method = method, PaymentMethodType = type }));

    [Theory]
    [InlineData(null, "card")]
    [InlineData("cash", null)]
    [InlineData("Stripe", "card")]
    public void An_unknown_method_is_named_alone(string? method, string? type) =>
        FieldErrors.AssertOnly(FieldErrors.Of(new PaymentRequestValidator(Methods), new PaymentRequest { Method = method, PaymentMethodType = type }),
            "method", "The method must be stripe or bank_transfer.");

    [Theory]
    [InlineData(null)]
    [InlineData("paypal")]
    [InlineData("Card")]
    public void Online_payment_needs_a_type_the_provider_takes(string? type) =>
        FieldErrors.AssertOnly(FieldErrors.Of(new PaymentRequestValidator(Methods), new PaymentRequest { Method = "stripe", PaymentMethodType = type }),
            "paymentMethodType", "The payment method type must be card, alipay or wechat_pay.");
}
