using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Core.Reporting;

public sealed record ReportTotals(int Orders, decimal Amount, decimal AssistanceAmount, decimal AssistanceShare, int MembersServed);

/// <param name="Progress">Toward the reserved amount (帮扶 amount ÷ 预留份额), or, with nothing reserved, toward the share (actual ÷ target).</param>
/// <param name="Expected">Where progress should be by now: the share of the year gone (pro rata by Beijing date; 1 for a past year).</param>
public sealed record ReportTarget(decimal Share, decimal ReservedAmount, decimal Progress, decimal Expected, bool OnTrack);

public sealed record ChannelAmount(string Channel, decimal Amount);

public sealed record CountyAmount(string CountyCode, string CountyName, decimal Amount, decimal AssistanceAmount);

/// <param name="Month">yyyy-MM.</param>
public sealed record MonthAmount(string Month, decimal Amount, decimal AssistanceAmount);

/// <summary>A union directly below the report's union, with everything below it.</summary>
public sealed record ChildFigures(Guid UnionId, string Name, int Orders, decimal Amount, decimal AssistanceAmount, decimal AssistanceShare, decimal TargetShare,
    decimal ReservedAmount, decimal Progress, bool OnTrack, bool HasChildren);

/// <summary>The contract's union report: a union and every union below it, for a budget year.</summary>
/// <param name="ParentId">The union above, when the caller may open it (a drill back up).</param>
/// <param name="CanSetTarget">Whether the caller may set this union's target: its own approver, or an admin.</param>
public sealed record UnionReportView(Guid UnionId, string Name, Guid? ParentId, int Year, ReportTotals Totals, ReportTarget Target, IReadOnlyList<ChannelAmount> ByChannel,
    IReadOnlyList<CountyAmount> ByCounty, IReadOnlyList<MonthAmount> ByMonth, IReadOnlyList<ChildFigures> Children, bool CanSetTarget = false);

/// <summary>One row of the 填报 export: a union's own figures (not those below it), with its target.</summary>
public sealed record ReportRow(string Name, string Uscc, string ParentName, int Level, int Orders, decimal Amount, decimal AssistanceAmount, decimal AssistanceShare,
    int MembersServed, decimal? TargetShare, decimal? ReservedAmount, decimal? Progress, bool? OnTrack);

/// <summary>The products one county sold to a subtree in a year (this platform's orders paid in the year, as ordered).</summary>
public sealed record CountyProducts(Guid UnionId, int Year, string CountyCode, string CountyName, IReadOnlyList<CountyProduct> Items);

