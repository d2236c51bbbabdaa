using System.Security.Cryptography;
using System.Text;
using Procurement.Core.Common;

namespace Procurement.Core.Partners;

/// <summary>The contract's partner codes: 832平台, 江苏工会APP, 甘肃消费扶贫APP.</summary>
public static class PartnerCodes
{
    public const string P832 = "P832";
    public const string Jsgh = "JSGH";
    public const string Gsxf = "GSXF";

    public static readonly IReadOnlyList<string> All = [P832, Jsgh, Gsxf];

    /// <summary>A code as the contract spells it, or null when it names no partner.</summary>
    public static string? Normalize(string? code) => All.FirstOrDefault(c => string.Equals(c, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A partner order number as the key it is compared by: trimmed, full-width digits and letters (０–９, Ａ–Ｚ) as
    /// their ASCII forms, and the ideographic space dropped — 832平台's exports carry both.
    /// </summary>
    public static string OrderKey(string? number)
    {
        var text = (number ?? "").Trim().Trim('\u3000');
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            key.Append(c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c);
        }
        return key.ToString().Trim();
    }

    /// <summary>The refusal of a code that names no partner.</summary>
    public static string UnknownMessage() => Texts.Pick("合作平台须为 P832、JSGH 或 GSXF。", "The partner must be P832, JSGH or GSXF.");

    /// <summary>A list's partner and dates: the partner named right (or not given: all), the last 30 days by default, at most a year.</summary>
    internal static Result<(string? Partner, DateOnly From, DateOnly To)> ListFilter(string? partnerCode, DateOnly? from, DateOnly? to, TimeProvider clock)
    {
        if (partnerCode is not null && Normalize(partnerCode) is null)
        {
            return Error.Invalid("partnerCode", UnknownMessage());
        }
        var end = to ?? BusinessDate.Today(clock);
        var start = from ?? end.AddDays(-29);
        if (end < start || end.DayNumber - start.DayNumber > 366)
        {
            return Error.Invalid("to", Texts.Pick("日期范围须在一年之内，且结束不早于开始。", "The range must be at most a year, its end not before its start."));
        }
        return (Normalize(partnerCode), start, end);
    }
}

/// <summary><c>Partners:{Code}:*</c>.</summary>
public sealed class PartnerOptions
{
    public string? Secret { get; set; }
    public string? BaseUrl { get; set; }
}

/// <summary>
/// A partner's signature: lowercase hex HMAC-SHA256(secret, timestamp + "." + raw body), with the timestamp (Unix
/// seconds) within 300 s of our clock either way. Compared in constant time, so a forger learns nothing from timing.
/// </summary>
public static class PartnerSignature
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(300);

    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        byte[] message = [.. prefix, .. body];
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    public static bool Verify(string secret, string? timestamp, string? signature, byte[] body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature) || !long.TryParse(timestamp, out var seconds)
            || seconds < now.AddSeconds(-Window.TotalSeconds).ToUnixTimeSeconds() || seconds > now.AddSeconds(Window.TotalSeconds).ToUnixTimeSeconds())
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

public enum PartnerOrderStatus
{
    Completed,
    Refunded,
    PartiallyRefunded,
    Cancelled,
}

/// <summary>One line of a partner order, priced by the partner; the SKU is ours, found by its code.</summary>
public sealed record PartnerOrderLine(Guid SkuId, string SkuCode, Guid ProductId, Guid SupplierId, int Quantity, decimal UnitPrice, int Oversold)
{
    public decimal Amount => Money.Round(UnitPrice * Quantity);
}

/// <summary>Where a partner order goes, as the partner sent it.</summary>
public sealed record PartnerRecipient(string Name, string Phone, string Province, string City, string District, string Address);

/// <summary>A later push of a known partner order that changed it: when, what it said, and the body's hash.</summary>
public sealed record PartnerOrderRevision(DateTimeOffset At, PartnerOrderStatus Status, decimal PaidAmount, string BodyHash);

/// <summary>A refund the partner reported, once per amount and time.</summary>
public sealed record PartnerRefund(decimal Amount, DateTimeOffset RefundedAt, DateTimeOffset RecordedAt);

