namespace Procurement.Core.Common;

/// <summary>
/// Every bad row of an uploaded sheet, as <c>row N: column</c> → reasons. The first
/// <see cref="SheetLimits.MaxListedRowErrors"/> bad rows are listed; the rest are counted, so the answer stays small
/// whatever the file holds.
/// </summary>
public sealed class RowErrors
{
    private readonly Dictionary<string, List<string>> _listed = new(StringComparer.Ordinal);
    private readonly HashSet<int> _listedRows = [];
    private readonly HashSet<int> _unlistedRows = [];

    public int BadRows => _listedRows.Count + _unlistedRows.Count;
    public bool Any => BadRows > 0;

    public void Add(int row, string column, string message)
    {
        if (!_listedRows.Contains(row) && _listedRows.Count >= SheetLimits.MaxListedRowErrors)
        {
            _unlistedRows.Add(row);
            return;
        }
        _listedRows.Add(row);
        var key = $"row {row}: {column}";
        if (!_listed.TryGetValue(key, out var messages))
        {
            _listed[key] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>The 400 answer: how many rows are bad, that nothing was changed, and the listed rows' reasons.</summary>
    public Error ToError()
    {
        var fields = _listed.ToDictionary(e => e.Key, e => e.Value.ToArray());
        var rest = _unlistedRows.Count;
        if (rest > 0)
        {
            fields["file"] = [Texts.Pick($"另有 {rest} 行有误，未逐一列出。", rest == 1 ? "1 more row has errors; it is not listed." : $"{rest} more rows have errors; they are not listed.")];
        }
        var bad = BadRows;
        return new Error(ErrorKind.Validation,
            Texts.Pick($"{bad} 行有误，未做任何修改。请改正后重新导入。",
                bad == 1 ? "1 row has errors; nothing was changed. Fix it and import again." : $"{bad} rows have errors; nothing was changed. Fix them and import again."),
            fields);
    }
}