public interface IReportSheets
{
    Task WriteAsync(IReadOnlyList<ReportRow> rows, ReportRow totals, SheetFormat format, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// The federation's 消费帮扶 report (Purchaser, Approver: their union and every union below it; Admin, Finance: any
/// union). Reads the daily aggregates only and walks the union tree once: one query loads every union's id and
/// parent, the subtree is found in memory, and each figure is one grouped query over the subtree's rows.
/// </summary>
public sealed class UnionReports(IReportingStore store, IReportSheets sheets, ICurrentUser user, TimeProvider clock)
{
    public const int MinYear = 2000, MaxYear = 2100;

    public async Task<Result<UnionReportView>> ForYearAsync(Guid? unionId, int? year, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(unionId, year, cancellationToken);
        if (scope.Error is { } refused)
        {
            return refused;
        }
        var (tree, root, y) = scope.Value!;
        var ids = tree.Subtree(root.Id);
        var own = (await store.ByUnionAsync(ids, y, cancellationToken)).ToDictionary(f => f.UnionId);
        var channelCounties = await store.ByChannelCountyMonthAsync(ids, y, cancellationToken);
        var months = channelCounties.GroupBy(m => m.Month).ToDictionary(g => g.Key, g => (AmountFen: g.Sum(m => m.AmountFen), AssistedFen: g.Sum(m => m.AssistedFen)));
        var channels = channelCounties.GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => g.Sum(c => c.AmountFen));
        var counties = channelCounties.GroupBy(c => c.CountyCode)
            .Select(g => (CountyCode: g.Key, AmountFen: g.Sum(c => c.AmountFen), AssistedFen: g.Sum(c => c.AssistedFen))).ToList();
        var targets = await store.TargetsAsync(ids, y, cancellationToken);
        var elapsed = Elapsed(y);
        var total = tree.RollUp(root.Id, own);
        var children = tree.ChildrenOf(root.Id).Select(child =>
        {
            var figures = tree.RollUp(child.Id, own);
            var target = Target(targets.GetValueOrDefault(child.Id), figures, elapsed);
            return new ChildFigures(child.Id, child.Name, figures.Orders, Money.FromFen(figures.AmountFen), Money.FromFen(figures.AssistedFen), Share(figures),
                target.Share, target.ReservedAmount, target.Progress, target.OnTrack, tree.ChildrenOf(child.Id).Count > 0);
        }).OrderByDescending(c => c.Amount).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new UnionReportView(root.Id, root.Name, tree.IsVisible(tree.ParentOf(root.Id)) ? tree.ParentOf(root.Id) : null, y,
            new ReportTotals(total.Orders, Money.FromFen(total.AmountFen), Money.FromFen(total.AssistedFen), Share(total), total.Members),
            Target(targets.GetValueOrDefault(root.Id), total, elapsed),
            ReportChannels.All.Select(c => new ChannelAmount(c, Money.FromFen(channels.GetValueOrDefault(c)))).ToList(),
            counties.Where(c => c.AmountFen != 0).OrderByDescending(c => c.AmountFen).ThenBy(c => c.CountyCode, StringComparer.Ordinal)
                .Select(c => new CountyAmount(c.CountyCode, CountyName(c.CountyCode), Money.FromFen(c.AmountFen), Money.FromFen(c.AssistedFen))).ToList(),
            Enumerable.Range(1, 12).Select(m => months.TryGetValue(m, out var f)
                ? new MonthAmount($"{y:D4}-{m:D2}", Money.FromFen(f.AmountFen), Money.FromFen(f.AssistedFen))
                : new MonthAmount($"{y:D4}-{m:D2}", 0m, 0m)).ToList(),
            children,
            user.Can(Capability.Administer) || (user.Can(Capability.Approve) && user.UnionId == root.Id));
    }

    /// <summary>The unions the caller may open whose name or USCC holds <paramref name="q"/> (the report page's picker), at most 20.</summary>
    public async Task<Result<List<UnionNode>>> PickableAsync(string? q, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion, Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var tree = new UnionTree(await store.UnionTreeAsync(cancellationToken), user.Can(Capability.FinanceRead) ? null : user.UnionId ?? Guid.Empty);
        var text = q?.Trim() ?? "";
        return tree.Visible()
            .Where(n => text.Length == 0 || n.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || n.Uscc.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n.Name, StringComparer.Ordinal).Take(20).ToList();
    }

    /// <summary>The 填报 file: one row per union of the subtree (its own figures, the tree in order), then the totals.</summary>
    public async Task<Result<SheetDownload>> ExportAsync(Guid? unionId, int? year, SheetFormat format, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(unionId, year, cancellationToken);
        if (scope.Error is { } refused)
        {
            return refused;
        }
        var (tree, root, y) = scope.Value!;
        var ids = tree.Subtree(root.Id);
        var own = (await store.ByUnionAsync(ids, y, cancellationToken)).ToDictionary(f => f.UnionId);
        var targets = await store.TargetsAsync(ids, y, cancellationToken);
        var elapsed = Elapsed(y);
        var empty = new Figures(0, 0, 0, 0);
        var rows = tree.Walk(root.Id).Select(x =>
        {
            var f = own.TryGetValue(x.Node.Id, out var o) ? new Figures(o.AmountFen, o.AssistedFen, o.Orders, o.Members) : empty;
            var target = Target(targets.GetValueOrDefault(x.Node.Id), f, elapsed);
            return new ReportRow(x.Node.Name, x.Node.Uscc, tree.ParentOf(x.Node.Id) is { } p && tree.Find(p) is { } parent ? parent.Name : "", x.Level, f.Orders,
                Money.FromFen(f.AmountFen), Money.FromFen(f.AssistedFen), Share(f), f.Members, target.Share, target.ReservedAmount, target.Progress, target.OnTrack);
        }).ToList();
        var sum = tree.RollUp(root.Id, own);
        var totals = new ReportRow(Texts.Pick("合计", "Total"), "", "", 0, sum.Orders, Money.FromFen(sum.AmountFen), Money.FromFen(sum.AssistedFen), Share(sum), sum.Members,
            null, null, null, null);
        var name = $"消费帮扶报表-{root.Name}-{y}.{format.Extension()}";
        return new SheetDownload(name, format, (output, ct) => sheets.WriteAsync(rows, totals, format, output, ct));
    }

    /// <summary>What the subtree bought from one county in the year: the drill-down from the report's county chart.</summary>
    public async Task<Result<CountyProducts>> CountyProductsAsync(Guid? unionId, int? year, string countyCode, CancellationToken cancellationToken)
    {
        var scope = await ScopeAsync(unionId, year, cancellationToken);
        if (scope.Error is { } refused)
        {
            return refused;
        }
        if (countyCode.Length > 0 && Regions.Find(countyCode) is null && countyCode != "-")
        {
            return Error.Invalid("countyCode", Texts.Pick("区县代码无效。", "Not a known county code."));
        }
        var (tree, root, y) = scope.Value!;
        var code = countyCode == "-" ? "" : countyCode;
        var items = await store.CountyProductsAsync(tree.Subtree(root.Id), y, code, cancellationToken);
        return new CountyProducts(root.Id, y, code, CountyName(code), items);
    }

    /// <summary>The caller's reach: the union asked for (or theirs), which must lie in their subtree unless they read every union.</summary>
    private async Task<Result<(UnionTree Tree, UnionNode Root, int Year)>> ScopeAsync(Guid? unionId, int? year, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion, Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        var y = year ?? BusinessDate.Year(clock);
        if (y is < MinYear or > MaxYear)
        {
            return Error.Invalid("year", Texts.Pick($"年度须在 {MinYear}–{MaxYear} 之间。", $"The year must be from {MinYear} to {MaxYear}."));
        }
        var everyUnion = user.Can(Capability.FinanceRead);
        if (!everyUnion && user.UnionId is null)
        {
            return Access.Refusal(Capability.ReadUnion);
        }
        if (everyUnion && unionId is null)
        {
            return Error.Invalid("unionId", Texts.Pick("请选择工会。", "Choose a union."));
        }
        var all = await store.UnionTreeAsync(cancellationToken);
        var home = everyUnion ? null : user.UnionId;
        var tree = new UnionTree(all, home);
        var rootId = unionId ?? home!.Value;
        if (tree.Find(rootId) is not { } root || !tree.IsVisible(rootId))
        {
            return Error.NotFound();
        }
        return (tree, root, y);
    }

    /// <summary>How much of <paramref name="year"/> has gone by (Beijing date): 0 before it starts, 1 once it is over.</summary>
    public decimal Elapsed(int year)
    {
        var today = BusinessDate.Today(clock);
        if (today.Year > year)
        {
            return 1m;
        }
        if (today.Year < year)
        {
            return 0m;
        }
        return decimal.Round((decimal)today.DayOfYear / (DateTime.IsLeapYear(year) ? 366 : 365), 4);
    }

    /// <summary>
    /// Progress and being on track: toward the reserved amount pro rata through the year (帮扶 amount ≥ 预留份额 × the
    /// share of the year gone), and the 帮扶 share at or above the target once anything was bought.
    /// </summary>
    public static ReportTarget Target(UnionTarget? target, Figures figures, decimal elapsed)
    {
        var share = target?.AssistanceTargetShare ?? UnionTarget.DefaultShare;
        var reserved = target?.ReservedAmount ?? 0m;
        var assisted = Money.FromFen(figures.AssistedFen);
        var actualShare = Share(figures);
        var progress = reserved > 0m ? decimal.Round(assisted / reserved, 4)
            : share > 0m ? (figures.AmountFen > 0 ? decimal.Round(actualShare / share, 4) : 0m) : 1m;
        var onPace = reserved == 0m || assisted >= Money.Round(reserved * elapsed);
        var onShare = figures.AmountFen <= 0 || actualShare >= share;
        return new ReportTarget(share, reserved, progress, elapsed, onPace && onShare);
    }

    public static decimal Share(Figures f) => f.AmountFen <= 0 ? 0m : decimal.Round((decimal)f.AssistedFen / f.AmountFen, 4);

    private static string CountyName(string code) => code.Length == 0 ? Texts.Pick("未知区县", "Unknown county") : Regions.NameOf(code) is { Length: > 0 } name ? name : code;
}

/// <summary>Figures added up over a subtree, in 分.</summary>
public sealed record Figures(long AmountFen, long AssistedFen, int Orders, int Members);

/// <summary>
/// The union tree as one query loaded it: each union's children, the subtree below any union, and what a caller whose
/// union is <c>home</c> may see (home and everything below it; everything when home is null).
/// </summary>
public sealed class UnionTree
{
    private readonly Dictionary<Guid, UnionNode> _nodes;
    private readonly ILookup<Guid, UnionNode> _children;
    private readonly HashSet<Guid>? _visible;

