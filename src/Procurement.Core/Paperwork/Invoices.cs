using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Notifications;
using Procurement.Core.Ordering;

namespace Procurement.Core.Paperwork;

/// <summary>What the union asks its invoices to say (the request body of the profile and of an order's request).</summary>
public sealed class InvoiceRequestBody
{
    /// <summary><c>normal</c> (普通发票) or <c>special</c> (专用发票).</summary>
    public string? Type { get; set; }

    public string? Title { get; set; }
    public string? TaxNumber { get; set; }
    public string? Email { get; set; }

    public InvoiceRequestDetails ToDetails() => new(InvoiceTypes.Parse(Type)!.Value, Title!.Trim(), TaxNumber!.Trim().ToUpperInvariant(),
        string.IsNullOrWhiteSpace(Email) ? null : Email.Trim());
}

public static partial class InvoiceTypes
{
    public static InvoiceType? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "normal" => InvoiceType.Normal,
        "special" => InvoiceType.Special,
        _ => null,
    };

    public static string Name(InvoiceType type) => type == InvoiceType.Special ? "special" : "normal";

    public static string Label(InvoiceType type) => type == InvoiceType.Special ? "增值税专用发票" : "普通发票";

    /// <summary>纳税人识别号: a USCC (18) or an older tax number (15, 17 or 20), digits and capital letters.</summary>
    [GeneratedRegex("^[0-9A-Z]{15}$|^[0-9A-Z]{17,18}$|^[0-9A-Z]{20}$")]
    public static partial Regex TaxNumberPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    public static partial Regex EmailPattern();
}

public sealed class InvoiceRequestBodyValidator : AbstractValidator<InvoiceRequestBody>
{
    public InvoiceRequestBodyValidator()
    {
        RuleFor(x => x.Type).Must(t => InvoiceTypes.Parse(t) is not null)
            .WithMessage(_ => Texts.Pick("发票类型须为 normal（普通发票）或 special（专用发票）。", "type must be normal or special."));
        RuleFor(x => x.Title).Must(t => (t?.Trim().Length ?? 0) is > 0 and <= Invoice.MaxTitleLength)
            .WithMessage(_ => Texts.Pick($"请填写发票抬头（最多 {Invoice.MaxTitleLength} 字）。", $"Give the invoice title (at most {Invoice.MaxTitleLength} characters)."));
        RuleFor(x => x.TaxNumber).Must(t => t is not null && InvoiceTypes.TaxNumberPattern().IsMatch(t.Trim().ToUpperInvariant()))
            .WithMessage(_ => Texts.Pick("纳税人识别号须为 15、17、18 或 20 位数字和大写字母（一般即统一社会信用代码）。",
                "The tax number must be 15, 17, 18 or 20 digits and capital letters (usually the USCC)."));
        RuleFor(x => x.Email).Must(e => string.IsNullOrWhiteSpace(e) || (e.Trim().Length <= Invoice.MaxEmailLength && InvoiceTypes.EmailPattern().IsMatch(e.Trim())))
            .WithMessage(_ => Texts.Pick("接收邮箱格式不正确。", "The email address is not valid."));
    }
}

/// <summary>The union's request as shown: what it says and whether it is the order's own (false: the union's profile applies).</summary>
public sealed record InvoiceRequestView(string Type, string Title, string TaxNumber, string? Email, bool Saved);

/// <summary>One document (blue or red) of an invoice, with its download link.</summary>
public sealed record InvoiceDocumentView(Guid Id, string Kind, string Number, DateOnly IssuedAt, decimal Amount, DateTimeOffset RecordedAt, string FileUrl);

/// <summary>A goods line as the invoice names it: the catalog's product and SKU, how many, at what price (net of refunded packages).</summary>
public sealed record InvoiceLineView(string ProductName, string SkuCode, int Quantity, decimal UnitPrice, decimal Amount);

