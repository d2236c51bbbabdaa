using System.Globalization;
using Procurement.Core.Common;

namespace Procurement.Core.Partners;

/// <summary>
/// A partner's statement of one business date (对账单), as uploaded by finance or pulled from the partner: which file
/// (its SHA-256, so the same file twice is one statement), when and by whom. Its rows are kept as they came.
/// </summary>
public sealed class PartnerStatement
{
    public const int MaxFileNameLength = 200;

    private PartnerStatement()
    {
        Partner = ContentHash = FileName = Source = "";
    }

    public PartnerStatement(string partner, DateOnly date, string contentHash, string fileName, string source, Guid? uploadedBy, DateTimeOffset uploadedAt)
    {
        Partner = partner;
        Date = date;
        ContentHash = contentHash;
        FileName = fileName.Length <= MaxFileNameLength ? fileName : fileName[..MaxFileNameLength];
        Source = source;
        UploadedBy = uploadedBy;
        UploadedAt = uploadedAt.ToUniversalTime();
    }

    /// <summary>Identity: a statement's rows are keyed by it a million at a time, where eight bytes beat a GUID's 36 characters.</summary>
    public long Id { get; private set; }

    public string Partner { get; private set; }
    public DateOnly Date { get; private set; }
    public string ContentHash { get; private set; }
    public string FileName { get; private set; }

    /// <summary><see cref="Sources.Upload"/> or <see cref="Sources.Pull"/>.</summary>
    public string Source { get; private set; }

    public Guid? UploadedBy { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }
    public int Rows { get; private set; }

    public void Counted(int rows) => Rows = rows;

    public static class Sources
    {
        public const string Upload = "upload";
        public const string Pull = "pull";
    }
}

/// <summary>
/// One row of a statement as we keep it: its line in the file (the JSON item's position for JSGH), the partner order
/// number as the key (<see cref="PartnerCodes.OrderKey"/>), our number when the partner gives it, the amounts and
/// status, and the row's raw text, so an auditor sees exactly what the partner sent.
/// </summary>
public sealed record StatementRow(int Line, string PartnerOrderNo, string? OrderNo, decimal Amount, decimal Refund, PartnerOrderStatus Status, string Raw)
{
    /// <summary>What the partner says was finally paid: the amount net of refunds.</summary>
    public decimal Net => Amount - Refund;
}

/// <summary>
/// The contract's statement formats: the header each must carry, the status words each uses, and how a row is read.
/// Readers in Infrastructure turn a file into header and rows of text cells; this decides what they mean, the same
/// for an upload and a pull.
/// </summary>
public static class StatementFormats
{
    /// <summary>Uploads above this are refused whole (413): a day's statement of 832平台 is a few MB.</summary>
    public const long MaxBytes = 60L * 1024 * 1024;

    /// <summary>
    /// Rows a statement may have, blank ones included (a day of 832平台 is a few thousand; the benchmark's million fits):
    /// past it the file is refused, so a small crafted file cannot keep a reader busy.
    /// </summary>
    public const int MaxRows = 1_000_000;

    /// <summary>The raw text kept of one row; a row longer than any real statement's is cut.</summary>
    public const int MaxRawChars = 2000;

    public static readonly IReadOnlyList<string> P832Header = ["订单编号", "下单时间", "采购单位", "商品金额", "运费", "实付金额", "平台服务费", "订单状态", "结算日期"];
    public static readonly IReadOnlyList<string> GsxfHeader = ["平台订单号", "商户订单号", "交易金额", "退款金额", "交易状态", "清算日期"];

    /// <summary>JSGH's JSON item fields, in the order its reader lays them out as cells.</summary>
    public static readonly IReadOnlyList<string> JsghFields = ["partnerOrderNo", "orderNo", "amount", "refundAmount", "status", "settledAt"];

    public static IReadOnlyList<string> HeaderOf(string partner) => partner switch
    {
        PartnerCodes.P832 => P832Header,
        PartnerCodes.Gsxf => GsxfHeader,
        _ => JsghFields,
    };

