namespace Procurement.Infrastructure.Files;

/// <summary>Text written into exported sheets that people open in Excel or WPS.</summary>
public static class SheetCells
{
    /// <summary>
    /// A text cell that would start with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed
    /// with <c>'</c>, so a recipient named "=HYPERLINK(…)" is shown, never run as a formula (CSV injection).
    /// </summary>
    public static string Safe(string? text) =>
        string.IsNullOrEmpty(text) || text[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r') ? text ?? "" : "'" + text;

    /// <summary>A CSV field: quoted when it holds a comma, quote or line break.</summary>
    public static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