/// <summary>The contract's invoice shape, and what pages need beside it.</summary>
public sealed record InvoiceView(
    Guid Id, Guid OrderId, string OrderNumber, Guid SupplierId, string SupplierName, string Type, string Title, string TaxNumber, string? Email,
    decimal Amount, string Status, string? RedReason, string? Number, DateOnly? IssuedAt, decimal? IssuedAmount, string? FileUrl,
    Guid UnionId, string? UnionName, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, int? DaysSinceDelivery)
{
    /// <summary>The union's own approval or budget-line number (审批单号/经费科目) of the order: for the invoice's 备注.</summary>
    public string? OrderReference { get; init; }

    public IReadOnlyList<InvoiceDocumentView> Documents { get; init; } = [];
    public IReadOnlyList<InvoiceLineView> Lines { get; init; } = [];

    private const string ApiFiles = "/api/v1/invoices/";
    private const string PageFiles = "/invoices/";

    /// <summary>An invoice file's API address, as the contract gives it (<c>fileUrl</c>).</summary>
    public static string FileUrlOf(Guid invoiceId, Guid documentId) => $"{ApiFiles}{invoiceId}/documents/{documentId}";

    /// <summary>
    /// The same file for a page's link: its page route (<c>/invoices/…</c>), which a signed-in browser opens with its
    /// cookie, beside the API's. Anything not an invoice file's API address is returned as it is.
    /// </summary>
    public static string PageFileUrlOf(string fileUrl) =>
        fileUrl.StartsWith(ApiFiles, StringComparison.Ordinal) ? string.Concat(PageFiles, fileUrl.AsSpan(ApiFiles.Length)) : fileUrl;
}

/// <summary>A row of a list of invoices (finance's, a supplier's): the invoice with its names and its order's delivery.</summary>
public sealed record InvoiceRow(Invoice Invoice, string SupplierName, string? UnionName, DateTimeOffset? DeliveredAt, string? OrderReference = null);

/// <summary>Finance's (and a supplier's) filter: status, supplier, and "not issued N days after delivery".</summary>
public sealed record InvoiceListQuery(InvoiceStatus? Status, Guid? SupplierId, int? OverdueDays, int Page, int PageSize, DateTimeOffset Now);

/// <summary>A stored invoice file handed out: its bytes, what they are, and a file name we made.</summary>
public sealed record InvoiceDownload(Stream Content, string ContentType, string FileName);

/// <summary>Invoices through the context's filter: a union sees its orders', a supplier its own, finance and admins all.</summary>
public interface IInvoiceStore
{
    void Add(Invoice invoice);
    void Add(InvoiceDocument document);
    void Add(OrderInvoiceRequest request);
    void Add(UnionInvoiceProfile profile);

    Task<UnionInvoiceProfile?> FindProfileAsync(Guid unionId, CancellationToken cancellationToken);
    Task<OrderInvoiceRequest?> FindRequestAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>The order's invoices, tracked (one per supplier).</summary>
    Task<IReadOnlyList<Invoice>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>One invoice, tracked; null when absent or not the caller's to see.</summary>
    Task<Invoice?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The order's parcels refunded after-sales: whose, how many packages and (member choice) which option they held.</summary>
    Task<IReadOnlyList<RefundedParcel>> RefundedParcelsAsync(Guid orderId, CancellationToken cancellationToken);

    Task<IReadOnlyList<InvoiceDocument>> DocumentsAsync(IReadOnlyCollection<Guid> invoiceIds, CancellationToken cancellationToken);
    Task<InvoiceDocument?> FindDocumentAsync(Guid invoiceId, Guid documentId, CancellationToken cancellationToken);

    /// <summary>Whether the supplier has recorded a document (blue or red, for any order) with this number already.</summary>
    Task<bool> NumberRecordedAsync(Guid supplierId, string number, CancellationToken cancellationToken);

    Task<Paged<InvoiceRow>> ListAsync(InvoiceListQuery query, CancellationToken cancellationToken);

    /// <summary>Every row the filter matches (for the export), streamed in the list's order.</summary>
    IAsyncEnumerable<InvoiceRow> AllAsync(InvoiceListQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<Guid, string>> SupplierNamesAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Invoices the caller's supplier owes now (requested, or waiting for a red invoice).</summary>
    Task<int> OwedCountAsync(Guid supplierId, CancellationToken cancellationToken);
}

/// <summary>The shared file store's side of invoices: names are ours (<c>invoices/{invoiceId}-{n}.pdf</c>), never the upload's.</summary>
public interface IInvoiceFiles
{
    Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken);

    Stream? Open(string name);

    void Delete(string name);
}

