using System.Text.Json.Serialization;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Core.Users;

namespace Procurement.Core.Ordering;

/// <summary><c>Ordering:*</c>: how long an approved order holds its stock unpaid.</summary>
public sealed class OrderingOptions
{
    public double ReservationHours { get; set; } = 48;

    /// <summary>How long before the reservation ends the purchaser is warned on the order page.</summary>
    public double WarnHoursBefore { get; set; } = 24;

    public TimeSpan Reservation => TimeSpan.FromHours(ReservationHours);
}

public sealed record OrderLineDetails(Guid SkuId, string SkuCode, Guid ProductId, string ProductName, Guid SupplierId, int Quantity,
    decimal UnitPrice, decimal Amount, int PerPackage, bool Certified, string OriginCityCode);

/// <summary>验收 as the order shows it: who (and their name), when, and the note.</summary>
public sealed record OrderAcceptance(Guid By, string? ByName, DateTimeOffset At, string? Note);

public sealed record TimelineEntry(DateTimeOffset At, Guid? By, string? ByName, string From, string To, string? Reason);

/// <summary>The contract's order shape, and what the pages need beside it (names, package value, the reservation's end).</summary>
/// <param name="AllowedActions">What the caller may do with the order now (<see cref="Order.AllowedActions"/>), camelCase: <c>["submit","cancel"]</c>.</param>
public sealed record OrderDetails(
    Guid Id, string Number, string Status, string Occasion, string? Note, decimal Total, Guid CreatedBy, string? CreatedByName,
    IReadOnlyList<OrderLineDetails> Lines, int RecipientCount, int PackageCount, IReadOnlyList<TimelineEntry> Timeline,
    Guid UnionId, decimal PackageValue, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? ApprovedAt,
    DateTimeOffset? ReservationEndsAt, int? BudgetYear, IReadOnlyList<string> AllowedActions, string? Reference = null,
    OrderAcceptance? Acceptance = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OrderOptionDetails>? Options = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DefaultOption = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ChoiceDeadline = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ChoicesClosedAt = null)
{
    /// <summary>Whether the caller these details were read for may <paramref name="action"/> the order now.</summary>
    public bool Allows(OrderAction action) => AllowedActions.Contains(action.ToName());
}

/// <summary>A choice order's option: its lines' <c>quantity</c> and <c>perPackage</c> are per package; <c>amount</c> is one package's.</summary>
public sealed record OrderOptionDetails(int Index, string Name, decimal PackageValue, IReadOnlyList<OrderLineDetails> Lines);

/// <summary>Where the union's budget stands for a year, and what an order would leave.</summary>
public sealed record BudgetPosition(int Year, decimal Budget, decimal Committed, decimal Remaining, decimal AnnualCapPerMember, decimal ApprovalThreshold)
{
    /// <summary>
    /// The position after an order of <paramref name="total"/> moved from <paramref name="from"/> to <paramref name="to"/>:
    /// a submit commits its total, a reject, cancel or refund gives it back (<see cref="OrderStatusRules.CountsAsSpend"/>).
    /// </summary>
    public BudgetPosition After(decimal total, OrderStatus from, OrderStatus to)
    {
        var committed = (to.CountsAsSpend() ? total : 0m) - (from.CountsAsSpend() ? total : 0m);
        return committed == 0m ? this : this with { Committed = Committed + committed, Remaining = Remaining - committed };
    }
}

/// <summary>What the order page shows, read at once: the order, its recipients per province, and for union accounts the budget of its year.</summary>
public sealed record OrderOverview(OrderDetails Order, IReadOnlyList<ProvinceCount> Provinces, BudgetPosition? Budget);

