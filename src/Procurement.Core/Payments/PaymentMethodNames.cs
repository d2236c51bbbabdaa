using Procurement.Core.Common;

namespace Procurement.Core.Payments;

/// <summary>
/// The words the API and the pages use for the payment methods. They are the contract's (<c>docs/api.md</c>), which
/// names the provider, so the edge that owns the contract (Web) supplies them and Core speaks only of online payment
/// and bank transfer. Requests are read and responses written with these, so nothing changes on the wire.
/// </summary>
public sealed record PaymentMethodNames(string Online, string BankTransfer)
{
    public string Of(PaymentMethod method) => method == PaymentMethod.Online ? Online : BankTransfer;

    /// <summary>The method a name stands for; null when it names none.</summary>
    public PaymentMethod? Parse(string? name) =>
        name == Online ? PaymentMethod.Online : name == BankTransfer ? PaymentMethod.BankTransfer : null;

    /// <summary>The refusal of a name that is neither.</summary>
    public string Unknown() =>
        Texts.Pick($"付款方式须为 {Online} 或 {BankTransfer}。", $"The method must be {Online} or {BankTransfer}.");
}