/// <summary>Writes finance's invoice list as XLSX or CSV, reading the rows as it writes.</summary>
public interface IInvoiceSheets
{
    Task WriteAsync(IAsyncEnumerable<InvoiceView> rows, SheetFormat format, Stream output, CancellationToken cancellationToken);
}

/// <summary>The union's invoice profile (开票信息): read by its purchasers and approvers, kept by its purchasers.</summary>
public sealed class InvoiceProfiles(IInvoiceStore store, Unions.IUnionStore unions, IValidator<InvoiceRequestBody> validator, IUnitOfWork unitOfWork, ICurrentUser user,
    TimeProvider clock)
{
    public async Task<Result<InvoiceRequestView>> MineAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadUnion) is { } refused)
        {
            return refused;
        }
        return await DefaultsAsync(store, unions, user.UnionId!.Value, cancellationToken) is { } found ? View(found.Details, found.Saved) : Error.NotFound();
    }

    public async Task<Result<InvoiceRequestView>> SaveAsync(InvoiceRequestBody body, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedBody = await validator.ValidateAsync(body, cancellationToken);
        if (!checkedBody.IsValid)
        {
            return Error.Invalid(checkedBody.ToFieldErrors());
        }
        var details = body.ToDetails();
        var unionId = user.UnionId!.Value;
        if (await store.FindProfileAsync(unionId, cancellationToken) is { } profile)
        {
            profile.Set(details, user.UserId!.Value, clock.GetUtcNow());
        }
        else
        {
            store.Add(new UnionInvoiceProfile(unionId, details, user.UserId!.Value, clock.GetUtcNow()));
        }
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : View(details, true);
    }

    internal static InvoiceRequestView View(InvoiceRequestDetails d, bool saved) => new(InvoiceTypes.Name(d.Type), d.Title, d.TaxNumber, d.Email, saved);

    /// <summary>The union's profile, or (never saved) its name and USCC as a 普通发票's title and tax number.</summary>
    internal static async Task<(InvoiceRequestDetails Details, bool Saved)?> DefaultsAsync(IInvoiceStore store, Unions.IUnionStore unions, Guid unionId,
        CancellationToken cancellationToken)
    {
        if (await store.FindProfileAsync(unionId, cancellationToken) is { } profile)
        {
            return (profile.Details, true);
        }
        return await unions.FindAsync(unionId, cancellationToken) is { } union ? (new InvoiceRequestDetails(InvoiceType.Normal, union.Name, union.Uscc, null), false) : null;
    }
}