    /// <summary>The file kind each partner sends: P832 CSV, GSXF XLSX, JSGH JSON.</summary>
    public static string KindOf(string partner) => partner switch
    {
        PartnerCodes.P832 => "csv",
        PartnerCodes.Gsxf => "xlsx",
        _ => "json",
    };

    private static readonly IReadOnlyDictionary<string, PartnerOrderStatus> P832Status = new Dictionary<string, PartnerOrderStatus>
    {
        ["已完成"] = PartnerOrderStatus.Completed, ["已退款"] = PartnerOrderStatus.Refunded, ["部分退款"] = PartnerOrderStatus.PartiallyRefunded, ["已取消"] = PartnerOrderStatus.Cancelled,
    };

    private static readonly IReadOnlyDictionary<string, PartnerOrderStatus> GsxfStatus = new Dictionary<string, PartnerOrderStatus>
    {
        ["成功"] = PartnerOrderStatus.Completed, ["退款"] = PartnerOrderStatus.Refunded, ["部分退款"] = PartnerOrderStatus.PartiallyRefunded, ["关闭"] = PartnerOrderStatus.Cancelled,
    };

    /// <summary>JSGH writes our own status names.</summary>
    private static readonly IReadOnlyDictionary<string, PartnerOrderStatus> JsghStatus = Enum.GetValues<PartnerOrderStatus>().ToDictionary(s => s.ToString());

    /// <summary>
    /// The header row checked against the contract's: the same names in the same order (trimmed, a BOM dropped).
    /// Null when it holds; otherwise the message for row 1.
    /// </summary>
    public static string? CheckHeader(string partner, IReadOnlyList<string> cells)
    {
        var expected = HeaderOf(partner);
        var found = cells.Select(c => c.Trim().Trim('\uFEFF')).ToList();
        while (found.Count > expected.Count && found[^1].Length == 0)
        {
            found.RemoveAt(found.Count - 1);
        }
        return found.SequenceEqual(expected)
            ? null
            : Texts.Pick($"表头应为：{string.Join(",", expected)}；实际为：{SheetLimits.Echo(string.Join(",", found))}",
                $"The header must be: {string.Join(",", expected)}; found: {SheetLimits.Echo(string.Join(",", found))}");
    }

