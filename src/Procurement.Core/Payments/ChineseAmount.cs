using System.Text;

namespace Procurement.Core.Payments;

/// <summary>
/// An amount in Chinese capitals (大写金额), as a payment notice, a cheque or a bank form writes it:
/// ¥899,100.00 → 捌拾玖万玖仟壹佰元整, ¥1,005.60 → 壹仟零伍元陆角, ¥1.05 → 壹元零伍分. Zeros inside the figure are
/// read once (零), whole yuan end in 整, and tens are written 壹拾 as banks require.
/// </summary>
public static class ChineseAmount
{
    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] Places = ["", "拾", "佰", "仟"];
    private static readonly string[] Groups = ["", "万", "亿", "万亿"];

    /// <summary>The largest amount written: below 10 000 万亿 (10¹⁶) yuan.</summary>
    public const decimal Max = 9_999_999_999_999_999.99m;

    public static string Capitals(decimal amount)
    {
        if (amount < 0m || amount > Max || decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount from 0 to 10^16 yuan with at most 2 decimals.");
        }
        var yuan = (long)decimal.Truncate(amount);
        var fen = (int)((amount - yuan) * 100m);
        var (jiao, cents) = (fen / 10, fen % 10);
        var text = new StringBuilder();
        if (yuan > 0)
        {
            Yuan(text, yuan);
            text.Append('元');
        }
        if (jiao == 0 && cents == 0)
        {
            return yuan == 0 ? "零元整" : text.Append('整').ToString();
        }
        if (jiao > 0)
        {
            text.Append(Digits[jiao]).Append('角');
        }
        else if (yuan > 0)
        {
            text.Append('零');
        }
        if (cents > 0)
        {
            text.Append(Digits[cents]).Append('分');
        }
        return text.ToString();
    }

    /// <summary>Groups of four digits from the highest (万亿, 亿, 万, units); a gap of zeros before a group is read 零 once.</summary>
    private static void Yuan(StringBuilder text, long yuan)
    {
        var groups = new List<int>();
        for (var rest = yuan; rest > 0; rest /= 10_000)
        {
            groups.Add((int)(rest % 10_000));
        }
        var zeroPending = false;
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var value = groups[g];
            if (value == 0)
            {
                zeroPending = text.Length > 0;
                continue;
            }
            if (text.Length > 0 && (zeroPending || value < 1000))
            {
                text.Append('零');
            }
            Group(text, value);
            text.Append(Groups[g]);
            zeroPending = false;
        }
    }

    /// <summary>One group of up to four digits, without leading or trailing zeros; zeros between digits read 零 once.</summary>
    private static void Group(StringBuilder text, int value)
    {
        var started = false;
        var zero = false;
        for (var place = 3; place >= 0; place--)
        {
            var digit = value / (int)Math.Pow(10, place) % 10;
            if (digit == 0)
            {
                zero = started;
                continue;
            }
            if (zero)
            {
                text.Append('零');
                zero = false;
            }
            text.Append(Digits[digit]).Append(Places[place]);
            started = true;
        }
    }
}