/// <summary>
/// An order's invoice request (the purchaser, PUT …/invoice-request) and its invoices (whoever may read the order).
/// Until the order is paid the request is only kept; once paid, each supplier's invoice follows it, and one already
/// issued must be cancelled by a red invoice and issued again (its supplier is told).
/// </summary>
public sealed class OrderInvoices(
    IInvoiceStore store, IOrderStore orders, Unions.IUnionStore unions, IInvoiceFiles files, INotifications notifications, IValidator<InvoiceRequestBody> validator,
    IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, ILogger<OrderInvoices> logger)
{
    public async Task<Result<InvoiceRequestView>> RequestAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (await store.FindRequestAsync(order.Id, cancellationToken) is { } request)
        {
            return InvoiceProfiles.View(request.Details, true);
        }
        return await InvoiceProfiles.DefaultsAsync(store, unions, order.UnionId, cancellationToken) is { } defaults
            ? InvoiceProfiles.View(defaults.Details, false) : Error.NotFound();
    }

    public async Task<Result<InvoiceRequestView>> SetRequestAsync(Guid orderId, InvoiceRequestBody body, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        var checkedBody = await validator.ValidateAsync(body, cancellationToken);
        if (!checkedBody.IsValid)
        {
            return Error.Invalid(checkedBody.ToFieldErrors());
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.ChangeInvoiceRequest() is { } closed)
        {
            return closed;
        }
        var details = body.ToDetails();
        var now = clock.GetUtcNow();
        if (await store.FindRequestAsync(order.Id, cancellationToken) is { } request)
        {
            request.Set(details, user.UserId!.Value, now);
        }
        else
        {
            store.Add(new OrderInvoiceRequest(order.Id, order.UnionId, details, user.UserId!.Value, now));
        }
        var reds = new List<Invoice>();
        foreach (var invoice in await store.ForOrderAsync(order.Id, cancellationToken))
        {
            if (invoice.Follow(details, now))
            {
                reds.Add(invoice);
                notifications.Add(Notification.ForSupplier(invoice.SupplierId, NotificationKind.InvoiceRedRequired, null, order.Number, nameof(RedReason.RequestChanged), now));
            }
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber}: invoice request set to {Type} by {UserId}; {Reds} issued invoice(s) now need a red invoice", order.Number,
            details.Type, user.UserId, reds.Count);
        return InvoiceProfiles.View(details, true);
    }

    /// <summary>The order's invoices (one per supplier once paid), with their documents.</summary>
    public async Task<Result<IReadOnlyList<InvoiceView>>> ListAsync(Guid orderId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.ReadOrder) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        var invoices = await store.ForOrderAsync(order.Id, cancellationToken);
        var names = await store.SupplierNamesAsync(invoices.Select(i => i.SupplierId), cancellationToken);
        var documents = (await store.DocumentsAsync(invoices.Select(i => i.Id).ToList(), cancellationToken)).ToLookup(d => d.InvoiceId);
        var refunded = await store.RefundedParcelsAsync(order.Id, cancellationToken);
        var supplierOrder = order.Lines.Select(l => l.SupplierId).Distinct().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        return invoices.OrderBy(i => supplierOrder.GetValueOrDefault(i.SupplierId, int.MaxValue))
            .Select(i => InvoiceViews.Of(new InvoiceRow(i, names.GetValueOrDefault(i.SupplierId) ?? "", null, order.DeliveredAt, order.Reference), clock.GetUtcNow()) with
            {
                Documents = InvoiceViews.Documents(documents[i.Id]),
                Lines = InvoiceViews.Lines(order, i, refunded),
            }).ToList();
    }

    /// <summary>
    /// One document's file, for the order's union, the invoice's supplier, finance and admins: the invoice's tenant
    /// filter decides, so anyone else's answer is 404 and an anonymous caller never gets here.
    /// </summary>
    public async Task<Result<InvoiceDownload>> FileAsync(Guid invoiceId, Guid documentId, CancellationToken cancellationToken)
    {
        if (!user.Can(Capability.ReadOrder) && !user.Can(Capability.Supply))
        {
            return Access.Refusal(Capability.ReadOrder);
        }
        if (await store.FindAsync(invoiceId, cancellationToken) is not { } invoice
            || await store.FindDocumentAsync(invoice.Id, documentId, cancellationToken) is not { } document
            || files.Open(document.File) is not { } stream)
        {
            return Error.NotFound();
        }
        var kind = document.Kind == InvoiceDocumentKind.Red ? "红字发票" : "发票";
        return new InvoiceDownload(stream, document.ContentType, $"{kind}-{invoice.OrderNumber}-{document.Number}{Path.GetExtension(document.File)}");
    }
}

internal static class InvoiceViews
{
    public static InvoiceView Of(InvoiceRow row, DateTimeOffset now)
    {
        var i = row.Invoice;
        int? days = row.DeliveredAt is { } delivered ? Math.Max(0, BusinessDate.Of(now).DayNumber - BusinessDate.Of(delivered).DayNumber) : null;
        return new InvoiceView(i.Id, i.OrderId, i.OrderNumber, i.SupplierId, row.SupplierName, InvoiceTypes.Name(i.Type), i.Title, i.TaxNumber, i.Email,
            i.Amount, i.Status.ToString(), i.RedReason?.ToString(), i.Number, i.IssuedOn, i.IssuedAmount,
            i.DocumentId is { } doc ? InvoiceView.FileUrlOf(i.Id, doc) : null, i.UnionId, row.UnionName, i.CreatedAt, row.DeliveredAt, days)
        {
            OrderReference = row.OrderReference,
        };
    }

    public static IReadOnlyList<InvoiceDocumentView> Documents(IEnumerable<InvoiceDocument> documents) =>
        documents.OrderBy(d => d.RecordedAt).Select(d => new InvoiceDocumentView(d.Id, d.Kind.ToString(), d.Number, d.IssuedOn, Money.FromFen(d.AmountFen), d.RecordedAt,
            InvoiceView.FileUrlOf(d.InvoiceId, d.Id))).ToList();

