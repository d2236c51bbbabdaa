namespace Procurement.Core.Payments;

/// <summary><c>Payments:BankTransfer:*</c>: the account unions transfer to (对公账户). Unset: bank transfer is unavailable.</summary>
public sealed class BankTransferOptions
{
    public string? AccountName { get; set; }
    public string? BankName { get; set; }
    public string? AccountNumber { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(AccountName) && !string.IsNullOrWhiteSpace(BankName) && !string.IsNullOrWhiteSpace(AccountNumber);
}

/// <summary>Who to pay, as the purchaser copies it into the bank's transfer form.</summary>
public sealed record Payee(string AccountName, string BankName, string AccountNumber);
