namespace Procurement.Core.Common;

/// <summary>统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: 18 characters, the last a check character.</summary>
public static class Uscc
{
    // GB 32100-2015 leaves out I, O, S, V and Z so that they cannot be misread as digits.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] _weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }
        return CheckCharacter(value.AsSpan(0, 17)) == value[17];
    }

    /// <summary>The 18th character for the first 17; also used by the demo data to mint valid codes.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("USCC check character needs exactly 17 characters.", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var index = Alphabet.IndexOf(first17[i]);
            if (index < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a USCC character.", nameof(first17));
            }
            sum += index * _weights[i];
        }
        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}