    /// <summary>
    /// The supplier's lines of the order, net of what its after-sales refunds took back (each refunded parcel's goods:
    /// a member-choice parcel held its member's option); none once nothing is owed.
    /// </summary>
    public static IReadOnlyList<InvoiceLineView> Lines(Order order, Invoice invoice, IReadOnlyList<RefundedParcel> refunded)
    {
        if (invoice.ShareFen - invoice.RefundedFen <= 0)
        {
            return [];
        }
        var back = refunded.Where(r => r.SupplierId == invoice.SupplierId)
            .SelectMany(r => order.ParcelLines(r.SupplierId, r.Packages, r.Option))
            .GroupBy(l => (l.Line.SkuId, l.Line.UnitPrice)).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        return order.Lines.Where(l => l.SupplierId == invoice.SupplierId)
            .Select(l => (Line: l, Quantity: l.Quantity - back.GetValueOrDefault((l.SkuId, l.UnitPrice))))
            .Where(p => p.Quantity > 0)
            .Select(p => new InvoiceLineView(p.Line.ProductName, p.Line.SkuCode, p.Quantity, p.Line.UnitPrice, Money.Round(p.Line.UnitPrice * p.Quantity))).ToList();
    }
}

/// <summary>One after-sales refund of an order's parcel: the supplier, the packages refunded and the option the parcel held (member choice).</summary>
public sealed record RefundedParcel(Guid SupplierId, int Packages, int? Option);

/// <summary>The upload's typed fields (multipart form): the invoice's number, the date on it and its amount.</summary>
public sealed record InvoiceIssueForm(string? Number, string? IssuedAt, string? Amount);

