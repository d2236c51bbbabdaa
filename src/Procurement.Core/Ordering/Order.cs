using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>One step of an order's life, kept for the timeline: who (null: the system), when, from, to, and why.</summary>
public sealed record OrderTransition(DateTimeOffset At, Guid? By, OrderStatus From, OrderStatus To, string? Reason);

/// <summary>
/// A union's welfare order: lines × packages for an occasion. Entities guard their transitions (docs/style.md, rule 7): each
/// verb refuses a move that does not fit the state with 409 <c>invalid-state</c>, and an approver may not decide on
/// an order they created (403). <see cref="AllowedActions"/> answers what a caller may do now from the same
/// predicates the verbs refuse by, so the page's buttons and the verbs cannot disagree. Stock, budget and caps are
/// reserved and released by the use case in the same transaction as the transition;
/// <see cref="OrderStatusRules.HoldsReservation"/> says which states hold them.
/// </summary>
public sealed class Order
{
    public const int MaxNoteLength = 500;
    public const int MaxReasonLength = 500;

    /// <summary>The union's own approval or budget-line number (审批单号 / 经费科目): at most this many characters.</summary>
    public const int MaxReferenceLength = 64;

    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderTransition> _timeline = [];
    private readonly List<OrderOption> _options = [];

    private Order() => Number = "";

    public Order(Guid unionId, Guid createdBy, string number, Occasion occasion, string? note, IEnumerable<OrderLine> lines, DateTimeOffset at,
        string? reference = null)
    {
        Id = Guid.CreateVersion7();
        UnionId = unionId;
        CreatedBy = createdBy;
        Number = number;
        Occasion = occasion;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Reference = NormalizeReference(reference);
        CreatedAt = at;
        _lines.AddRange(lines);
        Total = _lines.Sum(l => l.Amount);
        Status = OrderStatus.Draft;
    }

    /// <summary>
    /// A member-choice order (N选1, issue #24): no lines of its own until the choices close, 2–6 named options, a
    /// default and a deadline. Its package value is its highest option's, and its total that value × 份数.
    /// </summary>
    public static Order ForChoice(Guid unionId, Guid createdBy, string number, Occasion occasion, string? note, IEnumerable<OrderOption> options,
        int defaultOption, DateTimeOffset deadline, DateTimeOffset at, string? reference = null)
    {
        var order = new Order(unionId, createdBy, number, occasion, note, [], at, reference) { Mode = OrderMode.Choice, ChoiceDeadline = deadline, DefaultOption = defaultOption };
        order._options.AddRange(options);
        order.PackageValue = order._options.Max(o => o.PackageValue);
        return order;
    }

    public Guid Id { get; private set; }

    /// <summary>Standard (everyone the same package) or Choice (each member chooses one of <see cref="Options"/>).</summary>
    public OrderMode Mode { get; private set; }

    /// <summary>Choice orders: until when members may choose and change (UTC); the deadline job then closes the choices.</summary>
    public DateTimeOffset? ChoiceDeadline { get; private set; }

    /// <summary>Choice orders: the option members who did not choose receive.</summary>
    public int? DefaultOption { get; private set; }

    /// <summary>Choice orders: when the deadline job gave the defaults, let the unused value go and made the parcels.</summary>
    public DateTimeOffset? ChoicesClosedAt { get; private set; }

    public IReadOnlyList<OrderOption> Options => _options;
    public Guid UnionId { get; private set; }
    public Guid CreatedBy { get; private set; }
    public string Number { get; private set; }
    public Occasion Occasion { get; private set; }
    public string? Note { get; private set; }

    /// <summary>The union's own approval or budget-line number (审批单号 / 经费科目), trimmed; null when none was given.</summary>
    public string? Reference { get; private set; }
    public OrderStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>验收: when the union recorded that the goods arrived and were checked, by whom, and its note; null until then.</summary>
    public DateTimeOffset? AcceptedAt { get; private set; }

    public Guid? AcceptedBy { get; private set; }
    public string? AcceptanceNote { get; private set; }

