using Procurement.Core.Common;

namespace Procurement.Core.Ledger;

/// <summary>
/// The chart of accounts. Codes are the contract's (<c>cash:stripe</c>, <c>held:orders</c>…); a supplier's payable is one
/// account per supplier. Debit-normal accounts (cash, receivables) grow with debits; the rest (what the platform holds
/// for others, owes, or earned) grow with credits. A balance is shown the account's own way round.
/// </summary>
public static class LedgerAccount
{
    /// <summary>Money the online provider holds for us (card, Alipay, WeChat Pay).</summary>
    public const string OnlineCash = "cash:stripe";

    /// <summary>The platform's receiving bank account (对公转账 in, refunds and payouts out).</summary>
    public const string BankCash = "cash:bank";

    /// <summary>Money received for goods not delivered yet: held for the union until its parcels arrive.</summary>
    public const string Held = "held:orders";

    /// <summary>Money received that pays no order (yet): a short transfer, a late or second payment; finance returns it.</summary>
    public const string Unapplied = "suspense:unapplied";

    /// <summary>Refunds decided and not yet confirmed sent: the platform owes them to a union.</summary>
    public const string RefundsPending = "refunds:pending";

    /// <summary>The platform's service fee, earned when a supplier's month is settled.</summary>
    public const string ServiceFee = "revenue:service-fee";

    public const string PayablePrefix = "payable:supplier:";

    /// <summary>What the platform owes one supplier: its delivered goods, less refunds charged to it, fees and payouts.</summary>
    public static string Payable(Guid supplierId) => PayablePrefix + supplierId.ToString("D");

    public static Guid? SupplierOf(string code) =>
        code.StartsWith(PayablePrefix, StringComparison.Ordinal) && Guid.TryParse(code.AsSpan(PayablePrefix.Length), out var id) ? id : null;

    public static bool IsCash(string code) => code is OnlineCash or BankCash;

    /// <summary>Cash grows with debits; everything else on this chart with credits.</summary>
    public static bool DebitNormal(string code) => IsCash(code);

    /// <summary>The account's balance its own way round: cash as debits less credits, the rest as credits less debits.</summary>
    public static decimal Balance(string code, decimal debit, decimal credit) => DebitNormal(code) ? debit - credit : credit - debit;

    /// <summary>The account's name for people (Chinese by default); a payable names its supplier.</summary>
    public static string Name(string code, string? supplierName = null) => code switch
    {
        OnlineCash => Texts.Pick("在线收款（Stripe）", "Online cash (Stripe)"),
        BankCash => Texts.Pick("银行存款（对公账户）", "Bank account"),
        Held => Texts.Pick("代收货款（未交付）", "Held for undelivered orders"),
        Unapplied => Texts.Pick("待处理款项（未匹配）", "Unapplied receipts"),
        RefundsPending => Texts.Pick("应退款项（待退回）", "Refunds pending"),
        ServiceFee => Texts.Pick("平台服务费收入", "Service fee revenue"),
        _ when SupplierOf(code) is not null => Texts.Pick($"应付供应商：{supplierName ?? code[PayablePrefix.Length..]}",
            $"Payable to supplier: {supplierName ?? code[PayablePrefix.Length..]}"),
        _ => code,
    };

    /// <summary>The accounts the trial balance always lists, even before anything was posted to them.</summary>
    public static readonly IReadOnlyList<string> Fixed = [OnlineCash, BankCash, Held, Unapplied, RefundsPending, ServiceFee];

    /// <summary>Whether a code names an account on this chart (a query's <c>account=</c>).</summary>
    public static bool Known(string? code) => code is not null && (Fixed.Contains(code) || SupplierOf(code) is not null);
}