/// <summary>
/// A supplier's invoices (#22): what it owes, with the union's title, tax number and the goods lines to copy into the
/// tax system; issuing takes the 数电发票 back (PDF, OFD or XML of at most 5 MB, judged by its bytes), with its number,
/// date and amount — an amount other than what is owed is refused naming <c>amount</c> and nothing is stored.
/// </summary>
public sealed class SupplierInvoices(
    IInvoiceStore store, IOrderStore orders, IInvoiceFiles files, INotifications notifications, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock,
    ILogger<SupplierInvoices> logger)
{
    public const int MaxFileBytes = 5 * 1024 * 1024;

    public async Task<Result<Paged<InvoiceView>>> ListAsync(string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        var parsed = InvoiceLists.Status(status);
        if (parsed.Error is { } bad)
        {
            return bad;
        }
        var now = clock.GetUtcNow();
        var rows = await store.ListAsync(new InvoiceListQuery(parsed.Value, user.SupplierId, null, page, pageSize, now), cancellationToken);
        return new Paged<InvoiceView>(rows.Total, rows.Page, rows.PageSize, rows.Items.Select(r => InvoiceViews.Of(r, now)).ToList());
    }

    /// <summary>How many invoices the supplier owes now (requested, or waiting for a red invoice): its dashboard's count.</summary>
    public async Task<Result<int>> OwedAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        return await store.OwedCountAsync(user.SupplierId!.Value, cancellationToken);
    }

    public async Task<Result<InvoiceView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        return await store.FindAsync(id, cancellationToken) is { } invoice ? await DetailsAsync(invoice, cancellationToken) : Error.NotFound();
    }

    /// <summary>Issues the blue invoice for what is owed.</summary>
    public Task<Result<InvoiceView>> IssueAsync(Guid id, InvoiceIssueForm form, Stream? content, CancellationToken cancellationToken) =>
        RecordAsync(id, InvoiceDocumentKind.Blue, form, content, cancellationToken);

    /// <summary>Records the red invoice (红字发票) that cancels the standing blue one: its amount is the blue one's, negative.</summary>
    public Task<Result<InvoiceView>> CancelByRedAsync(Guid id, InvoiceIssueForm form, Stream? content, CancellationToken cancellationToken) =>
        RecordAsync(id, InvoiceDocumentKind.Red, form, content, cancellationToken);

    private async Task<Result<InvoiceView>> RecordAsync(Guid id, InvoiceDocumentKind kind, InvoiceIssueForm form, Stream? content, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        var fields = new Dictionary<string, string[]>();
        var issue = InvoiceLists.Issue(form, kind, clock.GetUtcNow(), fields);
        var bytes = content is null ? [] : await BoundedRead.ReadAsync(content, MaxFileBytes, cancellationToken);
        var fileKind = bytes is null ? null : InvoiceFileKind.Of(bytes);
        if (bytes is null)
        {
            fields["file"] = [Texts.Pick("发票文件不能超过 5 MB。", "The invoice file may be at most 5 MB.")];
        }
        else if (fileKind is null)
        {
            fields["file"] = [bytes.Length == 0
                ? Texts.Pick("请上传发票文件（表单字段 file）。", "Upload the invoice file (form field `file`).")
                : Texts.Pick("发票文件须为 PDF、OFD 或 XML 格式的数电发票。", "The invoice must be the 数电发票 as a PDF, OFD or XML file.")];
        }
        if (fields.Count > 0)
        {
            return Error.Invalid(fields);
        }
        // Another supplier's invoice is not there for this caller: 404, as for one that does not exist.
        if (await store.FindAsync(id, cancellationToken) is not { } invoice)
        {
            return Error.NotFound();
        }
        // A 数电发票 number is one invoice: one already recorded (for this order or another) is not a new one. Without
        // this, one invoice's file satisfied two orders (attack review).
        if (await store.NumberRecordedAsync(invoice.SupplierId, issue!.Number, cancellationToken))
        {
            return Error.Invalid("number", Texts.Pick($"发票号码 {issue.Number} 已登记过，不能重复使用。", $"Invoice number {issue.Number} has been recorded already."));
        }
        var now = clock.GetUtcNow();
        var name = $"invoices/{invoice.Id:N}-{Guid.CreateVersion7():N}{fileKind!.Extension}";
        var document = new InvoiceDocument(invoice, kind, issue!, name, fileKind.ContentType, user.UserId!.Value, now);
        if ((kind == InvoiceDocumentKind.Blue ? invoice.Issue(issue!, document.Id, now) : invoice.CancelByRed(issue!, now)) is { } wrong)
        {
            return wrong;
        }
        store.Add(document);
        if (kind == InvoiceDocumentKind.Blue)
        {
            notifications.Add(Notification.ForUnion(invoice.UnionId, NotificationKind.InvoiceIssued, invoice.OrderId, invoice.OrderNumber,
                invoice.Amount.ToString("0.00", CultureInfo.InvariantCulture), now));
        }
        await files.WriteAsync(name, bytes!, cancellationToken);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            files.Delete(name);
            return conflict;
        }
        logger.LogInformation("Supplier {SupplierId} recorded {Kind} invoice {Number} of {Amount} CNY for order {OrderNumber} ({InvoiceId}); now {Status}",
            invoice.SupplierId, kind, issue!.Number, issue.Amount, invoice.OrderNumber, invoice.Id, invoice.Status);
        return await DetailsAsync(invoice, cancellationToken);
    }

    private async Task<InvoiceView> DetailsAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var order = await orders.FindForShipmentAsync(invoice.OrderId, cancellationToken);
        var names = await store.SupplierNamesAsync([invoice.SupplierId], cancellationToken);
        var documents = await store.DocumentsAsync([invoice.Id], cancellationToken);
        var refunded = order is null ? [] : await store.RefundedParcelsAsync(order.Id, cancellationToken);
        return InvoiceViews.Of(new InvoiceRow(invoice, names.GetValueOrDefault(invoice.SupplierId) ?? "", null, order?.DeliveredAt, order?.Reference), clock.GetUtcNow()) with
        {
            Documents = InvoiceViews.Documents(documents),
            Lines = order is null ? [] : InvoiceViews.Lines(order, invoice, refunded),
        };
    }
}

/// <summary>Finance's list of invoices across suppliers (and admins', who read finance's books), filtered, and its export.</summary>
public sealed class FinanceInvoices(IInvoiceStore store, IInvoiceSheets sheets, ICurrentUser user, TimeProvider clock)
{
    public async Task<Result<Paged<InvoiceView>>> ListAsync(string? status, Guid? supplierId, int? overdueDays, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = Query(status, supplierId, overdueDays, page, pageSize);
        if (query.Error is { } bad)
        {
            return bad;
        }
        var rows = await store.ListAsync(query.Value!, cancellationToken);
        return new Paged<InvoiceView>(rows.Total, rows.Page, rows.PageSize, rows.Items.Select(r => InvoiceViews.Of(r, query.Value!.Now)).ToList());
    }

