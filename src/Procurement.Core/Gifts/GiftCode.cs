using System.Security.Cryptography;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Gifts;

/// <summary>
/// A member's code for a paid choice order (N选1, issue #24): issued once per recipient when the order is paid, and
/// the member's only key to their gift page. It holds the member's choice and, when they corrected it, their address.
/// Its version guards every change, so two taps of one member at once cannot both move the stock.
/// </summary>
public sealed class GiftCode
{
    public const int MaxAddressLength = Recipient.MaxAddressLength;

    private GiftCode() => Code = "";

    public string Code { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }

    /// <summary>The recipient's row in the order's recipients sheet.</summary>
    public int RecipientRow { get; private set; }

    /// <summary>份数: how many packages of the chosen option the member receives.</summary>
    public int Packages { get; private set; }

    /// <summary>The chosen option's index; null until the member chooses (or the deadline gives the default).</summary>
    public int? ChosenOption { get; private set; }
    public DateTimeOffset? ChosenAt { get; private set; }

    /// <summary>The deadline job gave the default option: the member never chose.</summary>
    public bool Defaulted { get; private set; }

    // The member's corrected address; null: the recipients sheet's.
    public string? ProvinceCode { get; private set; }
    public string? CityCode { get; private set; }
    public string? DistrictCode { get; private set; }
    public string? Address { get; private set; }

    /// <summary>When the member confirmed receipt on the gift page.</summary>
    public DateTimeOffset? ReceivedAt { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }
    public long Version { get; private set; }

    /// <summary>The member chooses (or changes to) <paramref name="option"/>, and may correct where it goes.</summary>
    public void Choose(int option, GiftAddress? address, DateTimeOffset at)
    {
        ChosenOption = option;
        ChosenAt = at;
        if (address is not null)
        {
            (ProvinceCode, CityCode, DistrictCode, Address) = (address.ProvinceCode, address.CityCode, address.DistrictCode, address.Detail.Trim());
        }
        Version++;
    }

    public Error? ConfirmReceipt(DateTimeOffset at)
    {
        if (ReceivedAt is not null)
        {
            return null;
        }
        ReceivedAt = at;
        Version++;
        return null;
    }
}

/// <summary>An address as the member corrects it on the gift page: GB/T 2260 codes from the region picker and the street.</summary>
public sealed record GiftAddress(string ProvinceCode, string CityCode, string DistrictCode, string Detail);

/// <summary>
/// Codes: 16 characters from a 32-letter alphabet without 0/O, 1/I (80 bits from <see cref="RandomNumberGenerator"/>),
/// never a sequence. What members type is read forgivingly (case, spaces and dashes ignored).
/// </summary>
public static class GiftCodes
{
    public const int Length = 16;
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>Many at once (an order of 20,000 members), distinct.</summary>
    public static IReadOnlyList<string> New(int count)
    {
        var codes = new HashSet<string>(count, StringComparer.Ordinal);
        while (codes.Count < count)
        {
            codes.Add(New());
        }
        return codes.ToList();
    }

    /// <summary>
    /// The code as stored, or a string of the same length that no code is (so an unknown or malformed code takes the
    /// same query path as a real one: no timing tells them apart).
    /// </summary>
    public static string Normalize(string? typed)
    {
        Span<char> buffer = stackalloc char[Length];
        var n = 0;
        foreach (var c in typed ?? "")
        {
            if (c is '-' or ' ')
            {
                continue;
            }
            var upper = char.ToUpperInvariant(c);
            if (n == Length || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return new string('0', Length);
            }
            buffer[n++] = upper;
        }
        return n == Length ? new string(buffer) : new string('0', Length);
    }
}

/// <summary>What a member's choice moves: per SKU, the net change of their reservation, and the answer when an option has run out.</summary>
public static class GiftStock
{
    /// <summary>New option × packages − old option × packages, per SKU (zero changes left out).</summary>
    public static IReadOnlyDictionary<Guid, int> Change(Order order, int? from, int to, int packages)
    {
        var change = new Dictionary<Guid, int>();
        foreach (var line in order.Options.Single(o => o.Index == to).Lines)
        {
            change[line.SkuId] = change.GetValueOrDefault(line.SkuId) + line.Quantity * packages;
        }
        if (from is { } old)
        {
            foreach (var line in order.Options.Single(o => o.Index == old).Lines)
            {
                change[line.SkuId] = change.GetValueOrDefault(line.SkuId) - line.Quantity * packages;
            }
        }
        return change.Where(c => c.Value != 0).ToDictionary(c => c.Key, c => c.Value);
    }

