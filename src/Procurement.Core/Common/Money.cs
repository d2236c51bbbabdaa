namespace Procurement.Core.Common;

/// <summary>Amounts in CNY (元) carry at most two decimals (分); anything finer is a bad input, never rounded away.</summary>
public static class Money
{
    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Round(amount, 2) == amount;

    /// <summary>Banker's rounding would hand a fen to one side; commercial rounding (away from zero) is what invoices use.</summary>
    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Online payment providers and the partner platforms count in 分.</summary>
    public static long ToFen(decimal amount) => (long)(Round(amount) * 100m);

    public static decimal FromFen(long fen) => fen / 100m;

    // ---- Display (issue #21, finance's pages): the one way an amount is written for people. ----

    /// <summary>The minus sign written before the currency symbol (U+2212, as accounting prints it), never a hyphen after it.</summary>
    public const char Minus = '\u2212';

    /// <summary>
    /// An amount as accounting writes it: <c>¥1,234.50</c>, <c>−¥362.10</c> (the minus before the symbol), two decimals,
    /// thousands separated by commas in every language, rounded as invoices round (<see cref="Round"/>); an amount that
    /// rounds to nothing is <c>¥0.00</c>, never <c>−¥0.00</c>.
    /// </summary>
    public static string Display(decimal amount)
    {
        var rounded = Round(amount);
        var digits = Math.Abs(rounded).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
        return rounded < 0 ? $"{Minus}¥{digits}" : $"¥{digits}";
    }

    /// <summary><see cref="Display(decimal)"/>, or an em dash where there is no amount.</summary>
    public static string Display(decimal? amount) => amount is { } value ? Display(value) : "—";

    /// <summary>A signed difference: <c>+¥12.00</c>, <c>−¥362.10</c>, <c>¥0.00</c>.</summary>
    public static string DisplaySigned(decimal amount) => Round(amount) > 0 ? "+" + Display(amount) : Display(amount);
}
