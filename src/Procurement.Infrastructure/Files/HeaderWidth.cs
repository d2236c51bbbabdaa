using Procurement.Core.Common;

namespace Procurement.Infrastructure.Files;

/// <summary>
/// How many columns of a sheet are read, the same for every reader (CSV, XLSX, statements): until the header — the
/// first row holding any text — at most <see cref="SheetLimits.MaxHeaderColumns"/>; from then on the header's own
/// width (up to its last named column). Cells beyond are never made into strings nor padded to, so a row whose only
/// cell stands in column XFD costs what an empty row costs.
/// </summary>
internal sealed class HeaderWidth
{
    private bool _found;

    /// <summary>Columns read from the current row on: cells at this index or beyond are skipped.</summary>
    public int Columns { get; private set; } = SheetLimits.MaxHeaderColumns;

    /// <summary>A row's cells (already fewer than <see cref="Columns"/>); the first row with text sets the width.</summary>
    public string[] Row(IReadOnlyList<string> cells)
    {
        var count = Math.Min(cells.Count, Columns);
        if (!_found)
        {
            var last = count - 1;
            while (last >= 0 && string.IsNullOrWhiteSpace(cells[last]))
            {
                last--;
            }
            if (last >= 0)
            {
                _found = true;
                Columns = count = last + 1;
            }
        }
        var row = new string[count];
        for (var i = 0; i < count; i++)
        {
            row[i] = cells[i];
        }
        return row;
    }
}