    /// <summary>
    /// What the default option lacks to be given to the members who have not chosen (<paramref name="unchosenPackages"/>
    /// packages), SKU by SKU, against what is <paramref name="available"/> (stock − reserved): empty when it can be.
    /// Asked by the purchaser's progress (a warning while members still choose) and by the close (which then waits).
    /// </summary>
    public static IReadOnlyList<GiftShortage> DefaultShortage(Order order, int unchosenPackages, IReadOnlyDictionary<Guid, int> available)
    {
        if (unchosenPackages <= 0 || order.DefaultOption is not { } index || order.Options.FirstOrDefault(o => o.Index == index) is not { } fallback)
        {
            return [];
        }
        return fallback.Lines.GroupBy(l => l.SkuId)
            .Select(g => new GiftShortage(g.Key, g.First().SkuCode, g.First().ProductName, g.First().SupplierId, g.Sum(l => l.Quantity) * unchosenPackages,
                Math.Max(0, available.GetValueOrDefault(g.Key))))
            .Where(s => s.Needed > s.Available).OrderBy(s => s.SkuCode, StringComparer.Ordinal).ToList();
    }

    /// <summary><see cref="DefaultShortage"/> against the stock available now (read only when someone has not chosen).</summary>
    public static async Task<IReadOnlyList<GiftShortage>> DefaultShortageAsync(IGiftStore store, Order order, int unchosenPackages, CancellationToken cancellationToken) =>
        unchosenPackages <= 0 ? [] : DefaultShortage(order, unchosenPackages, await store.AvailableAsync(DefaultSkus(order), cancellationToken));

    /// <summary>The SKUs of the default option, whose availability <see cref="DefaultShortage"/> needs.</summary>
    private static IReadOnlyList<Guid> DefaultSkus(Order order) =>
        order.Options.FirstOrDefault(o => o.Index == order.DefaultOption)?.Lines.Select(l => l.SkuId).Distinct().ToList() ?? [];

    /// <summary>409 insufficient-stock naming <c>option</c>: the option is gone.</summary>
    public static Error Gone(Order order, int option, Guid skuId)
    {
        var name = order.Options.Single(o => o.Index == option).Name;
        return new Error(ErrorKind.InsufficientStock,
            Texts.Pick($"「{name}」已被选完，请选择其他礼包。", $"\"{name}\" has run out; choose another package."),
            new Dictionary<string, string[]> { ["option"] = [Texts.Pick("该礼包已选完。", "This package has run out.")] },
            new Dictionary<string, object?> { ["option"] = option, ["skuId"] = skuId });
    }
}

/// <summary>What a message to a member is about.</summary>
public enum MemberMessageKind
{
    /// <summary>The code and link, sent when the order is paid.</summary>
    Code,

    /// <summary>A reminder to choose, sent by the purchaser's button or by the job two days before the deadline.</summary>
    Reminder,
}

/// <summary>
/// A text message to a member, as recorded: every message goes through this record (the purchaser sees them), and a
/// real SMS provider delivers from it where one is configured.
/// </summary>
public sealed class MemberMessage
{
    private MemberMessage()
    {
        Mobile = "";
        Text = "";
    }

    public long Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }
    public string Mobile { get; private set; }
    public MemberMessageKind Kind { get; private set; }
    public string Text { get; private set; }
    public DateTimeOffset At { get; private set; }

    /// <summary>Who asked for it (the purchaser's reminder button); null: the system.</summary>
    public Guid? By { get; private set; }

    /// <summary>When the SMS provider took it (null: only recorded — no provider configured, or not sent yet).</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The provider's id for the message, once it took it.</summary>
    public string? ProviderMessageId { get; private set; }

    /// <summary>How many times it was handed to the provider without success; at <see cref="MemberMessageDelivery.MaxAttempts"/> it is given up.</summary>
    public int Attempts { get; private set; }

    /// <summary>Why the provider refused it (the last attempt); null when it was sent or never tried.</summary>
    public string? Failure { get; private set; }

    /// <summary>A delivery run holds the message until then: two runs never send one message twice.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }
}

/// <summary>
/// Text messages to an order's members (SMS), set-based: one message per member, staged into the unit of work of
/// the change that causes them. The embedded default records them for the purchaser to see and download.
/// </summary>
public interface IMemberMessages
{
    /// <summary>Tells every member of the paid choice order their code and link (after the codes are issued in the same unit of work).</summary>
    void SendCodes(Order order);

    /// <summary>Reminds the members who have not chosen yet; <paramref name="by"/> null when the job does it.</summary>
    void RemindUnchosen(Order order, Guid? by);
}

/// <summary>Gift codes and the stock, budget and caps that members' choices move: each a guarded set-based statement staged into the unit of work.</summary>
public interface IGiftStore
{
    /// <summary>Issues one code per recipient of the paid choice order (set-based).</summary>
    void IssueFor(Order order);

    /// <summary>The member's code, tracked, with no tenant filter (the member is anonymous); null when no such code.</summary>
    Task<GiftCode?> FindAsync(string code, CancellationToken cancellationToken);

    /// <summary>The choice order a code belongs to, tracked, whoever's union it is.</summary>
    Task<Order?> OrderOfAsync(GiftCode code, CancellationToken cancellationToken);

    /// <summary>What the gift page shows beside the order: the union's name, the recipient, and per option line its spec, image and what is available.</summary>
    Task<GiftFacts> FactsAsync(GiftCode code, Order order, CancellationToken cancellationToken);

