using Procurement.Core.Common;

namespace Procurement.Core.Partners;

/// <summary>The contract's classes of a reconciliation item, in the order a row is tested for them.</summary>
public enum ReconciliationCategory
{
    Matched,
    AmountMismatch,
    StatusMismatch,
    MissingLocal,
    MissingRemote,
    Duplicate,
}

/// <summary>What finance decided about a difference: still open, accepted as it is, adjusted in our books, or ignored.</summary>
public enum ItemResolution
{
    Open,
    Accepted,
    Adjusted,
    Ignored,
}

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

public sealed record RunSummary(int Matched, int AmountMismatch, int StatusMismatch, int MissingLocal, int MissingRemote, int Duplicate)
{
    public int Differences => AmountMismatch + StatusMismatch + MissingLocal + MissingRemote + Duplicate;
}

/// <summary>Σ local net, Σ statement net (repeats included), their difference, and Σ |difference| over items.</summary>
public sealed record RunTotals(decimal LocalAmount, decimal RemoteAmount, decimal NetDifference, decimal GrossDifference);

/// <summary>
/// One reconciliation of a partner's business date: queued by finance or the 03:00 job, run by Hangfire, its
/// progress counted as it goes. A succeeded run becomes the date's <see cref="Current"/> result and the one before
/// it stops being so, in one step; a failed run keeps its error and leaves the current result as it was.
/// </summary>
public sealed class ReconciliationRun
{
    public const int MaxErrorLength = 1000;

    private ReconciliationRun()
    {
        Partner = "";
    }

    public ReconciliationRun(string partner, DateOnly date, Guid? requestedBy, DateTimeOffset now)
    {
        Partner = partner;
        Date = date;
        RequestedBy = requestedBy;
        RequestedAt = now.ToUniversalTime();
        Status = RunStatus.Queued;
    }

    public long Id { get; private set; }
    public string Partner { get; private set; }
    public DateOnly Date { get; private set; }
    public RunStatus Status { get; private set; }
    public string? Error { get; private set; }
    public long? StatementId { get; private set; }

    /// <summary>Null when the 03:00 job asked.</summary>
    public Guid? RequestedBy { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>The date's result finance reads: the last run that succeeded. At most one per partner and date.</summary>
    public bool Current { get; private set; }

    public int RowsRead { get; private set; }
    public int Classified { get; private set; }
    public int Stored { get; private set; }

    public int Matched { get; private set; }
    public int AmountMismatch { get; private set; }
    public int StatusMismatch { get; private set; }
    public int MissingLocal { get; private set; }
    public int MissingRemote { get; private set; }
    public int Duplicate { get; private set; }

    public decimal LocalAmount { get; private set; }
    public decimal RemoteAmount { get; private set; }
    public decimal NetDifference { get; private set; }
    public decimal GrossDifference { get; private set; }

    public RunSummary Summary => new(Matched, AmountMismatch, StatusMismatch, MissingLocal, MissingRemote, Duplicate);
    public RunTotals Totals => new(LocalAmount, RemoteAmount, NetDifference, GrossDifference);

    /// <summary>Queued (or Running again after a crash, when Hangfire retries it): starts over from nothing.</summary>
    public bool Start(long statementId, DateTimeOffset now)
    {
        if (Status is RunStatus.Succeeded or RunStatus.Failed)
        {
            return false;
        }
        (Status, StatementId, StartedAt, RowsRead, Classified, Stored) = (RunStatus.Running, statementId, now.ToUniversalTime(), 0, 0, 0);
        return true;
    }

    public void Succeed(RunSummary summary, RunTotals totals, int stored, DateTimeOffset now)
    {
        (Matched, AmountMismatch, StatusMismatch, MissingLocal, MissingRemote, Duplicate) =
            (summary.Matched, summary.AmountMismatch, summary.StatusMismatch, summary.MissingLocal, summary.MissingRemote, summary.Duplicate);
        (LocalAmount, RemoteAmount, NetDifference, GrossDifference) = (totals.LocalAmount, totals.RemoteAmount, totals.NetDifference, totals.GrossDifference);
        (Status, Stored, Classified, FinishedAt, Current, Error) = (RunStatus.Succeeded, stored, stored, now.ToUniversalTime(), true, null);
    }

    public void Fail(string error, DateTimeOffset now)
    {
        (Status, Error, FinishedAt, Current) = (RunStatus.Failed, error.Length <= MaxErrorLength ? error : error[..MaxErrorLength], now.ToUniversalTime(), false);
    }
}

/// <summary>
/// One line of a run's result: a statement row, or one of our orders the statement lacks, with both sides' amounts
/// (net of refunds) and statuses and the difference (platform − ours). Finance resolves the differences; who and
/// when are kept.
/// </summary>
public sealed class ReconciliationItem
{
    public const int MaxNoteLength = 500;

