using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Web.Components.Gifts;

/// <summary>
/// What the package builder's "let members choose" holds while the purchaser sets it up (#24): how many options, their
/// names, which purchase-list line goes into which option, the default and the deadline's Beijing date. The server
/// prices and checks the request it makes (<see cref="OrderRequestValidator"/>); the figures here are a preview.
/// </summary>
public sealed class ChoicePlan
{
    private readonly Dictionary<Guid, int> _optionOf = [];

    public bool Enabled { get; set; }
    public int OptionCount { get; set; } = MemberChoice.MinOptions;
    public string?[] Names { get; } = new string?[MemberChoice.MaxOptions];
    public int Default { get; set; }
    public DateTime? DeadlineDate { get; set; }

    public bool Holds(int option, Guid skuId) => _optionOf.TryGetValue(skuId, out var o) && o == option && o < OptionCount;

    /// <summary>A line is in one option at a time here (the API lets a SKU be in several).</summary>
    public void Put(int option, Guid skuId, bool included)
    {
        if (included)
        {
            _optionOf[skuId] = option;
        }
        else if (Holds(option, skuId))
        {
            _optionOf.Remove(skuId);
        }
    }

    /// <summary>
    /// Spreads the lines over the options (line i into option i, the rest into the last), names each after its first
    /// product, and proposes a deadline a week after <paramref name="today"/> (Beijing); the purchaser changes any of it.
    /// </summary>
    public void Start(IReadOnlyList<PurchaseListLine> lines, DateOnly today)
    {
        DeadlineDate ??= today.AddDays(7).ToDateTime(TimeOnly.MinValue);
        OptionCount = Math.Clamp(lines.Count, MemberChoice.MinOptions, MemberChoice.MaxOptions);
        for (var i = 0; i < lines.Count; i++)
        {
            _optionOf.TryAdd(lines[i].SkuId, Math.Min(i, OptionCount - 1));
        }
        for (var option = 0; option < OptionCount; option++)
        {
            Names[option] ??= lines.FirstOrDefault(l => Holds(option, l.SkuId))?.ProductName;
        }
    }

    /// <summary>One package of an option, each line at its price for the per-package quantity (as the server prices it).</summary>
    public decimal ValueOf(int option, IReadOnlyList<PurchaseListLine> lines) =>
        lines.Where(l => Holds(option, l.SkuId)).Sum(l => Money.Round(l.UnitPriceFor(1) * l.PerPackage));

    /// <summary>The per-member value: the highest option's.</summary>
    public decimal PerMemberValue(IReadOnlyList<PurchaseListLine> lines) =>
        Enumerable.Range(0, OptionCount).Select(i => ValueOf(i, lines)).DefaultIfEmpty(0m).Max();

    /// <summary>Fills the choice fields of the create request; the deadline is the chosen Beijing date's end (23:59).</summary>
    public void Fill(OrderRequest request, IReadOnlyList<PurchaseListLine> lines)
    {
        request.Mode = "choice";
        request.Lines = [];
        request.Options = Enumerable.Range(0, OptionCount).Select(i => new OrderOptionRequest
        {
            Name = Names[i],
            Lines = lines.Where(l => Holds(i, l.SkuId)).Select(l => new OrderLineRequest { SkuId = l.SkuId, Quantity = l.PerPackage }).ToList(),
        }).ToList();
        request.DefaultOption = Default;
        request.ChoiceDeadline = DeadlineDate is { } date
            ? new DateTimeOffset(date.Date.AddHours(23).AddMinutes(59), BusinessDate.Offset)
            : null;
    }
}