    public Result<SheetDownload> Export(string? status, Guid? supplierId, int? overdueDays, SheetFormat format)
    {
        var query = Query(status, supplierId, overdueDays, 1, 1);
        if (query.Error is { } bad)
        {
            return bad;
        }
        var day = BusinessDate.Of(query.Value!.Now).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return new SheetDownload($"发票-{day}.{format.Extension()}", format,
            (output, token) => sheets.WriteAsync(Rows(query.Value!, token), format, output, token));
    }

    private async IAsyncEnumerable<InvoiceView> Rows(InvoiceListQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in store.AllAsync(query, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return InvoiceViews.Of(row, query.Now);
        }
    }

    private Result<InvoiceListQuery> Query(string? status, Guid? supplierId, int? overdueDays, int page, int pageSize)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        var parsed = InvoiceLists.Status(status);
        if (parsed.Error is { } bad)
        {
            return bad;
        }
        if (overdueDays is < 0 or > 3650)
        {
            return Error.Invalid("overdueDays", Texts.Pick("overdueDays 须为 0 到 3650 之间的整数。", "overdueDays must be a whole number from 0 to 3650."));
        }
        return new InvoiceListQuery(parsed.Value, supplierId, overdueDays, page, pageSize, clock.GetUtcNow());
    }
}

internal static class InvoiceLists
{
    public static Result<InvoiceStatus?> Status(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return (InvoiceStatus?)null;
        }
        return Enum.TryParse<InvoiceStatus>(status.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)
            ? parsed
            : Error.Invalid("status", Texts.Pick("status 须为 Requested、Issued、RedRequired 或 Voided。", "status must be Requested, Issued, RedRequired or Voided."));
    }

    /// <summary>The typed fields checked, each refusal named; null when any is wrong.</summary>
    public static InvoiceIssue? Issue(InvoiceIssueForm form, InvoiceDocumentKind kind, DateTimeOffset now, Dictionary<string, string[]> fields)
    {
        var number = form.Number?.Trim() ?? "";
        if (number.Length is 0 or > Invoice.MaxNumberLength || !number.All(char.IsAsciiLetterOrDigit))
        {
            fields["number"] = [Texts.Pick($"请填写发票号码（数字或字母，最多 {Invoice.MaxNumberLength} 位）。", $"Give the invoice number (digits or letters, at most {Invoice.MaxNumberLength}).")];
        }
        DateOnly? on = null;
        if (!DateOnly.TryParseExact(form.IssuedAt?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            fields["issuedAt"] = [Texts.Pick("请填写开票日期（yyyy-MM-dd）。", "Give the date on the invoice (yyyy-MM-dd).")];
        }
        else if (date > BusinessDate.Of(now))
        {
            fields["issuedAt"] = [Texts.Pick("开票日期不能晚于今天。", "The invoice cannot be dated in the future.")];
        }
        else
        {
            on = date;
        }
        decimal? amount = null;
        // At most 20 characters: decimal keeps 28-29 digits and rounds the rest away, so "120.000000000000000000000000001"
        // parsed as 120 and was taken as exactly what is owed (attack review). No invoice amount needs more.
        if ((form.Amount?.Trim().Length ?? 0) > 20 || !decimal.TryParse(form.Amount?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var typed)
            || !Money.HasAtMostTwoDecimals(typed) || (kind == InvoiceDocumentKind.Blue ? typed <= 0 : typed >= 0))
        {
            fields["amount"] = [kind == InvoiceDocumentKind.Blue
                ? Texts.Pick("请填写发票金额（元，最多两位小数）。", "Give the invoice's amount (yuan, at most two decimals).")
                : Texts.Pick("请填写红字发票金额（负数，元，最多两位小数）。", "Give the red invoice's amount (negative, yuan, at most two decimals).")];
        }
        else
        {
            amount = typed;
        }
        return fields.Count == 0 ? new InvoiceIssue(number, on!.Value, amount!.Value) : null;
    }
}