    private ReconciliationItem()
    {
        PartnerOrderNo = "";
    }

    public ReconciliationItem(ReconciliationCategory category, string partnerOrderNo, string? orderNumber, decimal? localAmount, decimal? remoteAmount,
        PartnerOrderStatus? localStatus, PartnerOrderStatus? remoteStatus, int? line)
    {
        Category = category;
        PartnerOrderNo = partnerOrderNo;
        OrderNumber = orderNumber;
        LocalAmount = localAmount;
        RemoteAmount = remoteAmount;
        Difference = (remoteAmount ?? 0) - (localAmount ?? 0);
        LocalStatus = localStatus;
        RemoteStatus = remoteStatus;
        Line = line;
    }

    public long Id { get; private set; }
    public long RunId { get; private set; }
    public ReconciliationCategory Category { get; private set; }
    public string PartnerOrderNo { get; private set; }
    public string? OrderNumber { get; private set; }
    public decimal? LocalAmount { get; private set; }
    public decimal? RemoteAmount { get; private set; }
    public decimal Difference { get; private set; }
    public PartnerOrderStatus? LocalStatus { get; private set; }
    public PartnerOrderStatus? RemoteStatus { get; private set; }

    /// <summary>The statement line it came from; null for <see cref="ReconciliationCategory.MissingRemote"/>.</summary>
    public int? Line { get; private set; }

    public ItemResolution Resolution { get; private set; }
    public string? Note { get; private set; }
    public Guid? ResolvedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>A difference gets a decision with a note; a matched item has nothing to decide.</summary>
    public Result<bool> Resolve(ItemResolution resolution, string note, Guid by, DateTimeOffset at)
    {
        if (Category == ReconciliationCategory.Matched)
        {
            return Error.InvalidState(Texts.Pick("已对平的记录无需处理。", "A matched item has nothing to resolve."));
        }
        (Resolution, Note, ResolvedBy, ResolvedAt) = (resolution, note, by, at.ToUniversalTime());
        return true;
    }

    /// <summary>A re-run of the date finds the same difference: the decision already taken on it stays.</summary>
    public void Carry(CarriedResolution carried) =>
        (Resolution, Note, ResolvedBy, ResolvedAt) = (carried.Resolution, carried.Note, carried.By, carried.At);
}

/// <summary>A decision taken on an item of an earlier run of the same date, found again by category, key and occurrence.</summary>
public sealed record CarriedResolution(ReconciliationCategory Category, string PartnerOrderNo, int Occurrence, ItemResolution Resolution, string? Note, Guid? By,
    DateTimeOffset? At);

/// <summary>
/// Tells repeats of one partner order number apart, counted in item order: 0 for the first repeat, then 1, 2… — and 0
/// for every other category, where a key stands once. The classifier and the decisions carried onto a re-run count
/// the same way, so a decision on the second repeat finds the second repeat again.
/// </summary>
public sealed class Occurrences
{
    private readonly Dictionary<string, int> _repeats = new(StringComparer.Ordinal);

