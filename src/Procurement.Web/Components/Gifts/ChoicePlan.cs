using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Web.Components.Gifts;

/// <summary>
/// What the package builder's "let members choose" holds while the purchaser sets it up (#24): how many options, their
/// names, which purchase-list lines go into which options (a line may be in any number of them, or in none), the
/// default and the deadline's Beijing date. The server prices and checks the request it makes
/// (<see cref="OrderRequestValidator"/>, <c>OrderDrafting</c>); the figures here are what it will charge: each option
/// line at the SKU's price for its per-package quantity (how many members take each option is unknown until they choose).
/// </summary>
public sealed partial class ChoicePlan
{
    private readonly HashSet<(int Option, Guid SkuId)> _holds = [];

    // The lines already spread by Start: a line the purchaser took out of every option stays out.
    private readonly HashSet<Guid> _placed = [];

    // The options already given a proposed name: a name the purchaser cleared is not proposed again.
    private readonly bool[] _named = new bool[MemberChoice.MaxOptions];

    public bool Enabled { get; set; }
    public int OptionCount { get; set; } = MemberChoice.MinOptions;
    public string?[] Names { get; } = new string?[MemberChoice.MaxOptions];
    public int Default { get; set; }
    public DateTime? DeadlineDate { get; set; }

    public bool Holds(int option, Guid skuId) => option < OptionCount && _holds.Contains((option, skuId));

    /// <summary>Puts the line into the option or takes it out; the line's place in other options does not change.</summary>
    public void Put(int option, Guid skuId, bool included)
    {
        _placed.Add(skuId);
        if (included)
        {
            _holds.Add((option, skuId));
        }
        else
        {
            _holds.Remove((option, skuId));
        }
    }

    /// <summary>The options (0-based, among the first <see cref="OptionCount"/>) that hold the line.</summary>
    public IReadOnlyList<int> OptionsOf(Guid skuId) => Enumerable.Range(0, OptionCount).Where(o => Holds(o, skuId)).ToList();

    /// <summary>Whether any option holds the line: a line in none is not ordered.</summary>
    public bool Offers(Guid skuId) => Enumerable.Range(0, OptionCount).Any(o => Holds(o, skuId));

    /// <summary>The option's lines, in purchase-list order: the order <see cref="Fill"/> sends them in (<c>options[i].lines[j]</c>).</summary>
    public IReadOnlyList<PurchaseListLine> LinesOf(int option, IReadOnlyList<PurchaseListLine> lines) => lines.Where(l => Holds(option, l.SkuId)).ToList();

    /// <summary>
    /// Spreads the lines not spread before over the options (line i into option i, the rest into the last), names each
    /// option once after its first product, and proposes a deadline a week after <paramref name="today"/> (Beijing);
    /// the purchaser changes any of it. Lines already spread keep where the purchaser put them (in several options or none).
    /// </summary>
    public void Start(IReadOnlyList<PurchaseListLine> lines, DateOnly today)
    {
        DeadlineDate ??= today.AddDays(7).ToDateTime(TimeOnly.MinValue);
        if (_placed.Count == 0)
        {
            OptionCount = Math.Clamp(lines.Count, MemberChoice.MinOptions, MemberChoice.MaxOptions);
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (_placed.Add(lines[i].SkuId))
            {
                _holds.Add((Math.Min(i, OptionCount - 1), lines[i].SkuId));
            }
        }
        for (var option = 0; option < OptionCount; option++)
        {
            if (!_named[option] && Names[option] is null && LinesOf(option, lines) is [var first, ..])
            {
                Names[option] = first.ProductName;
                _named[option] = true;
            }
        }
    }

    /// <summary>What the server charges for one package of the line in an option: the SKU's price for the per-package quantity.</summary>
    public static decimal UnitPriceOf(PurchaseListLine line) => line.UnitPriceAt(line.PerPackage);

    /// <summary>One package's worth of the line in an option, to the fen.</summary>
    public static decimal AmountOf(PurchaseListLine line) => Money.Round(UnitPriceOf(line) * line.PerPackage);

    /// <summary>One package of an option, each line at its price for the per-package quantity (as the server prices it).</summary>
    public decimal ValueOf(int option, IReadOnlyList<PurchaseListLine> lines) => LinesOf(option, lines).Sum(AmountOf);

    /// <summary>The per-member value: the highest option's.</summary>
    public decimal PerMemberValue(IReadOnlyList<PurchaseListLine> lines) =>
        Enumerable.Range(0, OptionCount).Select(i => ValueOf(i, lines)).DefaultIfEmpty(0m).Max();

    /// <summary>What the order commits for <paramref name="packages"/> 份: the per-member value × 份数, as <c>Order.PackInto</c> computes it.</summary>
    public decimal Total(IReadOnlyList<PurchaseListLine> lines, int packages) => Money.Round(PerMemberValue(lines) * Math.Max(packages, 1));

    /// <summary>The option's label: its name, or "礼包 n" while it has none.</summary>
    public string LabelOf(int option, Func<int, string> unnamed) => string.IsNullOrWhiteSpace(Names[option]) ? unnamed(option + 1) : Names[option]!.Trim();

    /// <summary>Removes the last option; the default moves to the last one left when it was the one removed.</summary>
    public void RemoveOption()
    {
        OptionCount = Math.Max(MemberChoice.MinOptions, OptionCount - 1);
        Default = Math.Min(Default, OptionCount - 1);
    }

    /// <summary>
    /// How many members could choose the option with the stock read now: the fewest packages any of its lines fills
    /// (available ÷ per package); null for an option with no lines. Options sharing a SKU share its stock, so this is at most.
    /// </summary>
    public int? StockFor(int option, IReadOnlyList<PurchaseListLine> lines) =>
        LinesOf(option, lines) is { Count: > 0 } held ? held.Min(l => StockRules.MaxPackagesOf(l.Available, l.PerPackage)) : null;

    /// <summary>
    /// The option and, for <c>options[i].lines[j].*</c>, the line a field of the server's answer names (the request
    /// was made by <see cref="Fill"/> from <paramref name="lines"/>); null option when the field is not an option's.
    /// </summary>
    public (int? Option, PurchaseListLine? Line) FieldOf(string field, IReadOnlyList<PurchaseListLine> lines)
    {
        var match = OptionField().Match(field);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, out var option))
        {
            return (null, null);
        }
        var held = option < OptionCount ? LinesOf(option, lines) : [];
        return match.Groups[2].Success && int.TryParse(match.Groups[2].ValueSpan, out var line) && line < held.Count
            ? (option, held[line])
            : (option, null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^options\[(\d{1,3})\](?:\.lines\[(\d{1,3})\])?", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex OptionField();

    /// <summary>Fills the choice fields of the create request; the deadline is the chosen Beijing date's end (23:59).</summary>
    public void Fill(OrderRequest request, IReadOnlyList<PurchaseListLine> lines)
    {
        request.Mode = "choice";
        request.Lines = [];
        request.Options = Enumerable.Range(0, OptionCount).Select(i => new OrderOptionRequest
        {
            Name = Names[i],
            Lines = LinesOf(i, lines).Select(l => new OrderLineRequest { SkuId = l.SkuId, Quantity = l.PerPackage }).ToList(),
        }).ToList();
        request.DefaultOption = Default;
        request.ChoiceDeadline = DeadlineDate is { } date
            ? new DateTimeOffset(date.Date.AddHours(23).AddMinutes(59), BusinessDate.Offset)
            : null;
    }
}