/// <summary>Reading orders: the caller's union only (admins: all), through the store's tenant filter.</summary>
public sealed class OrderQueries(IOrderStore store, IRecipientStore recipients, IUnionStore unions, ICurrentUser user, TimeProvider clock,
    OrderingOptions options, IOrderSheets sheets)
{
    public async Task<Result<OrderDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        return await store.FindAsync(id, cancellationToken) is { } order ? await DetailsAsync(order, cancellationToken) : Error.NotFound();
    }

    /// <summary>The order page's one read: the order, its provinces, and the budget of its year when the caller reads the union's books.</summary>
    public async Task<Result<OrderOverview>> OverviewAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        if (found.Error is { } refused)
        {
            return refused;
        }
        var order = found.Value!;
        var provinces = await recipients.ProvincesAsync(id, cancellationToken);
        var budget = user.Can(Capability.ReadUnion) ? (await BudgetAsync(order.BudgetYear, cancellationToken)).Value : null;
        return new OrderOverview(order, provinces, budget);
    }

    /// <summary>The union's order list (purchasers, approvers, admins). Finance opens single orders from its payment queues, not this list.</summary>
    public async Task<Result<Paged<OrderSummary>>> ListAsync(OrderListQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ListOrders) is { } refused)
        {
            return refused;
        }
        return await store.ListAsync(query, cancellationToken);
    }

    public async Task<Result<Paged<Recipient>>> RecipientsAsync(Guid id, string? q, int skip, int take, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        // Called for every page the recipients table scrolls to: the order is checked for, not loaded.
        if (!await store.ExistsAsync(id, cancellationToken))
        {
            return Error.NotFound();
        }
        var window = PageBounds.RequireWindow(skip, take);
        return await recipients.PageAsync(id, q, window.Skip, window.Take, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<ProvinceCount>>> ProvincesAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (!await store.ExistsAsync(id, cancellationToken))
        {
            return Error.NotFound();
        }
        return (await recipients.ProvincesAsync(id, cancellationToken)).ToList();
    }

    /// <summary>The order's XLSX for shipping: its recipients, read as the file streams out, with what each package holds.</summary>
    public async Task<Result<SheetDownload>> ExportAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        if (found.Error is { } refused)
        {
            return refused;
        }
        var order = found.Value!;
        return new SheetDownload($"{order.Number}.xlsx", SheetFormat.Xlsx,
            (output, cancellationToken) => sheets.WriteShippingAsync(order, recipients.AllAsync(id, cancellationToken), output, cancellationToken));
    }

    /// <summary>The recipients template, with two example rows; for those who build orders.</summary>
    public Result<SheetDownload> RecipientsTemplate(SheetFormat format) =>
        user.Refuse(Capability.Purchase) is { } refused ? refused : SheetDownload.Of($"recipients.{format.Extension()}", format, sheets.Template(format));

    /// <summary>The caller's union's budget this Beijing year: budget, committed by orders, remaining.</summary>
    public async Task<Result<BudgetPosition>> BudgetAsync(int? year, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion) is { } denied)
        {
            return denied;
        }
        var unionId = user.UnionId!.Value;
        var union = await unions.FindAsync(unionId, cancellationToken);
        if (union is null)
        {
            return Error.NotFound();
        }
        var at = year ?? BusinessDate.Year(clock);
        var budget = union.BudgetFor(at) ?? 0m;
        var committed = await store.CommittedAsync(unionId, at, cancellationToken);
        return new BudgetPosition(at, budget, committed, budget - committed, union.AnnualCapPerMember, union.ApprovalThreshold);
    }

    internal async Task<OrderDetails> DetailsAsync(Order order, CancellationToken cancellationToken)
    {
        var people = order.Timeline.Where(t => t.By is not null).Select(t => t.By!.Value).Append(order.CreatedBy)
            .Concat(order.AcceptedBy is { } accepter ? [accepter] : []).Distinct().ToList();
        var names = await store.UserNamesAsync(people, cancellationToken);
        return order.ToDetails(names, options.Reservation, user);
    }
}

public static class OrderMapping
{
    /// <summary>The order as <paramref name="user"/> sees it: its <c>allowedActions</c> are theirs.</summary>
    public static OrderDetails ToDetails(this Order order, IReadOnlyDictionary<Guid, string> names, TimeSpan reservation, ICurrentUser user) =>
        new(order.Id, order.Number, order.Status.ToString(), order.Occasion.ToString(), order.Note, order.Total, order.CreatedBy,
            names.GetValueOrDefault(order.CreatedBy),
            order.Lines.Select(l => new OrderLineDetails(l.SkuId, l.SkuCode, l.ProductId, l.ProductName, l.SupplierId, l.Quantity, l.UnitPrice,
                l.Amount, order.PackageCount > 0 ? l.Quantity / order.PackageCount : 0, l.Certified, l.OriginCityCode)).ToList(),
            order.RecipientCount, order.PackageCount,
            order.Timeline.Select(t => new TimelineEntry(t.At, t.By, t.By is { } by ? names.GetValueOrDefault(by) : null, t.From.ToString(),
                t.To.ToString(), t.Reason)).ToList(),
            order.UnionId, order.PackageValue, order.CreatedAt, order.SubmittedAt, order.ApprovedAt, order.ReservationEndsAt(reservation),
            order.BudgetYear, order.AllowedActions(user).Select(a => a.ToName()).ToList(), order.Reference,
            order is { AcceptedAt: { } acceptedAt, AcceptedBy: { } acceptedBy }
                ? new OrderAcceptance(acceptedBy, names.GetValueOrDefault(acceptedBy), acceptedAt, order.AcceptanceNote) : null,
            // A standard order's shape is as it was: the choice fields appear on choice orders only.
            order.Mode == OrderMode.Choice ? MemberChoice.ModeName(order.Mode) : null,
            order.Mode == OrderMode.Choice
                ? order.Options.OrderBy(o => o.Index).Select(o => new OrderOptionDetails(o.Index, o.Name, o.PackageValue,
                    o.Lines.Select(l => new OrderLineDetails(l.SkuId, l.SkuCode, l.ProductId, l.ProductName, l.SupplierId, l.Quantity, l.UnitPrice, l.Amount,
                        l.Quantity, l.Certified, l.OriginCityCode)).ToList())).ToList()
                : null,
            order.DefaultOption, order.ChoiceDeadline, order.ChoicesClosedAt);
}
