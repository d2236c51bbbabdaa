using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;

namespace Procurement.Core.Gifts;

/// <summary>The gift page's answer: <c>GET /api/v1/gift/{code}</c>.</summary>
public sealed record GiftView(string OrderNumber, string UnionName, string Occasion, string OccasionLabel, DateTimeOffset Deadline, IReadOnlyList<GiftOptionView> Options,
    int? Chosen, int DefaultOption, GiftRecipientView Recipient, int Packages, bool CanChoose, string State, DateTimeOffset? ReceivedAt,
    IReadOnlyList<GiftParcel> Parcels);

/// <summary>One option as a member sees it; <c>gone</c>: not enough left for this member's packages (their own choice is never gone).</summary>
public sealed record GiftOptionView(int Index, string Name, IReadOnlyList<GiftItemView> Items, bool Gone);

public sealed record GiftItemView(string ProductName, string Spec, int Quantity, string? ImageUrl);

/// <summary>Mobile masked (<c>138****8000</c>).</summary>
public sealed record GiftRecipientView(string Name, string Mobile, string Address, string? ProvinceCode, string? CityCode, string? DistrictCode, string? Detail);

/// <summary>The body of <c>POST /api/v1/gift/{code}/choice</c>.</summary>
public sealed class GiftChoiceRequest
{
    public int? Option { get; set; }
    public GiftAddressRequest? Address { get; set; }
}

public sealed class GiftAddressRequest
{
    public string? ProvinceCode { get; set; }
    public string? CityCode { get; set; }
    public string? DistrictCode { get; set; }
    public string? Detail { get; set; }
}

/// <summary>The body of <c>POST /api/v1/gift/{code}/problems</c>: which of the member's parcels, <c>Damaged</c> or <c>Lost</c>, and what happened.</summary>
public sealed class GiftProblemRequest
{
    public long? ParcelId { get; set; }
    public string? Kind { get; set; }
    public string? Description { get; set; }
}

public sealed class GiftChoiceRequestValidator : AbstractValidator<GiftChoiceRequest>
{
    public GiftChoiceRequestValidator()
    {
        RuleFor(x => x.Option).NotNull().WithMessage(_ => Texts.Pick("请选择一个礼包。", "Choose a package."));
        When(x => x.Address is not null, () =>
        {
            RuleFor(x => x.Address!.ProvinceCode).Must(Regions.IsProvince).OverridePropertyName("address.provinceCode")
                .WithMessage(_ => Texts.Pick("请选择省份。", "Choose the province."));
            RuleFor(x => x.Address!.CityCode).Must((x, c) => Regions.Find(c) is { } city && city.ParentCode == x.Address!.ProvinceCode)
                .OverridePropertyName("address.cityCode").WithMessage(_ => Texts.Pick("请选择该省的城市。", "Choose a city of the province."));
            RuleFor(x => x.Address!.DistrictCode).Must((x, d) => d == x.Address!.CityCode || Regions.Find(d) is { } district && district.ParentCode == x.Address!.CityCode)
                .OverridePropertyName("address.districtCode").WithMessage(_ => Texts.Pick("请选择该市的区县。", "Choose a district of the city."));
            RuleFor(x => x.Address!.Detail).Must(d => d?.Trim() is { Length: > 0 and <= GiftCode.MaxAddressLength })
                .OverridePropertyName("address.detail")
                .WithMessage(_ => Texts.Pick($"请填写详细地址（1–{GiftCode.MaxAddressLength} 字）。", $"Give the street address (1–{GiftCode.MaxAddressLength} characters)."));
        });
    }
}