    public UnionTree(IReadOnlyList<UnionNode> nodes, Guid? home)
    {
        _nodes = nodes.ToDictionary(n => n.Id);
        _cyclic = OnCycles(_nodes);
        _children = nodes.Where(n => ParentOf(n.Id) is not null).ToLookup(n => n.ParentId!.Value);
        _visible = home is { } h && _nodes.ContainsKey(h) ? Subtree(h).ToHashSet() : home is null ? null : [];
    }

    private readonly HashSet<Guid> _cyclic;

    public UnionNode? Find(Guid id) => _nodes.GetValueOrDefault(id);

    /// <summary>
    /// The union above <paramref name="id"/> as the tree counts it: none for a union on a cycle of parents. The admin
    /// form refuses a cycle, but two edits at once (each checking the other's old parent) can still close one; walked
    /// as it is, every union on it would be below every other, so a city could read its province. Each union on a
    /// cycle stands alone instead (least reach), keeping the unions below it that are not on the cycle.
    /// </summary>
    public Guid? ParentOf(Guid id) => _nodes.TryGetValue(id, out var node) && node.ParentId is { } parent && _nodes.ContainsKey(parent) && !_cyclic.Contains(id)
        ? parent
        : null;

    /// <summary>The unions on a cycle of parent links, found in one pass (each chain followed up once).</summary>
    private static HashSet<Guid> OnCycles(Dictionary<Guid, UnionNode> nodes)
    {
        var cyclic = new HashSet<Guid>();
        var done = new HashSet<Guid>();
        foreach (var start in nodes.Keys)
        {
            var path = new List<Guid>();
            var onPath = new Dictionary<Guid, int>();
            Guid? at = start;
            while (at is { } id && nodes.TryGetValue(id, out var node) && !done.Contains(id))
            {
                if (onPath.TryGetValue(id, out var from))
                {
                    cyclic.UnionWith(path.Skip(from));
                    break;
                }
                onPath[id] = path.Count;
                path.Add(id);
                at = node.ParentId;
            }
            done.UnionWith(path);
        }
        return cyclic;
    }