    /// <summary>
    /// One row's cells (in the header's order) read as a <see cref="StatementRow"/>, or each fault named by its column.
    /// The settlement date must be the statement's date: a row of another day belongs to another statement.
    /// </summary>
    public static StatementRow? ReadRow(string partner, DateOnly date, int line, IReadOnlyList<string> cells, string raw, RowErrors errors)
    {
        var header = HeaderOf(partner);
        string Cell(int i) => i < cells.Count ? SheetLimits.Clip(cells[i].Trim()) : "";
        var bad = errors.BadRows;
        var key = PartnerCodes.OrderKey(Cell(0));
        if (key.Length is 0 or > PartnerOrder.MaxNumberLength)
        {
            errors.Add(line, header[0], Texts.Pick($"请填写合作平台订单号（最多 {PartnerOrder.MaxNumberLength} 字）。", $"Give the partner order number (at most {PartnerOrder.MaxNumberLength} characters)."));
        }
        decimal amount, refund;
        PartnerOrderStatus? status;
        string settled;
        string? orderNo = null;
        switch (partner)
        {
            case PartnerCodes.P832:
                if (Cell(1).Length > 0 && ParseTime(Cell(1)) is null)
                {
                    errors.Add(line, header[1], Texts.Pick($"下单时间“{SheetLimits.Echo(Cell(1))}”无法识别，应为 yyyy-MM-dd HH:mm:ss。", $"The order time \"{SheetLimits.Echo(Cell(1))}\" is not yyyy-MM-dd HH:mm:ss."));
                }
                foreach (var column in new[] { 3, 4, 6 })
                {
                    ParseAmount(Cell(column), line, header[column], errors);
                }
                // 832平台 restates 实付金额 when it refunds: the column is already net, and it has no refund column.
                amount = ParseAmount(Cell(5), line, header[5], errors);
                refund = 0;
                status = ParseStatus(Cell(7), P832Status, line, header[7], errors);
                settled = Cell(8);
                break;
            case PartnerCodes.Gsxf:
                orderNo = Cell(1).Length > 0 ? Cell(1).ToUpperInvariant() : null;
                amount = ParseAmount(Cell(2), line, header[2], errors);
                refund = ParseAmount(Cell(3), line, header[3], errors);
                status = ParseStatus(Cell(4), GsxfStatus, line, header[4], errors);
                settled = Cell(5);
                break;
            default:
                orderNo = Cell(1).Length > 0 ? Cell(1).ToUpperInvariant() : null;
                amount = ParseAmount(Cell(2), line, header[2], errors);
                refund = Cell(3).Length == 0 ? 0 : ParseAmount(Cell(3), line, header[3], errors);
                status = ParseStatus(Cell(4), JsghStatus, line, header[4], errors);
                settled = Cell(5);
                break;
        }
        if (refund > amount)
        {
            errors.Add(line, header[3], Texts.Pick("退款金额不能大于交易金额。", "The refund cannot exceed the amount."));
        }
        var settledOn = ParseDate(settled);
        if (settledOn is null)
        {
            errors.Add(line, header[^1], Texts.Pick($"结算日期“{SheetLimits.Echo(settled)}”无法识别，应为 yyyy-MM-dd。", $"The settlement date \"{SheetLimits.Echo(settled)}\" is not yyyy-MM-dd."));
        }
        else if (settledOn != date)
        {
            errors.Add(line, header[^1], Texts.Pick($"结算日期 {settledOn:yyyy-MM-dd} 与对账日期 {date:yyyy-MM-dd} 不一致。",
                $"The settlement date {settledOn:yyyy-MM-dd} is not the statement's date {date:yyyy-MM-dd}."));
        }
        if (orderNo is { Length: > 20 })
        {
            errors.Add(line, header[1], Texts.Pick("本地订单号最多 20 字。", "Our order number has at most 20 characters."));
        }
        return errors.BadRows == bad && status is { } known ? new StatementRow(line, key, orderNo, amount, refund, known, raw.Length <= MaxRawChars ? raw : raw[..MaxRawChars]) : null;
    }

    /// <summary>A date as statements write it: 2026-12-01, 2026/12/1, or a time of that date (its Beijing date when it carries an offset).</summary>
    public static DateOnly? ParseDate(string text)
    {
        text = text.Trim();
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        if (text.Length > 10 && (text.Contains('+', StringComparison.Ordinal) || text.EndsWith('Z'))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return BusinessDate.Of(instant);
        }
        return ParseTime(text) is { } local ? DateOnly.FromDateTime(local) : null;
    }

    /// <summary>A Beijing wall-clock time as 832平台 writes 下单时间.</summary>
    public static DateTime? ParseTime(string text) =>
        DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-ddTHH:mm:ss"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    private static decimal ParseAmount(string text, int line, string column, RowErrors errors)
    {
        var cleaned = text.Replace(",", "", StringComparison.Ordinal).TrimStart('¥', '￥');
        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            && amount >= 0 && amount < 100_000_000m && Money.HasAtMostTwoDecimals(amount))
        {
            return amount;
        }
        errors.Add(line, column, Texts.Pick($"金额“{SheetLimits.Echo(text)}”无效：须为不小于 0 的数字，最多两位小数。",
            $"The amount \"{SheetLimits.Echo(text)}\" is invalid: a number of 0 or more with at most 2 decimals."));
        return 0;
    }

    private static PartnerOrderStatus? ParseStatus(string text, IReadOnlyDictionary<string, PartnerOrderStatus> words, int line, string column, RowErrors errors)
    {
        if (words.TryGetValue(text, out var status))
        {
            return status;
        }
        errors.Add(line, column, UnknownStatus(text, words.Keys));
        return null;
    }

    private static string UnknownStatus(string text, IEnumerable<string> known) =>
        Texts.Pick($"未知状态“{SheetLimits.Echo(text)}”，应为 {string.Join("、", known)}。", $"Unknown status \"{SheetLimits.Echo(text)}\"; expected {string.Join(", ", known)}.");
}
