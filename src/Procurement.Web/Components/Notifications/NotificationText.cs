using System.Globalization;
using Microsoft.Extensions.Localization;
using Procurement.Core.Notifications;

namespace Procurement.Web.Components.Notifications;

/// <summary>
/// A notification's sentence in the reader's language (the request's or circuit's culture), from resx
/// (<c>Notification.{Kind}</c>, with the subject as {0} and the detail as {1}), and where it leads. The API and the
/// bell render with this one class.
/// </summary>
public static class NotificationText
{
    public static string Message(IStringLocalizer localizer, NotificationView n) =>
        localizer[$"Notification.{n.Kind}", n.Subject, Detail(localizer, n)];

    /// <summary>The page to open: the order, the finance desk or the supplier's page the notification is about.</summary>
    public static string? Link(NotificationView n) => n.Kind switch
    {
        NotificationKind.OrderApproved or NotificationKind.OrderRejected or NotificationKind.PaymentConfirmed or NotificationKind.ParcelsShipped
            or NotificationKind.AfterSalesDecided or NotificationKind.InvoiceIssued or NotificationKind.GiftDefaultShort when n.SubjectId is { } order => $"/orders/{order}",
        // The supplier's copy names no order it could open: it leads to its stock.
        NotificationKind.GiftDefaultShort => "/supplier/products",
        NotificationKind.InvoiceRedRequired => "/supplier/invoices",
        NotificationKind.TransferMarkedPaid => "/finance/transfers",
        NotificationKind.AfterSalesOpened => "/supplier/after-sales",
        NotificationKind.ListingApproved or NotificationKind.ListingRejected or NotificationKind.CertificateExpiring or NotificationKind.CertificateExpired
            when n.SubjectId is { } product => $"/supplier/products/{product}",
        _ => null,
    };

    private static string Detail(IStringLocalizer localizer, NotificationView n) => n.Kind switch
    {
        // Amounts are stored invariant ("899100.00") and shown with the reader's separators.
        NotificationKind.PaymentConfirmed or NotificationKind.TransferMarkedPaid or NotificationKind.InvoiceIssued
            when decimal.TryParse(n.Detail, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) => amount.ToString("N2", CultureInfo.CurrentCulture),
        NotificationKind.AfterSalesDecided => localizer[$"Notification.AfterSales.{n.Detail}"],
        NotificationKind.InvoiceRedRequired => localizer[$"Invoices.RedReason.{n.Detail}"],
        _ => n.Detail ?? "",
    };
}
