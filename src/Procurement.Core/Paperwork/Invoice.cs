using Procurement.Core.Common;

namespace Procurement.Core.Paperwork;

/// <summary>普通发票 or 专用发票 (增值税专用发票: the buyer may deduct its input tax; unions usually ask for 普通).</summary>
public enum InvoiceType
{
    Normal,
    Special,
}

/// <summary>Where one supplier's invoice for one order stands.</summary>
public enum InvoiceStatus
{
    /// <summary>Owed: the order is paid and the supplier has not issued it yet (or must issue it again after a red invoice).</summary>
    Requested,

    /// <summary>Issued for exactly what is owed; its file is on the platform.</summary>
    Issued,

    /// <summary>
    /// 红冲: the issued invoice no longer fits (a refund of its goods, or the union changed the title or type after
    /// issue). The supplier issues the red invoice that cancels it, then a new one for what is owed now.
    /// </summary>
    RedRequired,

    /// <summary>Nothing is owed any more (the supplier's goods were refunded in full) and no issued invoice stands.</summary>
    Voided,
}

/// <summary>A 数电发票 the supplier issued: the blue one for the goods, or the red one (negative) that cancels an earlier blue one.</summary>
public enum InvoiceDocumentKind
{
    Blue,
    Red,
}

/// <summary>Why an issued invoice must be cancelled by a red one.</summary>
public enum RedReason
{
    Refund,
    RequestChanged,
}

/// <summary>
/// One supplier's invoice for one paid order (#22): what the union asked for (type, 抬头, 税号, email — a snapshot of
/// the request when the order was paid, updated while it is still owed), and what is owed — the supplier's share of
/// what the order paid (<see cref="ShareFen"/>, the sum of its lines) less the refunds of its goods
/// (<see cref="RefundedFen"/>). Refunds change the amounts by set-based updates in the refund's own unit of work, so
/// the counters here are never read and written back; an issue is refused when the amount typed is not what is owed.
/// </summary>
public sealed class Invoice
{
    public const int MaxTitleLength = 100;
    public const int MaxEmailLength = 100;
    public const int MaxNumberLength = 30;

    private Invoice()
    {
        OrderNumber = Title = TaxNumber = "";
    }

