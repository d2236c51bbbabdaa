using System.Globalization;

namespace Procurement.Core.Ordering;

/// <summary>
/// Order numbers people can read out on the phone: <c>LP20261202-000123</c>, the Beijing business date the order was
/// created on and its sequence within that date. Unique because the sequence is allocated per date in the database.
/// </summary>
public static class OrderNumber
{
    public const string Prefix = "LP";

    public static string Format(DateOnly businessDate, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999_999);
        return $"{Prefix}{businessDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{sequence.ToString("D6", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Reads a number back (trimmed, any case); false for anything not of the form.</summary>
    public static bool TryParse(string? text, out DateOnly businessDate, out int sequence)
    {
        businessDate = default;
        sequence = 0;
        var value = text?.Trim().ToUpperInvariant() ?? "";
        return value.Length == 17 && value.StartsWith(Prefix, StringComparison.Ordinal) && value[10] == '-'
               && DateOnly.TryParseExact(value[2..10], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out businessDate)
               && int.TryParse(value[11..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence >= 1;
    }
}