    public int Of(ReconciliationCategory category, string partnerOrderNo)
    {
        if (category != ReconciliationCategory.Duplicate)
        {
            return 0;
        }
        var seen = _repeats.GetValueOrDefault(partnerOrderNo);
        _repeats[partnerOrderNo] = seen + 1;
        return seen;
    }
}

/// <summary>One of our partner orders of the date as reconciliation reads it: paid, refunded, status.</summary>
public sealed record LocalEntry(string PartnerOrderNo, string Number, decimal Paid, decimal Refunded, PartnerOrderStatus Status)
{
    public decimal Net => Paid - Refunded;
}

/// <summary>The statement's side of a row as reconciliation reads it (the raw text stays in the database).</summary>
public sealed record RemoteEntry(int Line, string PartnerOrderNo, decimal Net, PartnerOrderStatus Status);

/// <summary>
/// The contract's classification, exactly, for one partner and business date. Keys are partner order numbers as
/// <see cref="PartnerCodes.OrderKey"/> makes them (both sides were keyed so when stored). Each statement row, in file
/// order: a repeat of a number already seen is <c>duplicate</c> (the first is classified as below); not ours is
/// <c>missingLocal</c>; one side closed (refunded in full or cancelled) and the other not is <c>statusMismatch</c>;
/// net amounts differing by any fen is <c>amountMismatch</c>; else <c>matched</c>. Then each order of ours the
/// statement did not name is <c>missingRemote</c>. A part refund is not "refunded": its difference, if any, is in the
/// amount.
/// </summary>
public sealed class Classifier
{
    private readonly Dictionary<string, LocalEntry> _local;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Occurrences _occurrences = new();
    private readonly int[] _counts = new int[6];
    private readonly decimal _localAmount;
    private decimal _remoteAmount, _gross;

    public Classifier(IEnumerable<LocalEntry> local)
    {
        _local = new Dictionary<string, LocalEntry>(StringComparer.Ordinal);
        foreach (var entry in local)
        {
            _local[PartnerCodes.OrderKey(entry.PartnerOrderNo)] = entry;
            _localAmount += entry.Net;
        }
    }

    public int LocalCount => _local.Count;

    public static bool IsClosed(PartnerOrderStatus status) => status is PartnerOrderStatus.Refunded or PartnerOrderStatus.Cancelled;

    public ReconciliationItem Classify(RemoteEntry row)
    {
        var key = PartnerCodes.OrderKey(row.PartnerOrderNo);
        _remoteAmount += row.Net;
        if (!_seen.Add(key))
        {
            _local.TryGetValue(key, out var repeated);
            return Count(new ReconciliationItem(ReconciliationCategory.Duplicate, key, repeated?.Number, null, row.Net, repeated?.Status, row.Status, row.Line));
        }
        if (!_local.Remove(key, out var local))
        {
            return Count(new ReconciliationItem(ReconciliationCategory.MissingLocal, key, null, null, row.Net, null, row.Status, row.Line));
        }
        var category = IsClosed(local.Status) != IsClosed(row.Status) ? ReconciliationCategory.StatusMismatch
            : local.Net != row.Net ? ReconciliationCategory.AmountMismatch
            : ReconciliationCategory.Matched;
        return Count(new ReconciliationItem(category, key, local.Number, local.Net, row.Net, local.Status, row.Status, row.Line));
    }

    /// <summary>Once every row is classified: our orders the statement never named, by number.</summary>
    public IEnumerable<ReconciliationItem> MissingRemote()
    {
        foreach (var (key, local) in _local.OrderBy(e => e.Value.Number, StringComparer.Ordinal).ToList())
        {
            yield return Count(new ReconciliationItem(ReconciliationCategory.MissingRemote, key, local.Number, local.Net, null, local.Status, null, null));
        }
        _local.Clear();
    }

    /// <summary>How often this category and key came before the item just classified (0 for the first): the key a carried decision is found by.</summary>
    public int OccurrenceOf(ReconciliationItem item) => _occurrences.Of(item.Category, item.PartnerOrderNo);

    public RunSummary Summary => new(_counts[0], _counts[1], _counts[2], _counts[3], _counts[4], _counts[5]);

    public RunTotals Totals => new(_localAmount, _remoteAmount, _remoteAmount - _localAmount, _gross);

    private ReconciliationItem Count(ReconciliationItem item)
    {
        _counts[(int)item.Category]++;
        _gross += Math.Abs(item.Difference);
        return item;
    }
}