/// <summary>
/// An order placed on a partner platform and pushed to us: a sale that already happened there. It has our number
/// (<c>LP…</c>) and the partner's; it took our stock when it arrived (what was not there is <c>Oversold</c> and the
/// supplier is told); later pushes that change it are kept as revisions, and refunds as they are reported.
/// </summary>
public sealed class PartnerOrder
{
    public const int MaxNumberLength = 64;

    private readonly List<PartnerOrderLine> _lines = [];
    private readonly List<PartnerOrderRevision> _revisions = [];
    private readonly List<PartnerRefund> _refunds = [];

    private PartnerOrder()
    {
        Partner = PartnerOrderNo = Number = BuyerName = BodyHash = "";
        Recipient = new PartnerRecipient("", "", "", "", "", "");
    }

    public PartnerOrder(string partner, string partnerOrderNo, string number, DateTimeOffset placedAt, string buyerName, IEnumerable<PartnerOrderLine> lines,
        PartnerRecipient recipient, decimal paidAmount, PartnerOrderStatus status, string bodyHash, DateTimeOffset receivedAt)
    {
        Id = Guid.CreateVersion7();
        Partner = partner;
        PartnerOrderNo = partnerOrderNo;
        Number = number;
        PlacedAt = placedAt.ToUniversalTime();
        BuyerName = buyerName;
        _lines.AddRange(lines);
        Recipient = recipient;
        PaidAmount = paidAmount;
        Status = status;
        BodyHash = bodyHash;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }
    public string Partner { get; private set; }

    /// <summary>The partner's number as the key (<see cref="PartnerCodes.OrderKey"/>): unique per partner.</summary>
    public string PartnerOrderNo { get; private set; }

    public string Number { get; private set; }
    public DateTimeOffset PlacedAt { get; private set; }
    public string BuyerName { get; private set; }
    public PartnerRecipient Recipient { get; private set; }
    public decimal PaidAmount { get; private set; }
    public PartnerOrderStatus Status { get; private set; }

    /// <summary>SHA-256 of the last body that changed it: the same push again is recognised and changes nothing.</summary>
    public string BodyHash { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
    public long Version { get; private set; }

    public IReadOnlyList<PartnerOrderLine> Lines => _lines;
    public IReadOnlyList<PartnerOrderRevision> Revisions => _revisions;
    public IReadOnlyList<PartnerRefund> Refunds => _refunds;

    public decimal RefundedAmount => _refunds.Sum(r => r.Amount);

    /// <summary>Records that a line's SKU was short by <paramref name="units"/> when the order took its stock.</summary>
    public void MarkOversold(Guid skuId, int units)
    {
        var index = _lines.FindIndex(l => l.SkuId == skuId && l.Oversold == 0);
        if (index >= 0)
        {
            _lines[index] = _lines[index] with { Oversold = units };
        }
    }

    /// <summary>A later push with another body: its status and paid amount are taken, and the change kept as a revision.</summary>
    public void Revise(PartnerOrderStatus status, decimal paidAmount, string bodyHash, DateTimeOffset at)
    {
        _revisions.Add(new PartnerOrderRevision(at, status, paidAmount, bodyHash));
        (Status, PaidAmount, BodyHash) = (status, paidAmount, bodyHash);
        Version++;
    }

    /// <summary>
    /// A refund reported by the partner. The same amount at the same time again is a repeat and changes nothing
    /// (false); more than what is left of the paid amount is refused.
    /// </summary>
    public Result<bool> Refund(decimal amount, DateTimeOffset refundedAt, DateTimeOffset now)
    {
        // To the second, as partners send it and as every database keeps it: a repeat compares equal after a round trip.
        refundedAt = DateTimeOffset.FromUnixTimeSeconds(refundedAt.ToUnixTimeSeconds()).ToUniversalTime();
        if (_refunds.Any(r => r.Amount == amount && r.RefundedAt == refundedAt))
        {
            return false;
        }
        if (amount > PaidAmount - RefundedAmount)
        {
            return Error.Invalid("amount", Texts.Pick($"退款金额超过可退的 {PaidAmount - RefundedAmount:0.00} 元。",
                $"The refund is more than the {PaidAmount - RefundedAmount:0.00} yuan left to refund."));
        }
        _refunds.Add(new PartnerRefund(amount, refundedAt, now));
        Status = RefundedAmount >= PaidAmount ? PartnerOrderStatus.Refunded : PartnerOrderStatus.PartiallyRefunded;
        Version++;
        return true;
    }
}
