using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>The body of <c>POST /api/v1/purchase-list/stock-check</c>: a package count and what one package holds (the caller's purchase list when <see cref="Lines"/> is left out).</summary>
public sealed record StockCheckRequest(decimal? Packages, IReadOnlyList<StockCheckLineRequest>? Lines = null);

/// <summary>One SKU and how many of it each package holds.</summary>
public sealed record StockCheckLineRequest(Guid SkuId, decimal? PerPackage);

/// <summary>A SKU as the stock check reads it: its product's category and state, its supplier, what is available now.</summary>
public sealed record StockedSku(Guid SkuId, string SkuCode, string Spec, Guid ProductId, string ProductName, string CategoryCode, Guid SupplierId,
    string SupplierName, decimal Price, int Available, bool Published);

/// <summary>An in-stock SKU that could stand in for a short line: same category, price within the band, enough available for the whole order.</summary>
public sealed record StockAlternative(Guid SkuId, string SkuCode, string Spec, Guid ProductId, string ProductName, decimal Price, int Available);

/// <summary>
/// A line that cannot be filled for the package count: what it needs, what is available, the largest package count
/// it could fill (<c>available ÷ per package</c>), and up to <see cref="StockRules.MaxAlternatives"/> alternatives.
/// </summary>
/// <param name="Field">The line as a request field (<c>lines[i].perPackage</c>), so a form can put the message beside it.</param>
/// <param name="Orderable">False when the SKU is gone or its product is no longer published (nothing of it can be ordered).</param>
public sealed record StockShortage(int Index, string Field, Guid SkuId, string SkuCode, string ProductName, int PerPackage, int Needed, int Available,
    int MaxPackages, bool Orderable, IReadOnlyList<StockAlternative> Alternatives, string Message);

/// <summary>
/// The answer of a stock check: every short line at once, the largest package count every line can fill, and what
/// the package becomes when shipped (one parcel per supplier per recipient).
/// </summary>
/// <param name="MaxPackages">The largest package count all lines can fill now (the smallest of the lines' own).</param>
/// <param name="Suppliers">The suppliers the package's SKUs come from, by name: each sends its own parcel.</param>
/// <param name="Parcels">Packages × suppliers: the parcels the order becomes when every recipient takes one package (a recipient with more packages still gets one parcel per supplier).</param>
public sealed record StockCheckResult(int Packages, int MaxPackages, IReadOnlyList<StockShortage> Shortages, IReadOnlyList<string> Suppliers, int Parcels)
{
    public bool AllInStock => Shortages.Count == 0;
}

/// <summary>Packages from 1 to <see cref="StockRules.MaxPackages"/>; lines (when given) at most <see cref="PurchaseListItem.MaxItems"/>, each SKU once, whole numbers per package.</summary>
public sealed class StockCheckRequestValidator : AbstractValidator<StockCheckRequest>
{
    public StockCheckRequestValidator()
    {
        RuleFor(x => x.Packages).Must(p => p is { } v && v >= 1 && v <= StockRules.MaxPackages && v == decimal.Truncate(v))
            .WithMessage(_ => Texts.Pick($"份数须为 1 到 {StockRules.MaxPackages} 之间的整数。",
                $"The number of packages must be a whole number from 1 to {StockRules.MaxPackages:N0}."));
        RuleFor(x => x.Lines).Must(l => l is null || l.Count is >= 1 and <= PurchaseListItem.MaxItems)
            .WithMessage(_ => Texts.Pick($"须有 1 到 {PurchaseListItem.MaxItems} 行。", $"Between 1 and {PurchaseListItem.MaxItems} lines are required."));
        RuleFor(x => x.Lines).Must(l => l is null || l.Select(x => x.SkuId).Distinct().Count() == l.Count)
            .WithMessage(_ => Texts.Pick("同一规格只能出现一次。", "Each SKU may appear once."));
        RuleForEach(x => x.Lines).ChildRules(line =>
            line.RuleFor(l => l.PerPackage).Must(p => p is { } v && PurchaseListItemRequestValidator.IsWhole(v))
                .WithMessage(_ => PurchaseListItemRequestValidator.Message()));
    }
}

/// <summary>The rule of a stock check, with no database: which lines are short, how many packages fit, which SKUs may replace a short one.</summary>
public static class StockRules
{
    /// <summary>The most packages one check (and one order's recipients: 20,000 rows × up to 1,000 each is more than any order) is asked about.</summary>
    public const int MaxPackages = 1_000_000;

    /// <summary>Alternatives cost within ±30 % of the short SKU's base price.</summary>
    public const decimal PriceBand = 0.30m;

    public const int MaxAlternatives = 3;

    /// <summary>How many candidates one check reads for all its short lines together (most available first).</summary>
    public const int MaxCandidates = 200;

    public static (decimal Low, decimal High) BandOf(decimal price) => (Money.Round(price * (1 - PriceBand)), Money.Round(price * (1 + PriceBand)));

    public static int MaxPackagesOf(int available, int perPackage) => perPackage < 1 || available <= 0 ? 0 : available / perPackage;

    /// <summary>
    /// Every line checked for <paramref name="packages"/>; <paramref name="stocked"/> holds the lines' SKUs as read now
    /// (a missing one is not orderable), <paramref name="candidates"/> the in-stock SKUs that might stand in.
    /// </summary>
    public static StockCheckResult Check(int packages, IReadOnlyList<(Guid SkuId, int PerPackage)> lines, IReadOnlyDictionary<Guid, StockedSku> stocked,
        IReadOnlyList<StockedSku> candidates)
    {
        var listed = lines.Select(l => l.SkuId).ToHashSet();
        var shortages = new List<StockShortage>();
        var maxPackages = int.MaxValue;
        for (var i = 0; i < lines.Count; i++)
        {
            var (skuId, perPackage) = lines[i];
            var needed = (int)Math.Min((long)perPackage * packages, int.MaxValue);
            stocked.TryGetValue(skuId, out var sku);
            var orderable = sku is { Published: true };
            var available = orderable ? Math.Max(0, sku!.Available) : 0;
            var fits = MaxPackagesOf(available, perPackage);
            maxPackages = Math.Min(maxPackages, fits);
            if (orderable && available >= needed)
            {
                continue;
            }
            var code = sku?.SkuCode ?? skuId.ToString();
            // Only what the catalog shows publicly: a product off sale may carry a name nobody has reviewed yet.
            var name = orderable ? sku!.ProductName : "";
            var alternatives = sku is null ? [] : AlternativesFor(sku, needed, listed, candidates);
            var message = !orderable
                ? Texts.Pick($"规格 {code} 已下架或不存在，无法订购。", $"SKU {code} is no longer on sale.")
                : Texts.Pick($"规格 {code}（{name}）可售 {available:N0} 件，{packages:N0} 份需 {needed:N0} 件；最多可做 {fits:N0} 份。",
                    $"SKU {code} ({name}) has {available:N0} available; {packages:N0} packages need {needed:N0}. It fills at most {fits:N0} packages.");
            shortages.Add(new StockShortage(i, $"lines[{i}].perPackage", skuId, code, name, perPackage, needed, available, fits, orderable, alternatives, message));
        }
        var suppliers = lines.Select(l => stocked.GetValueOrDefault(l.SkuId)).Where(s => s is { Published: true })
            .Select(s => (s!.SupplierId, s.SupplierName)).Distinct().Select(s => s.SupplierName).ToList();
        return new StockCheckResult(packages, lines.Count == 0 ? 0 : maxPackages, shortages, suppliers, packages * suppliers.Count);
    }

    /// <summary>Published SKUs of the same category, priced within the band, with enough for the whole order, not on the list already; nearest price first.</summary>
    public static IReadOnlyList<StockAlternative> AlternativesFor(StockedSku shortSku, int needed, IReadOnlySet<Guid> listed, IEnumerable<StockedSku> candidates)
    {
        var (low, high) = BandOf(shortSku.Price);
        return candidates
            .Where(c => c.Published && c.CategoryCode == shortSku.CategoryCode && c.Price >= low && c.Price <= high && c.Available >= needed
                && !listed.Contains(c.SkuId))
            .OrderBy(c => Math.Abs(c.Price - shortSku.Price)).ThenByDescending(c => c.Available).ThenBy(c => c.SkuCode, StringComparer.Ordinal)
            .Take(MaxAlternatives)
            .Select(c => new StockAlternative(c.SkuId, c.SkuCode, c.Spec, c.ProductId, c.ProductName, c.Price, c.Available))
            .ToList();
    }
}

/// <summary>
/// The package builder's stock check (Purchaser): every line against what is available for the package count, all
/// short lines at once with alternatives, in two set-based reads however many lines (the lines' SKUs, then the
/// candidates for every short line together).
/// </summary>
public sealed class StockCheck(IPurchaseListStore store, ICurrentUser user, IValidator<StockCheckRequest> validator)
{
    public async Task<Result<StockCheckResult>> CheckAsync(StockCheckRequest request, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        var lines = request.Lines is { } asked
            ? asked.Select(l => (l.SkuId, (int)l.PerPackage!.Value)).ToList()
            : (await store.ItemsAsync(user.UserId!.Value, cancellationToken)).Select(i => (i.SkuId, i.PerPackage)).ToList();
        return await CheckAsync((int)request.Packages!.Value, lines, cancellationToken);
    }

    /// <summary>The check itself, for callers that already hold the lines (a draft's lines, per package).</summary>
    public async Task<StockCheckResult> CheckAsync(int packages, IReadOnlyList<(Guid SkuId, int PerPackage)> lines, CancellationToken cancellationToken)
    {
        var stocked = await store.StockAsync(lines.Select(l => l.SkuId).ToList(), cancellationToken);
        var first = StockRules.Check(packages, lines, stocked, []);
        if (first.AllInStock)
        {
            return first;
        }
        // One read for every short line's candidates: the union of their categories and price bands, enough for the smallest need.
        var shorts = first.Shortages.Where(s => stocked.ContainsKey(s.SkuId)).Select(s => (Sku: stocked[s.SkuId], s.Needed)).ToList();
        if (shorts.Count == 0)
        {
            return first;
        }
        var bands = shorts.Select(s => StockRules.BandOf(s.Sku.Price)).ToList();
        var candidates = await store.CandidatesAsync(shorts.Select(s => s.Sku.CategoryCode).Distinct().ToList(), bands.Min(b => b.Low), bands.Max(b => b.High),
            shorts.Min(s => s.Needed), lines.Select(l => l.SkuId).ToList(), StockRules.MaxCandidates, cancellationToken);
        return StockRules.Check(packages, lines, stocked, candidates);
    }
}

/// <summary>A short line to swap for one of its alternatives.</summary>
public sealed record StockSwap(Guid SkuId, Guid WithSkuId);
