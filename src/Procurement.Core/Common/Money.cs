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
}