    /// <summary>
    /// Stages moving the member's reservation from <paramref name="from"/> to <paramref name="to"/> (× their
    /// packages): each SKU's net change in one guarded statement, SKUs in id order; insufficient-stock names the option.
    /// </summary>
    void SwitchReservation(Order order, int? from, int to, int packages);

    /// <summary>What is available (stock − reserved) of each SKU, read without a lock: a fast answer for an option already gone.</summary>
    Task<IReadOnlyDictionary<Guid, int>> AvailableAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken);

    /// <summary>Packages per chosen option (null: not chosen yet) of an order's codes.</summary>
    Task<IReadOnlyDictionary<int, int>> PackagesByOptionAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>
    /// Stages closing the choices: the default to those who did not choose (reserving its stock, guarded), then the
    /// unused value per option back to the budget and each member's cap, then the parcels per supplier of the chosen
    /// options. <paramref name="expected"/> is what the use case read: a different count refuses the unit of work as changed.
    /// </summary>
    void Close(Order order, IReadOnlyDictionary<int, int> expected);

    /// <summary>Stages releasing every member's reservation of a refunded choice order whose choices were open.</summary>
    void ReleaseChoices(Order order);

    /// <summary>Paid choice orders whose deadline has come and whose choices are open.</summary>
    Task<IReadOnlyList<Guid>> DueForClosingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Paid open choice orders whose deadline is within <paramref name="within"/> and not yet reminded by the system.</summary>
    Task<IReadOnlyList<Guid>> DueForReminderAsync(DateTimeOffset now, TimeSpan within, int max, CancellationToken cancellationToken);

    /// <summary>The purchaser's view: packages and members per option, members not chosen (first <paramref name="take"/>), messages recorded.</summary>
    Task<GiftProgress> ProgressAsync(Order order, int take, CancellationToken cancellationToken);

    /// <summary>Whether the union has been told, after <paramref name="since"/>, that the order's default lacks stock for the members who did not choose.</summary>
    Task<bool> ShortToldAsync(Guid orderId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every code of the order with its recipient, in row order, streamed (the codes sheet).</summary>
    IAsyncEnumerable<GiftCodeRow> CodesAsync(Guid orderId, CancellationToken cancellationToken);

    Task<Paged<MemberMessageView>> MessagesAsync(Guid orderId, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>The member's own parcel, tracked, whoever's union it is; null when it is not theirs.</summary>
    Task<Fulfilment.Shipment?> ParcelAsync(GiftCode code, long parcelId, CancellationToken cancellationToken);

    /// <summary>Whether a purchaser reminded the order's members after <paramref name="since"/>.</summary>
    Task<bool> RemindedSinceAsync(Guid orderId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The union's name (for messages and the gift page).</summary>
    Task<string> UnionNameAsync(Guid unionId, CancellationToken cancellationToken);
}

/// <param name="Where">Where the gift goes now: the member's corrected address, else the recipients sheet's.</param>
public sealed record GiftFacts(string UnionName, string RecipientName, string Mobile, string Address, GiftAddress Where, IReadOnlyDictionary<Guid, GiftSkuFacts> Skus,
    IReadOnlyList<GiftParcel> Parcels);

public sealed record GiftSkuFacts(string Spec, string? ImageUrl, int Available);

/// <summary>One of the member's parcels; <c>Contents</c>: what it holds (product × quantity, its option's goods from its supplier).</summary>
public sealed record GiftParcel(long Id, string Status, string? Carrier, string? TrackingNo, DateTimeOffset? DeliveredAt)
{
    public string Contents { get; init; } = "";
}

/// <summary>
/// How the choices stand. <c>DefaultShort</c>: what the default option lacks for the members who have not chosen (empty
/// when it can cover them, and once the choices have closed): the close waits for it, so the purchaser sees it first.
/// </summary>
public sealed record GiftProgress(int Members, int Chosen, IReadOnlyList<GiftOptionCount> Options, int NotChosen, IReadOnlyList<GiftMember> NotChosenMembers,
    int Messages)
{
    public IReadOnlyList<GiftShortage> DefaultShort { get; init; } = [];
}

public sealed record GiftOptionCount(int Index, string Name, int Members, int Packages);

/// <summary>A SKU of the default option with less available than the members who have not chosen need.</summary>
public sealed record GiftShortage(Guid SkuId, string SkuCode, string ProductName, [property: System.Text.Json.Serialization.JsonIgnore] Guid SupplierId, int Needed, int Available);

public sealed record GiftMember(int Row, string Name, string Mobile);

public sealed record GiftCodeRow(int Row, string Name, string Mobile, string Code, int? ChosenOption);

/// <param name="State"><c>Recorded</c> (no provider, or not sent yet), <c>Sent</c> (the provider took it), <c>Failed</c> (refused, or given up).</param>
public sealed record MemberMessageView(long Id, string Mobile, string Kind, string Text, DateTimeOffset At, string State = "Recorded", DateTimeOffset? SentAt = null,
    string? Failure = null);

/// <summary>Gifts' settings (<c>Gifts</c>): the public address links in messages start with.</summary>
public sealed class GiftOptions
{
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public string LinkOf(string code) => $"{PublicBaseUrl.TrimEnd('/')}/gift/{code}";
}