/// <summary>What an invoice file's bytes say it is: a PDF, an OFD (a ZIP holding OFD.xml) or an XML 数电发票. Nothing else is believed.</summary>
public sealed record InvoiceFileKind(string ContentType, string Extension)
{
    /// <summary>An OFD's ZIP directory is read entry by entry: this many at most, so a crafted archive costs little to judge.</summary>
    public const int MaxOfdEntries = 2_000;

    /// <summary>
    /// How deep an XML invoice's elements may nest (a 数电发票's XML is a dozen levels). The reader keeps a node per open
    /// element, so 5 MB of <c>&lt;a&gt;</c> would otherwise cost ~750,000 of them (attack review).
    /// </summary>
    public const int MaxXmlDepth = 64;

    public static InvoiceFileKind? Of(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            return new InvoiceFileKind("application/pdf", ".pdf");
        }
        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return IsOfd(bytes) ? new InvoiceFileKind("application/ofd", ".ofd") : null;
        }
        return IsXml(bytes) ? new InvoiceFileKind("application/xml", ".xml") : null;
    }

    /// <summary>
    /// An OFD is a ZIP naming <c>OFD.xml</c>. Its central directory is walked here, entry by entry, at most
    /// <see cref="MaxOfdEntries"/> of them (attack review: <c>ZipArchive</c> materialises every entry of the directory,
    /// whatever its count claims, before the first is seen — 50,000 empty entries in 4 MB cost 27 MB to judge). Nothing
    /// is inflated; ZIP64 (never an invoice's) is refused.
    /// </summary>
    private static bool IsOfd(byte[] bytes)
    {
        const int EndSize = 22, EntrySize = 46;
        var data = bytes.AsSpan();
        var end = -1;
        for (var at = data.Length - EndSize; at >= Math.Max(0, data.Length - EndSize - ushort.MaxValue); at--)
        {
            if (data[at..].StartsWith("PK\u0005\u0006"u8))
            {
                end = at;
                break;
            }
        }
        if (end < 0)
        {
            return false;
        }
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(data[(end + 10)..]);
        var directory = (long)BinaryPrimitives.ReadUInt32LittleEndian(data[(end + 16)..]);
        if (entries > MaxOfdEntries || directory >= end)
        {
            return false;
        }
        var next = (int)directory;
        for (var i = 0; i < entries; i++)
        {
            if (next + EntrySize > end || !data[next..].StartsWith("PK\u0001\u0002"u8))
            {
                return false;
            }
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data[(next + 28)..]);
            var rest = nameLength + BinaryPrimitives.ReadUInt16LittleEndian(data[(next + 30)..]) + BinaryPrimitives.ReadUInt16LittleEndian(data[(next + 32)..]);
            if (next + EntrySize + rest > end)
            {
                return false;
            }
            if (data.Slice(next + EntrySize, nameLength).SequenceEqual("OFD.xml"u8))
            {
                return true;
            }
            next += EntrySize + rest;
        }
        return false;
    }

    /// <summary>Well-formed XML, read to its end with no DTD (so no entity expansion), at most the file's own size in characters.</summary>
    private static bool IsXml(byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var first = bytes.AsSpan(start).TrimStart(" \t\r\n"u8);
        if (first.Length == 0 || first[0] != (byte)'<')
        {
            return false;
        }
        try
        {
            var settings = new System.Xml.XmlReaderSettings
            {
                DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = bytes.Length + 16L, MaxCharactersFromEntities = 0,
            };
            using var reader = System.Xml.XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            var elements = 0;
            while (reader.Read())
            {
                if (reader.NodeType == System.Xml.XmlNodeType.Element)
                {
                    if (reader.Depth >= MaxXmlDepth)
                    {
                        return false;
                    }
                    elements++;
                }
            }
            return elements > 0;
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }
}

/// <summary>验收 (the union's purchaser or approver): records that a delivered order's goods arrived and were checked.</summary>
public sealed class OrderAcceptances(IOrderStore orders, OrderQueries queries, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock, ILogger<OrderAcceptances> logger)
{
    public async Task<Result<OrderDetails>> AcceptAsync(Guid orderId, string? note, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Accept(user.UserId!.Value, clock.GetUtcNow(), note) is { } wrong)
        {
            return wrong;
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber} ({OrderId}) accepted by {UserId}", order.Number, order.Id, user.UserId);
        return await queries.DetailsAsync(order, cancellationToken);
    }
}