    public Invoice(Guid orderId, string orderNumber, Guid unionId, Guid supplierId, InvoiceRequestDetails request, long shareFen, DateTimeOffset at,
        DateTimeOffset? deliveredAt = null)
    {
        DeliveredAt = deliveredAt;
        Id = Guid.CreateVersion7();
        OrderId = orderId;
        OrderNumber = orderNumber;
        UnionId = unionId;
        SupplierId = supplierId;
        (Type, Title, TaxNumber, Email) = (request.Type, request.Title, request.TaxNumber, request.Email);
        ShareFen = shareFen;
        Status = shareFen > 0 ? InvoiceStatus.Requested : InvoiceStatus.Voided;
        CreatedAt = UpdatedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public string OrderNumber { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid SupplierId { get; private set; }
    public InvoiceType Type { get; private set; }
    public string Title { get; private set; }
    public string TaxNumber { get; private set; }
    public string? Email { get; private set; }

    /// <summary>What the order paid for this supplier's goods, in 分.</summary>
    public long ShareFen { get; private set; }

    /// <summary>What has been refunded of this supplier's goods, in 分 (after-sales refunds, or the whole order's).</summary>
    public long RefundedFen { get; private set; }

    /// <summary>Packages of this supplier's goods refunded after-sales: the goods lines the invoice names are net of them.</summary>
    public int RefundedPackages { get; private set; }

    public InvoiceStatus Status { get; private set; }
    public RedReason? RedReason { get; private set; }

    /// <summary>The standing blue invoice: its number, date, amount and document.</summary>
    public string? Number { get; private set; }

    public DateOnly? IssuedOn { get; private set; }
    public long? IssuedFen { get; private set; }
    public Guid? DocumentId { get; private set; }

    /// <summary>
    /// When the order's last parcel arrived (the order's <c>DeliveredAt</c>, copied when it is delivered): finance's
    /// "overdue since delivery" filters on it without reading the orders.
    /// </summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public long Version { get; private set; }

    /// <summary>What is owed now: the share less refunds, CNY.</summary>
    public decimal Amount => Money.FromFen(ShareFen - RefundedFen);

    public decimal? IssuedAmount => IssuedFen is { } fen ? Money.FromFen(fen) : null;

    /// <summary>The supplier issues the blue invoice for what is owed. Every field is checked; the amount must be exactly what is owed.</summary>
    public Error? Issue(InvoiceIssue issue, Guid documentId, DateTimeOffset now)
    {
        if (Status != InvoiceStatus.Requested)
        {
            return Error.InvalidState(Status == InvoiceStatus.RedRequired
                ? Texts.Pick("请先上传红字发票冲销原发票，再开具新发票。", "Record the red invoice that cancels the earlier one first, then issue the new one.")
                : Texts.Pick($"该发票当前状态（{Status}）不能开具。", $"An invoice that is {Status} cannot be issued."));
        }
        if (DatedBeforeOwed(issue) is { } early)
        {
            return early;
        }
        if (issue.Amount != Amount)
        {
            return Error.Invalid("amount", Texts.Pick($"发票金额须为应开金额 ¥{Amount:0.00}。", $"The invoice's amount must be what is owed: ¥{Amount:0.00}."));
        }
        (Number, IssuedOn, IssuedFen, DocumentId, Status, RedReason) = (issue.Number, issue.IssuedOn, Money.ToFen(issue.Amount), documentId, InvoiceStatus.Issued, null);
        Touch(now);
        return null;
    }

    /// <summary>
    /// The supplier records the red invoice that cancels the standing blue one: its amount is the blue one's, negative.
    /// The invoice is owed again for what is owed now, or void when nothing is.
    /// </summary>
    public Error? CancelByRed(InvoiceIssue red, DateTimeOffset now)
    {
        if (Status != InvoiceStatus.RedRequired || IssuedFen is not { } issued)
        {
            return Error.InvalidState(Texts.Pick("该发票无需红冲。", "This invoice does not need a red invoice."));
        }
        if (DatedBeforeOwed(red) is { } early)
        {
            return early;
        }
        if (red.Amount != -Money.FromFen(issued))
        {
            return Error.Invalid("amount", Texts.Pick($"红字发票金额须为原发票金额的负数 ¥{-Money.FromFen(issued):0.00}。",
                $"The red invoice's amount must be the earlier invoice's, negative: ¥{-Money.FromFen(issued):0.00}."));
        }
        (Number, IssuedOn, IssuedFen, DocumentId, RedReason) = (null, null, null, null, null);
        Status = ShareFen - RefundedFen > 0 ? InvoiceStatus.Requested : InvoiceStatus.Voided;
        Touch(now);
        return null;
    }

    /// <summary>
    /// The union changed what it asks for. An invoice still owed follows the change; an issued one must be cancelled
    /// by a red invoice and issued again to the new title (the supplier is told). A void one stays void.
    /// </summary>
    /// <returns>Whether an issued invoice now needs a red invoice.</returns>
    public bool Follow(InvoiceRequestDetails request, DateTimeOffset now)
    {
        if (Status == InvoiceStatus.Voided || (request.Type, request.Title, request.TaxNumber, request.Email) == (Type, Title, TaxNumber, Email))
        {
            return false;
        }
        (Type, Title, TaxNumber, Email) = (request.Type, request.Title, request.TaxNumber, request.Email);
        var red = Status == InvoiceStatus.Issued;
        if (red)
        {
            (Status, RedReason) = (InvoiceStatus.RedRequired, Paperwork.RedReason.RequestChanged);
        }
        Touch(now);
        return red;
    }

    /// <summary>
    /// An invoice (blue or red) for this order cannot be dated before the order was paid and the invoice owed (Beijing
    /// date): an earlier date is an old invoice re-used (attack review: 1999-01-01 and 0001-01-01 were taken).
    /// </summary>
    private Error? DatedBeforeOwed(InvoiceIssue issue) =>
        issue.IssuedOn < BusinessDate.Of(CreatedAt)
            ? Error.Invalid("issuedAt", Texts.Pick($"开票日期不能早于订单付款日 {BusinessDate.Of(CreatedAt):yyyy-MM-dd}。",
                $"The invoice cannot be dated before the order was paid ({BusinessDate.Of(CreatedAt):yyyy-MM-dd})."))
            : null;

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>A 数电发票 file the supplier uploaded, blue or red, kept for good (an audit trail of what was issued).</summary>
public sealed class InvoiceDocument
{
    private InvoiceDocument()
    {
        Number = File = ContentType = "";
    }

    public InvoiceDocument(Invoice invoice, InvoiceDocumentKind kind, InvoiceIssue issue, string file, string contentType, Guid by, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        InvoiceId = invoice.Id;
        UnionId = invoice.UnionId;
        SupplierId = invoice.SupplierId;
        Kind = kind;
        Number = issue.Number;
        IssuedOn = issue.IssuedOn;
        AmountFen = Money.ToFen(issue.Amount);
        File = file;
        ContentType = contentType;
        RecordedBy = by;
        RecordedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid InvoiceId { get; private set; }
    public Guid UnionId { get; private set; }
    public Guid SupplierId { get; private set; }
    public InvoiceDocumentKind Kind { get; private set; }
    public string Number { get; private set; }
    public DateOnly IssuedOn { get; private set; }
    public long AmountFen { get; private set; }

    /// <summary>The stored file's name (ours: <c>invoices/{invoiceId}-{n}.pdf</c>), never the upload's.</summary>
    public string File { get; private set; }

    public string ContentType { get; private set; }
    public Guid RecordedBy { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>What the supplier typed for an invoice (blue or red): its number, the date on it, its amount.</summary>
public sealed record InvoiceIssue(string Number, DateOnly IssuedOn, decimal Amount);

/// <summary>What a union asks its invoices to say: type, 抬头, 税号 and the email electronic invoices go to.</summary>
public sealed record InvoiceRequestDetails(InvoiceType Type, string Title, string TaxNumber, string? Email);

/// <summary>The order's request as the union saved it (one row per order); absent, the union's profile applies.</summary>
public sealed class OrderInvoiceRequest
{
    private OrderInvoiceRequest()
    {
        Title = TaxNumber = "";
    }

    public OrderInvoiceRequest(Guid orderId, Guid unionId, InvoiceRequestDetails details, Guid by, DateTimeOffset at)
    {
        OrderId = orderId;
        UnionId = unionId;
        Set(details, by, at);
        Title ??= "";
        TaxNumber ??= "";
    }

    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }
    public InvoiceType Type { get; private set; }
    public string Title { get; private set; }
    public string TaxNumber { get; private set; }
    public string? Email { get; private set; }
    public Guid UpdatedBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public InvoiceRequestDetails Details => new(Type, Title, TaxNumber, Email);

    public void Set(InvoiceRequestDetails details, Guid by, DateTimeOffset at) =>
        (Type, Title, TaxNumber, Email, UpdatedBy, UpdatedAt) = (details.Type, details.Title, details.TaxNumber, details.Email, by, at);
}

/// <summary>
/// A union's invoice profile (开票信息): the title and tax number its invoices carry and the email they go to. Absent,
/// the title is the union's name and the tax number its USCC (a union's 统一社会信用代码 is its 纳税人识别号).
/// </summary>
public sealed class UnionInvoiceProfile
{
    private UnionInvoiceProfile()
    {
        Title = TaxNumber = "";
    }

    public UnionInvoiceProfile(Guid unionId, InvoiceRequestDetails details, Guid by, DateTimeOffset at)
    {
        UnionId = unionId;
        Title = TaxNumber = "";
        Set(details, by, at);
    }

    public Guid UnionId { get; private set; }
    public InvoiceType Type { get; private set; }
    public string Title { get; private set; }
    public string TaxNumber { get; private set; }
    public string? Email { get; private set; }
    public Guid UpdatedBy { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public InvoiceRequestDetails Details => new(Type, Title, TaxNumber, Email);

    public void Set(InvoiceRequestDetails details, Guid by, DateTimeOffset at) =>
        (Type, Title, TaxNumber, Email, UpdatedBy, UpdatedAt) = (details.Type, details.Title, details.TaxNumber, details.Email, by, at);
}