    /// <summary>The Beijing calendar year whose budget and caps the order counts against, fixed when it is submitted.</summary>
    public int? BudgetYear { get; private set; }

    /// <summary>How many people receive packages (recipient rows); 0 until recipients are set.</summary>
    public int RecipientCount { get; private set; }

    /// <summary>What one package (份) is worth: what each package counts against its recipient's annual cap.</summary>
    public decimal PackageValue { get; private set; }

    /// <summary>Bumped on every transition: two people acting on one order at once cannot both succeed.</summary>
    public long Version { get; private set; }

    /// <summary>份: how many packages the lines are divided into (the recipients' 份数 summed); 0 until recipients are set.</summary>
    public int PackageCount { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;
    public IReadOnlyList<OrderTransition> Timeline => _timeline;

    /// <summary>Σ line amounts, computed on the server when the order is made or its lines are revised (only while it is a draft or rejected).</summary>
    public decimal Total { get; private set; }

    /// <summary>What one package holds from one supplier, at the order's prices: what that supplier's parcels are worth per package.</summary>
    public decimal PackageValueOf(Guid supplierId) =>
        _lines.Where(l => l.SupplierId == supplierId).Sum(l => Money.Round(l.UnitPrice * (l.Quantity / Math.Max(1, PackageCount))));

    /// <summary>
    /// What <paramref name="packages"/> packages of one supplier's parcel hold, line by line: a member-choice order's
    /// parcel holds its member's option (<paramref name="option"/>) × the packages; any other order's, its share of
    /// each line (the lines divide evenly by the order's packages). What a parcel's refund takes back from the sales
    /// ledger, the federation report and the supplier's invoice, and what its packing list row says.
    /// </summary>
    public IReadOnlyList<(OrderLine Line, int Quantity)> ParcelLines(Guid supplierId, int packages, int? option)
    {
        if (Mode == OrderMode.Choice && option is { } chosen && _options.FirstOrDefault(o => o.Index == chosen) is { } picked)
        {
            return picked.Lines.Where(l => l.SupplierId == supplierId).Select(l => (Line: l, Quantity: l.Quantity * packages)).ToList();
        }
        var perPackage = Math.Max(1, PackageCount);
        return _lines.Where(l => l.SupplierId == supplierId).Select(l => (Line: l, Quantity: l.Quantity / perPackage * packages)).ToList();
    }

    /// <summary>Sets how many packages the recipients take; the lines must divide by it. Only while a draft (or rejected, to be resubmitted).</summary>
    public Result<PackagePlan> PackInto(int packages, int recipients)
    {
        if (EditRefusal("设置收件人", "set recipients") is { } refused)
        {
            return refused;
        }
        if (Mode == OrderMode.Choice)
        {
            if (packages < 1)
            {
                return Error.Invalid("packages", Texts.Pick("份数须为正整数。", "The number of packages must be a positive whole number."));
            }
            // Each member's packages are their chosen option's: nothing to divide, and the total is the per-member value × 份数.
            PackageCount = packages;
            RecipientCount = recipients;
            Total = Money.Round(PackageValue * packages);
            Version++;
            return new PackagePlan(packages, [], PackageValue);
        }
        var plan = PackagePlan.Of(_lines, packages);
        if (plan.Succeeded)
        {
            PackageCount = packages;
            RecipientCount = recipients;
            PackageValue = plan.Value!.PackageValue;
            Version++;
        }
        return plan;
    }

    /// <summary>
    /// Replaces the lines (and the note) of a draft, or of a rejected order being mended for resubmission. The
    /// recipients stay when every new line still divides by the packages they take; when one does not, the change
    /// is refused naming the lines (with <c>recipientsWouldBeDropped</c>: how many recipients would go) unless
    /// <paramref name="dropRecipients"/> says to let them go, and then the order has none until they are uploaded
    /// again. The caller prices the lines; the order keeps its state, so a rejected order keeps its reason in view.
    /// </summary>
    public Result<LineRevision> Revise(IReadOnlyList<OrderLine> lines, string? note, bool dropRecipients, string? reference = null)
    {
        if (EditRefusal("修改", "change") is { } refused)
        {
            return refused;
        }
        if (Mode == OrderMode.Choice)
        {
            return Error.InvalidState(Texts.Pick("自选订单的选项在创建时确定；如需改动，请取消后重新创建。",
                "A choice order's options are fixed when it is made; cancel it and make a new one to change them."));
        }
        if (lines.Count == 0)
        {
            return Error.Invalid("lines", Texts.Pick("订单至少要有一种商品。", "An order needs at least one line."));
        }
        var dropped = 0;
        var packageValue = 0m;
        if (PackageCount > 0)
        {
            var plan = PackagePlan.Of(lines, PackageCount);
            if (plan.Error is { } uneven)
            {
                if (!dropRecipients)
                {
                    return uneven with
                    {
                        Detail = Texts.Pick($"改动后的数量不能平均分给现有的 {PackageCount:N0} 份；确认清空 {RecipientCount:N0} 位收件人后才能保存（之后需重新上传）。",
                            $"The new quantities do not divide into the {PackageCount:N0} packages the recipients take; confirm dropping the {RecipientCount:N0} recipients to save (then upload them again)."),
                        Data = new Dictionary<string, object?> { ["recipientsWouldBeDropped"] = RecipientCount, ["packages"] = PackageCount },
                    };
                }
                dropped = RecipientCount;
            }
            else
            {
                packageValue = plan.Value!.PackageValue;
            }
        }
        _lines.Clear();
        _lines.AddRange(lines);
        Total = _lines.Sum(l => l.Amount);
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Reference = NormalizeReference(reference);
        if (dropped > 0)
        {
            (PackageCount, RecipientCount) = (0, 0);
        }
        PackageValue = packageValue;
        Version++;
        return new LineRevision(dropped);
    }

    /// <summary>A reference as stored: trimmed, and blank means none.</summary>
    public static string? NormalizeReference(string? reference) => string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();

    /// <summary>
    /// Draft (or Rejected, resubmitted as the same order) → PendingApproval when the total reaches the union's <paramref name="approvalThreshold"/> (0: always),
    /// else straight to Approved. Refused without recipients.
    /// </summary>
    public Error? Submit(decimal approvalThreshold, Guid by, DateTimeOffset at)
    {
        if (SubmitRefusal() is { } refused)
        {
            return refused;
        }
        SubmittedAt = at;
        BudgetYear = BusinessDate.Of(at).Year;
        if (Total >= approvalThreshold)
        {
            Move(OrderStatus.PendingApproval, by, at, null);
        }
        else
        {
            ApprovedAt = at;
            Move(OrderStatus.Approved, by, at, Texts.Pick("未达审批金额，自动通过。", "Below the approval threshold: approved automatically."));
        }
        return null;
    }

    public Error? Approve(Guid approver, DateTimeOffset at)
    {
        if (DecisionRefusal(approver, "审批", "approve") is { } refused)
        {
            return refused;
        }
        ApprovedAt = at;
        Move(OrderStatus.Approved, approver, at, null);
        return null;
    }

    public Error? Reject(Guid approver, string? reason, DateTimeOffset at)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxReasonLength)
        {
            return Error.Invalid("reason", Texts.Pick($"请填写驳回原因（1–{MaxReasonLength} 字）。", $"Give a reason (1–{MaxReasonLength} characters)."));
        }
        if (DecisionRefusal(approver, "驳回", "reject") is { } refused)
        {
            return refused;
        }
        Move(OrderStatus.Rejected, approver, at, trimmed);
        return null;
    }

    /// <summary>A draft, rejected, pending or approved (unpaid) order is cancelled; paying orders are refunded instead (payments).</summary>
    public Error? Cancel(Guid? by, string? reason, DateTimeOffset at)
    {
        if (CancelRefusal() is { } refused)
        {
            return refused;
        }
        Move(OrderStatus.Cancelled, by, at, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        return null;
    }

    /// <summary>Approved → Paid, when its money has arrived (finance's confirmation, or the payment provider as the system).</summary>
    public Error? Pay(Guid? by, DateTimeOffset at, string reason)
    {
        if (PaymentRefusal() is { } refused)
        {
            return refused;
        }
        PaidAt = at;
        Move(OrderStatus.Paid, by, at, reason);
        return null;
    }

    /// <summary>
    /// A paid order nothing of which has left a supplier is cancelled by refunding it in full: Paid → Refunded. The
    /// use case gives back its budget, members' caps and stock, and sends the money back, in the same unit of work.
    /// </summary>
    public Error? Refund(Guid? by, DateTimeOffset at, string reason)
    {
        if (RefundRefusal() is { } refused)
        {
            return refused;
        }
        Move(OrderStatus.Refunded, by, at, reason);
        return null;
    }

    /// <summary>
    /// Follows its shipments: the first shipped moves a paid order to Shipping, and all delivered moves it to
    /// Delivered (both steps at once when a supplier reports a delivery straight away). Every change of its
    /// shipments bumps the version, so two suppliers reporting at once cannot both miss the last delivery.
    /// </summary>
    public void Follow(ShipmentCounts counts, Guid? by, DateTimeOffset at)
    {
        Version++;
        if (Status == OrderStatus.Paid && counts.Shipped + counts.Delivered > 0)
        {
            Move(OrderStatus.Shipping, by, at, Texts.Pick("首个包裹已发出。", "The first package has left."));
        }
        if (Status == OrderStatus.Shipping && counts.Open == 0 && counts.Delivered > 0)
        {
            DeliveredAt = at;
            Move(OrderStatus.Delivered, by, at, Texts.Pick($"全部 {counts.Delivered} 个包裹已签收。", $"All {counts.Delivered} packages were delivered."));
        }
    }

    /// <summary>Delivered → Completed: the purchaser confirms, or the daily job after the confirmation period (by null).</summary>
    public Error? Complete(Guid? by, DateTimeOffset at, string? reason)
    {
        if (CompletionRefusal() is { } refused)
        {
            return refused;
        }
        CompletedAt = at;
        Move(OrderStatus.Completed, by, at, reason);
        return null;
    }

    public const int MaxAcceptanceNoteLength = 500;

    /// <summary>
    /// 验收: the union's purchaser or approver records that the goods arrived and were checked — once, after the
    /// order is delivered (or completed). The note (at most 500 characters) says what was checked or found.
    /// </summary>
    public Error? Accept(Guid by, DateTimeOffset at, string? note)
    {
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed is { Length: > MaxAcceptanceNoteLength })
        {
            return Error.Invalid("note", Texts.Pick($"验收说明最多 {MaxAcceptanceNoteLength} 字。", $"The acceptance note may be at most {MaxAcceptanceNoteLength} characters."));
        }
        if (AcceptanceRefusal() is { } refused)
        {
            return refused;
        }
        (AcceptedAt, AcceptedBy, AcceptanceNote) = (at, by, trimmed);
        Version++;
        return null;
    }

    /// <summary>
    /// The union may ask for (or change) its invoices' type, title and tax number until the order is done with:
    /// not once it is completed, and never for an order that was cancelled, expired or refunded whole.
    /// </summary>
    public Error? InvoiceRequestRefusal() =>
        Status is OrderStatus.Completed or OrderStatus.Cancelled or OrderStatus.Refunded
            ? Error.InvalidState(Texts.Pick($"订单当前状态（{Status}）不能再修改开票信息。", $"An order that is {Status} takes no more changes to its invoice request."))
            : null;

    /// <summary>
    /// The union saves (or changes) the order's invoice request: a change of the order, so its <see cref="Version"/>
    /// makes a payment landing at the same moment — which copies the request into each supplier's invoice — and the
    /// change conflict rather than both succeed (attack review: the request saved just after the payment read it left
    /// the invoices saying the old title and type for good).
    /// </summary>
    public Error? ChangeInvoiceRequest()
    {
        if (InvoiceRequestRefusal() is { } refused)
        {
            return refused;
        }
        Version++;
        return null;
    }

    /// <summary>When an approved order's reservation runs out unpaid (the expiry job, as the system).</summary>
    public bool ReservationExpired(DateTimeOffset now, TimeSpan reservation) =>
        ReservationEndsAt(reservation) is { } ends && now >= ends;

    /// <summary>When an approved, unpaid order lets its stock go; null in every other state.</summary>
    public DateTimeOffset? ReservationEndsAt(TimeSpan reservation) =>
        Status == OrderStatus.Approved && ApprovedAt is { } approved ? approved + reservation : null;

    /// <summary>
    /// What <paramref name="user"/> may do with this order now. Each action asks the capability its use case asks
    /// (Purchase, Approve, ReadOrder) and the same predicate the order's verb refuses by, so an action is listed
    /// exactly when its verb would not refuse it for the order's state or the caller's rights. Parcels' own states
    /// (which parcel can be confirmed or reported) stay with the parcels.
    /// </summary>
    public IReadOnlyList<OrderAction> AllowedActions(ICurrentUser user)
    {
        var purchases = user.Can(Capability.Purchase);
        var decides = user.Can(Capability.Approve) && user.UserId is { } approver && DecisionRefusal(approver, "审批", "approve") is null;
        var allowed = new List<OrderAction>();
        foreach (var action in OrderActions.All)
        {
            var may = action switch
            {
                OrderAction.EditRecipients => purchases && EditRefusal("修改", "change") is null,
                OrderAction.EditLines => purchases && Mode == OrderMode.Standard && EditRefusal("修改", "change") is null,
                OrderAction.Submit => purchases && SubmitRefusal() is null,
                OrderAction.Approve or OrderAction.Reject => decides,
                OrderAction.Cancel => purchases && CancelRefusal() is null,
                OrderAction.Refund => purchases && RefundRefusal() is null,
                OrderAction.Pay => purchases && PaymentRefusal() is null,
                OrderAction.ConfirmDelivery or OrderAction.ReportProblem => purchases && ParcelsHaveLeft,
                OrderAction.Complete => purchases && CompletionRefusal() is null,
                // A new draft from any order's lines, whatever became of it.
                OrderAction.Reorder => purchases && Mode == OrderMode.Standard,
                // The shipping sheet lists recipients: there is nothing to export before they are set.
                OrderAction.Export => user.Can(Capability.ReadOrder) && RecipientCount > 0,
                OrderAction.Accept => purchases && AcceptanceRefusal() is null,
                OrderAction.RequestInvoice => purchases && InvoiceRequestRefusal() is null,
                _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
            };
            if (may)
            {
                allowed.Add(action);
            }
        }
        return allowed;
    }

    // Each verb's refusal, asked by the verb and by AllowedActions alike: null when the order's state lets it happen.

    /// <summary>A draft is being prepared; a rejected order is mended to be resubmitted as itself. Nothing else changes its lines or recipients.</summary>
    private Error? EditRefusal(string zh, string en) => Status is OrderStatus.Draft or OrderStatus.Rejected ? null : NotIn(zh, en);

    private Error? SubmitRefusal() =>
        EditRefusal("提交", "submit") is { } refused ? refused
        : PackageCount == 0 ? Error.InvalidState(Texts.Pick("请先上传收件人名单再提交。", "Upload the recipients before submitting."))
        : null;

    /// <summary>Whether members may choose (or change) now: a paid choice order before its deadline whose choices are not closed.</summary>
    public bool ChoicesOpen(DateTimeOffset now) =>
        Mode == OrderMode.Choice && Status == OrderStatus.Paid && ChoicesClosedAt is null && ChoiceDeadline is { } deadline && now < deadline;

    /// <summary>Whether the deadline job should close this order's choices now.</summary>
    public bool ChoicesDue(DateTimeOffset now) =>
        Mode == OrderMode.Choice && Status == OrderStatus.Paid && ChoicesClosedAt is null && ChoiceDeadline is { } deadline && now >= deadline;

    /// <summary>
    /// The deadline job closes the choices: the order's lines become what was chosen (each option's lines × the
    /// packages of the members who chose it), so invoices, packing lists and reports follow the choices. The total
    /// stays what was committed and paid; the unused value is given back to the budget and caps by the use case.
    /// </summary>
    public Error? CloseChoices(IReadOnlyList<OrderLine> chosen, DateTimeOffset at)
    {
        if (!ChoicesDue(at))
        {
            return NotIn("截止自选", "close its choices");
        }
        _lines.Clear();
        _lines.AddRange(chosen);
        ChoicesClosedAt = at;
        Version++;
        _timeline.Add(new OrderTransition(at, null, Status, Status, Texts.Pick("自选截止：未选择的职工按默认选项发放，包裹已生成。",
            "Choices closed: members who did not choose receive the default; the parcels are made.")));
        return null;
    }

    /// <summary>
    /// Four eyes: whoever made the order or sent it for approval (an approver may submit a purchaser's draft, and
    /// could have changed its recipients first) does not also decide on it.
    /// </summary>
    private Error? DecisionRefusal(Guid approver, string zh, string en) =>
        Status != OrderStatus.PendingApproval ? NotIn(zh, en)
        : approver == CreatedBy || approver == SubmittedBy
            ? new Error(ErrorKind.Forbidden, Texts.Pick("不能审批自己创建或提交的订单。", "You cannot decide on an order you created or submitted."))
        : null;

    /// <summary>Who sent the order for approval this time: the actor of its last step into PendingApproval.</summary>
    private Guid? SubmittedBy => _timeline.LastOrDefault(t => t.To == OrderStatus.PendingApproval)?.By;

    private Error? CancelRefusal() =>
        Status is OrderStatus.Draft or OrderStatus.Rejected or OrderStatus.PendingApproval or OrderStatus.Approved ? null : NotIn("取消", "cancel");

    private Error? RefundRefusal() =>
        Status == OrderStatus.Paid && Mode == OrderMode.Choice && ChoicesClosedAt is not null
            ? Error.InvalidState(Texts.Pick("自选已截止、包裹已生成，不能整单退款；请对具体包裹申请售后。",
                "The choices have closed and the parcels are made; report the affected parcels for after-sales instead."))
        : Status == OrderStatus.Paid ? null
        : ParcelsHaveLeft ? Error.InvalidState(Texts.Pick("订单已有包裹发出，不能整单取消；请对具体包裹申请售后。",
            "Packages of this order have already left; report the affected packages for after-sales instead."))
        : NotIn("取消并退款", "be cancelled and refunded");

    private Error? PaymentRefusal() => Status == OrderStatus.Approved ? null : NotIn("付款", "be paid");

    private Error? AcceptanceRefusal() =>
        AcceptedAt is not null ? new Error(ErrorKind.Conflict, Texts.Pick("该订单已验收。", "This order has already been accepted."))
        : Status is OrderStatus.Delivered or OrderStatus.Completed ? null
        : NotIn("验收（须全部签收后）", "be accepted (every parcel must be delivered first)");

    private Error? CompletionRefusal() => Status == OrderStatus.Delivered ? null : NotIn("确认完成", "be completed");

    /// <summary>Parcels have left the suppliers: they are confirmed or reported one by one, and the order is no longer cancelled whole.</summary>
    private bool ParcelsHaveLeft => Status is OrderStatus.Shipping or OrderStatus.Delivered or OrderStatus.Completed;

    private Error NotIn(string zh, string en) =>
        Error.InvalidState(Texts.Pick($"订单当前状态（{Status}）不能{zh}。", $"An order that is {Status} cannot {en}."));

    private void Move(OrderStatus to, Guid? by, DateTimeOffset at, string? reason)
    {
        _timeline.Add(new OrderTransition(at, by, Status, to, reason));
        Status = to;
        Version++;
    }
}

/// <summary>What revising a draft's lines did: how many recipients it let go (0: they all stay).</summary>
public sealed record LineRevision(int RecipientsDropped);

/// <summary>An order's live shipments by state (cancelled ones left out): what <see cref="Order.Follow"/> decides on.</summary>
public sealed record ShipmentCounts(int Pending, int Shipped, int Delivered)
{
    public int Open => Pending + Shipped;
    public int Total => Pending + Shipped + Delivered;
}
