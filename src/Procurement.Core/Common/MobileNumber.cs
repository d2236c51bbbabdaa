using System.Text.RegularExpressions;

namespace Procurement.Core.Common;

/// <summary>Mainland China mobile numbers (手机号): 11 digits, 1 then 3-9.</summary>
public static partial class MobileNumber
{
    [GeneratedRegex(@"^1[3-9]\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>Spreadsheets hand us numbers with spaces, dashes or a +86 prefix; the person meant the 11 digits.</summary>
    public static string Normalize(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
    }
}
