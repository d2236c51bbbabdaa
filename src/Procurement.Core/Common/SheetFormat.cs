namespace Procurement.Core.Common;

/// <summary>The two spreadsheet formats every download and template comes in.</summary>
public enum SheetFormat
{
    Csv,
    Xlsx,
}

public static class SheetFormats
{
    /// <summary>The file extension, without the dot: <c>csv</c> or <c>xlsx</c>.</summary>
    public static string Extension(this SheetFormat format) => format == SheetFormat.Xlsx ? "xlsx" : "csv";
}