/// <summary>
/// The member's side of a choice order (anonymous: the code is the key). Unknown codes answer 404 by the same path as
/// known ones. Choosing moves the member's reservation in one unit of work with their code's version, so an option
/// never sells more than its stock, and a member's two taps at once cannot both move it.
/// </summary>
public sealed class MemberGifts(IGiftStore store, IUnitOfWork unitOfWork, IValidator<GiftChoiceRequest> validator, Fulfilment.AfterSalesReport afterSales,
    TimeProvider clock, ILogger<MemberGifts> logger)
{
    public async Task<Result<GiftView>> ViewAsync(string code, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(GiftCodes.Normalize(code), cancellationToken) is not { } gift || await store.OrderOfAsync(gift, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        return await ViewOfAsync(gift, order, cancellationToken);
    }

    public async Task<Result<GiftView>> ChooseAsync(string code, GiftChoiceRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(GiftCodes.Normalize(code), cancellationToken) is not { } gift || await store.OrderOfAsync(gift, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return Error.Invalid(validation.ToFieldErrors());
        }
        var option = request.Option!.Value;
        if (order.Options.All(o => o.Index != option))
        {
            return Error.Invalid("option", Texts.Pick("没有这个礼包。", "There is no such package."));
        }
        var now = clock.GetUtcNow();
        if (!order.ChoicesOpen(now))
        {
            return Error.InvalidState(Texts.Pick("自选已截止，不能再选择或更改。", "The choice has closed; it can no longer be made or changed."));
        }
        var address = request.Address is { } a ? new GiftAddress(a.ProvinceCode!, a.CityCode!, a.DistrictCode!, a.Detail!) : null;
        if (gift.ChosenOption != option)
        {
            // An option already gone is answered from one read, without queueing for the database's writer; when it
            // looks available, the guarded statements decide.
            var change = GiftStock.Change(order, gift.ChosenOption, option, gift.Packages);
            var available = await store.AvailableAsync(change.Where(c => c.Value > 0).Select(c => c.Key).ToList(), cancellationToken);
            if (change.FirstOrDefault(c => c.Value > available.GetValueOrDefault(c.Key)) is { Value: > 0 } shortSku)
            {
                return GiftStock.Gone(order, option, shortSku.Key);
            }
            store.SwitchReservation(order, gift.ChosenOption, option, gift.Packages);
        }
        var from = gift.ChosenOption;
        gift.Choose(option, address, now);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } refused)
        {
            logger.LogInformation("Gift choice on order {OrderNumber} row {Row} refused: {Kind}", order.Number, gift.RecipientRow, refused.Kind);
            return refused;
        }
        logger.LogInformation("Gift choice on order {OrderNumber} row {Row}: option {From} → {To}", order.Number, gift.RecipientRow, from, option);
        return await ViewOfAsync(gift, order, cancellationToken);
    }

    /// <summary>The member says the gift arrived (once the order's parcels are on their way).</summary>
    public async Task<Result<GiftView>> ConfirmReceiptAsync(string code, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(GiftCodes.Normalize(code), cancellationToken) is not { } gift || await store.OrderOfAsync(gift, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.ChoicesClosedAt is null || order.Status is not (OrderStatus.Shipping or OrderStatus.Delivered or OrderStatus.Completed))
        {
            return Error.InvalidState(Texts.Pick("礼包尚未发出，不能确认收货。", "The gift has not been sent yet."));
        }
        gift.ConfirmReceipt(clock.GetUtcNow());
        if (await unitOfWork.CommitAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        return await ViewOfAsync(gift, order, cancellationToken);
    }

    /// <summary>
    /// The member reports a problem with one of their parcels (damaged or lost): an after-sales case on the order,
    /// which the purchaser sees and the supplier decides, as if the purchaser had reported it.
    /// </summary>
    public async Task<Result<Fulfilment.AfterSalesView>> ReportProblemAsync(string code, GiftProblemRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(GiftCodes.Normalize(code), cancellationToken) is not { } gift || await store.OrderOfAsync(gift, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (request.ParcelId is not { } parcelId || await store.ParcelAsync(gift, parcelId, cancellationToken) is not { } parcel)
        {
            return Error.Invalid("parcelId", Texts.Pick("请选择您的包裹。", "Choose your parcel."));
        }
        var facts = await store.FactsAsync(gift, order, cancellationToken);
        var reported = await afterSales.ReportForMemberAsync(order, parcel, facts.RecipientName,
            new Fulfilment.AfterSalesRequest(parcel.Id, request.Kind, null, request.Description), cancellationToken);
        if (reported.Succeeded)
        {
            logger.LogInformation("Gift member of order {OrderNumber} row {Row} reported parcel {ParcelId}", order.Number, gift.RecipientRow, parcel.Id);
        }
        return reported;
    }

    private async Task<GiftView> ViewOfAsync(GiftCode gift, Order order, CancellationToken cancellationToken)
    {
        var facts = await store.FactsAsync(gift, order, cancellationToken);
        var now = clock.GetUtcNow();
        var options = order.Options.OrderBy(o => o.Index).Select(o => new GiftOptionView(o.Index, o.Name,
            o.Lines.Select(l => new GiftItemView(l.ProductName, facts.Skus.GetValueOrDefault(l.SkuId)?.Spec ?? l.SkuCode, l.Quantity * gift.Packages,
                facts.Skus.GetValueOrDefault(l.SkuId)?.ImageUrl)).ToList(),
            Gone: o.Index != gift.ChosenOption && o.Lines.Any(l => (facts.Skus.GetValueOrDefault(l.SkuId)?.Available ?? 0) < l.Quantity * gift.Packages))).ToList();
        var state = order.ChoicesOpen(now) ? "open"
            : order.Status == OrderStatus.Paid && order.ChoicesClosedAt is null ? (order.ChoiceDeadline <= now ? "closing" : "unavailable")
            : order.ChoicesClosedAt is not null ? order.Status switch
            {
                OrderStatus.Shipping => "shipping",
                OrderStatus.Delivered or OrderStatus.Completed => "delivered",
                _ => "closed",
            }
            : "unavailable";
        var recipient = new GiftRecipientView(facts.RecipientName, UnionDashboard.Mask(facts.Mobile), facts.Address, facts.Where.ProvinceCode, facts.Where.CityCode,
            facts.Where.DistrictCode, facts.Where.Detail);
        return new GiftView(order.Number, facts.UnionName, order.Occasion.ToString(), Occasions.Label(order.Occasion), order.ChoiceDeadline!.Value, options,
            gift.ChosenOption, order.DefaultOption ?? 0, recipient, gift.Packages, order.ChoicesOpen(now), state, gift.ReceivedAt, facts.Parcels);
    }
}
