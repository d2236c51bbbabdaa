namespace Procurement.Core.Common;

/// <summary>
/// Bounds for every spreadsheet a person uploads (stock now; recipients and statements next), so a crafted file
/// cannot turn a small upload into a huge answer: cells are cut, echoed values shortened, and row errors listed up
/// to a limit with the count of the rest.
/// </summary>
public static class SheetLimits
{
    /// <summary>The longest cell kept; the rest of a longer one is dropped (and the value is then refused as invalid).</summary>
    public const int MaxCellChars = 256;

    /// <summary>Header cells looked at; columns beyond are ignored.</summary>
    public const int MaxHeaderColumns = 64;

    /// <summary>How much of a bad value an error message repeats.</summary>
    public const int MaxEchoChars = 40;

    /// <summary>Row errors listed in one answer; the count of the rest is reported.</summary>
    public const int MaxListedRowErrors = 200;

    public static string Clip(string cell) => cell.Length <= MaxCellChars ? cell : cell[..MaxCellChars];

    /// <summary>A value as an error message repeats it: at most <see cref="MaxEchoChars"/> characters, then an ellipsis.</summary>
    public static string Echo(string value) => value.Length <= MaxEchoChars ? value : string.Concat(value.AsSpan(0, MaxEchoChars), "…");
}
