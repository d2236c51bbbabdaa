using System.Text;

namespace Procurement.Infrastructure.Files;

/// <summary>Which spreadsheet number formats show a number as a date or time (dates are numbers with such a format).</summary>
internal static class NumberFormats
{
    /// <summary>
    /// Built-in formats that are dates or times: 14–22 and 45–47 everywhere, 27–36 and 50–58 in the Chinese, Japanese
    /// and Korean locales (年月日 formats that Chinese Excel and WPS write without a format code).
    /// </summary>
    public static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>
    /// A custom format code shows a date when, outside quoted text, escapes, padding and [colour]/[$-804] sections,
    /// it uses a date or time letter: <c>yyyy/m/d</c>, <c>yyyy"年"m"月"d"日"</c>, <c>h:mm</c>; not <c>0.00</c> or
    /// <c>"¥"#,##0.00</c>. Elapsed-time sections such as <c>[h]</c> count as times.
    /// </summary>
    public static bool ShowsDate(string code)
    {
        // Only the first section (positive numbers) decides how a value looks.
        var plain = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var ch = code[i];
            switch (ch)
            {
                case ';':
                    i = code.Length;
                    break;
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var section = end < 0 ? "" : code[(i + 1)..end];
                    if (section.Length > 0 && section.All(c => c is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                    {
                        plain.Append(section);
                    }
                    i = end < 0 ? code.Length : end;
                    break;
                default:
                    plain.Append(char.ToLowerInvariant(ch));
                    break;
            }
        }
        // "General" and "0.00E+00" have none of these letters.
        return plain.ToString().Any(c => c is 'y' or 'm' or 'd' or 'h' or 's');
    }
}
