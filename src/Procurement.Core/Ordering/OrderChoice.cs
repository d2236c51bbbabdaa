using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>How an order's packages are decided: the same package for everyone, or each member choosing one of the named options (N选1, issue #24).</summary>
public enum OrderMode
{
    Standard,

    /// <summary>Each member chooses one of 2–6 named packages with a code sent to them (docs/gifts.md).</summary>
    Choice,
}

/// <summary>
/// One named package a member may choose: its lines hold the quantity <b>per package</b> at the price it was priced
/// at when the order was made. An order's per-member value is its highest option's; what a member's choice leaves
/// under it goes back to the budget and their cap when the choices close.
/// </summary>
public sealed class OrderOption
{
    public const int MaxNameLength = 40;

    private readonly List<OrderLine> _lines = [];

    private OrderOption() => Name = "";

    public OrderOption(int index, string name, IEnumerable<OrderLine> lines)
    {
        Index = index;
        Name = name.Trim();
        _lines.AddRange(lines);
    }

    /// <summary>0-based, as the request listed it; what a member's choice names.</summary>
    public int Index { get; private set; }

    public string Name { get; private set; }

    /// <summary>Each line's <see cref="OrderLine.Quantity"/> is per package (份).</summary>
    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>What one package of this option is worth, to the fen.</summary>
    public decimal PackageValue => _lines.Sum(l => l.Amount);

    /// <summary>What one package of this option is worth from one supplier: that supplier's parcel per package.</summary>
    public decimal PackageValueOf(Guid supplierId) => _lines.Where(l => l.SupplierId == supplierId).Sum(l => l.Amount);
}

/// <summary>The limits and words of member choice, shared by the validator, the order and the pages.</summary>
public static class MemberChoice
{
    public const int MinOptions = 2;
    public const int MaxOptions = 6;

    /// <summary>Reminders go to members who have not chosen this long before the deadline.</summary>
    public static readonly TimeSpan RemindBefore = TimeSpan.FromDays(2);

    /// <summary>
    /// The purchaser's reminder button texts every member who has not chosen: at most once in this long per order, so
    /// a double click or a script cannot flood members' phones (or the SMS bill).
    /// </summary>
    public static readonly TimeSpan ReminderInterval = TimeSpan.FromHours(12);

    public static bool TryParseMode(string? text, out OrderMode mode)
    {
        mode = OrderMode.Standard;
        if (string.IsNullOrEmpty(text) || text == "standard")
        {
            return true;
        }
        if (text == "choice")
        {
            mode = OrderMode.Choice;
            return true;
        }
        return false;
    }

    public static string ModeName(OrderMode mode) => mode == OrderMode.Choice ? "choice" : "standard";
}