    public IEnumerable<UnionNode> Visible() => _nodes.Values.Where(n => IsVisible(n.Id));

    public bool IsVisible(Guid? id) => id is { } union && _nodes.ContainsKey(union) && (_visible is null || _visible.Contains(union));

    public IReadOnlyList<UnionNode> ChildrenOf(Guid id) => _children[id].OrderBy(n => n.Name, StringComparer.Ordinal).ToList();

    /// <summary>The union and every union below it (a cycle, which the admin form refuses, is walked once).</summary>
    public IReadOnlyList<Guid> Subtree(Guid id) => Walk(id).Select(x => x.Node.Id).ToList();

    /// <summary>Depth first, the union itself first, children by name; each with its depth below <paramref name="id"/>.</summary>
    public IEnumerable<(UnionNode Node, int Level)> Walk(Guid id)
    {
        if (Find(id) is not { } start)
        {
            yield break;
        }
        var seen = new HashSet<Guid>();
        var stack = new Stack<(UnionNode, int)>();
        stack.Push((start, 0));
        while (stack.Count > 0)
        {
            var (node, level) = stack.Pop();
            if (!seen.Add(node.Id))
            {
                continue;
            }
            yield return (node, level);
            foreach (var child in ChildrenOf(node.Id).Reverse())
            {
                stack.Push((child, level + 1));
            }
        }
    }

    public Figures RollUp(Guid id, IReadOnlyDictionary<Guid, UnionFigures> own)
    {
        long amount = 0, assisted = 0;
        int orders = 0, members = 0;
        foreach (var union in Subtree(id))
        {
            if (own.TryGetValue(union, out var f))
            {
                (amount, assisted, orders, members) = (amount + f.AmountFen, assisted + f.AssistedFen, orders + f.Orders, members + f.Members);
            }
        }
        return new Figures(amount, assisted, orders, members);
    }
}
