using System.Globalization;
using System.Text;
using System.Xml;
using CsvHelper;
using CsvHelper.Configuration;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Files;

/// <summary>
/// Spreadsheets as people really send them, for every import (stock, recipients, statements): CSV saved by Excel or
/// WPS in UTF-8 (with or without BOM) or GB18030, or an XLSX (its first sheet; formulas count by their computed
/// values). Gives rows of cells with their row numbers; a file that cannot be read is one clear error.
/// </summary>
public static class SheetFile
{
    static SheetFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The file's rows, handed to <paramref name="parse"/>. Every row counts against <paramref name="maxRows"/> (plus
    /// one for the header), blank or not: past it reading stops and the file is refused naming the limit, whatever
    /// <paramref name="parse"/> made of what it saw. Cells are read up to the header's width (<see cref="HeaderWidth"/>).
    /// </summary>
    public static Result<T> Read<T>(Stream content, int maxRows, Func<IEnumerable<(int Row, string[] Cells)>, Result<T>> parse)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return Empty();
        }
        IEnumerable<(int Row, string[] Cells)> rows;
        if (bytes is [0x50, 0x4B, 0x03, 0x04, ..])
        {
            rows = XlsxSheetReader.Rows(new MemoryStream(bytes));
        }
        else if (bytes is [0xD0, 0xCF, 0x11, 0xE0, ..])
        {
            return Error.Invalid("file", Texts.Pick("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv。", "Old .xls files are not supported; save as .xlsx or .csv."));
        }
        else
        {
            rows = CsvRows(Decode(bytes));
        }

        var counted = new RowCount(maxRows + 1);
        try
        {
            var parsed = parse(counted.Of(rows));
            return counted.Exceeded ? TooManyRows(maxRows) : parsed;
        }
        catch (Exception exception) when (exception is InvalidDataException or XmlException or CsvHelperException or InvalidOperationException or FormatException)
        {
            return Error.Invalid("file", Texts.Pick("文件无法读取，请使用模板的 CSV 或 XLSX 格式。", "The file cannot be read; use the template's CSV or XLSX format."));
        }
    }

    /// <summary>The refusal of a file with more rows than an upload takes, blank rows included.</summary>
    public static Error TooManyRows(int maxRows) => Error.Invalid("file", Texts.Pick(
        $"文件超过 {maxRows} 行（空行也计入），一次最多 {maxRows} 行，请分成几个文件。",
        $"The file has more than {maxRows} rows (blank rows count too); at most {maxRows} rows per upload, split it."));

    /// <summary>
    /// A sheet of named columns, as the tracking and recipients imports read it: the first non-blank row is the header,
    /// its columns found by any of their names (<see cref="Columns"/>); every later non-blank row becomes one
    /// <typeparamref name="T"/> through <paramref name="make"/>, which gets the row number and each expected column's
    /// cell by position ("" for an optional column the header lacks). More than <paramref name="maxRows"/> rows under
    /// the header, blank ones included, refuse the file (<see cref="Read{T}"/>).
    /// </summary>
    /// <param name="badHeader">The refusal of a header that lacks required columns: its row, the columns missing, the header as found.</param>
    /// <param name="noRows">The refusal of a file with a header and nothing under it.</param>
    public static Result<IReadOnlyList<T>> ReadTable<T>(Stream content, IReadOnlyList<(string Column, string[] Names, bool Required)> columns,
        Func<int, IReadOnlyList<string>, string, Error> badHeader, Error noRows, int maxRows, Func<int, Func<int, string>, T> make, CancellationToken cancellationToken) =>
        Read(content, maxRows, rows => Table(rows, columns, badHeader, noRows, make, cancellationToken));

    private static Result<IReadOnlyList<T>> Table<T>(IEnumerable<(int Row, string[] Cells)> rows, IReadOnlyList<(string Column, string[] Names, bool Required)> columns,
        Func<int, IReadOnlyList<string>, string, Error> badHeader, Error noRows, Func<int, Func<int, string>, T> make, CancellationToken cancellationToken)
    {
        int[]? index = null;
        var result = new List<T>();
        foreach (var (row, cells) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (index is null)
            {
                var (found, missing, header) = Columns(cells, columns);
                if (missing.Count > 0)
                {
                    return badHeader(row, missing, header);
                }
                index = found;
                continue;
            }
            result.Add(make(row, column => index[column] < 0 ? "" : Cell(cells, index[column])));
        }
        if (index is null)
        {
            return Empty();
        }
        return result.Count == 0 ? noRows : result;
    }

    public static Error Empty() => Error.Invalid("file", Texts.Pick("文件是空的。", "The file is empty."));

    /// <summary>A cell's trimmed text, cut at <see cref="SheetLimits.MaxCellChars"/>.</summary>
    public static string Cell(string[] cells, int index) => index < cells.Length ? SheetLimits.Clip(cells[index].Trim()) : "";

    /// <summary>
    /// Finds each expected column in a header row by any of its names (matched as <see cref="HeaderName"/>): the
    /// index of each (−1 when absent), the required ones missing (and any named more than once), and the header as
    /// found, shortened, for the message.
    /// </summary>
    public static (int[] Index, List<string> Missing, string Found) Columns(string[] cells, IReadOnlyList<(string Column, string[] Names, bool Required)> columns)
    {
        var names = cells.Take(SheetLimits.MaxHeaderColumns).Select(HeaderName).ToList();
        var index = columns.Select(c => names.FindIndex(n => c.Names.Contains(n))).ToArray();
        var missing = columns.Where((c, i) => c.Required && index[i] < 0).Select(c => c.Column).ToList();
        // A column named twice (in both languages, say) is ambiguous: which one holds the data is not guessed.
        foreach (var column in columns)
        {
            if (names.Count(n => column.Names.Contains(n)) is > 1 and var times)
            {
                missing.Add(Texts.Pick($"{column.Column}（表头出现 {times} 次）", $"{column.Column} (named {times} times)"));
            }
        }
        return (index, missing, SheetLimits.Echo(string.Join(",", cells.Take(SheetLimits.MaxHeaderColumns).Where(c => c.Length > 0))));
    }

    /// <summary>A header cell as compared: trimmed, BOM dropped, spaces as underscores, lower case.</summary>
    public static string HeaderName(string header) =>
        header.Trim().Trim('\uFEFF').Replace(" ", "_", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>UTF-8 when it has a BOM or decodes cleanly; otherwise GB18030, what Chinese Excel saves "CSV" as.</summary>
    internal static string Decode(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    private static IEnumerable<(int Row, string[] Cells)> CsvRows(string text)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
        };
        using var parser = new CsvParser(new StringReader(text), configuration);
        var width = new HeaderWidth();
        var cells = new List<string>();
        while (parser.Read())
        {
            // Only the fields within the header's width become strings.
            cells.Clear();
            for (var i = 0; i < Math.Min(parser.Count, width.Columns); i++)
            {
                cells.Add(parser[i]);
            }
            yield return (parser.RawRow, width.Row(cells));
        }
    }

    /// <summary>Counts every row read, blank or not, and stops the rows past <c>limit</c>.</summary>
    private sealed class RowCount(int limit)
    {
        public bool Exceeded { get; private set; }

        public IEnumerable<(int Row, string[] Cells)> Of(IEnumerable<(int Row, string[] Cells)> rows)
        {
            var read = 0;
            foreach (var row in rows)
            {
                if (++read > limit)
                {
                    Exceeded = true;
                    yield break;
                }
                yield return row;
            }
        }
    }
}
