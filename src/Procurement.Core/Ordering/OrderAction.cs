using System.Text.Json;

namespace Procurement.Core.Ordering;

/// <summary>
/// What someone may do with an order now, as <see cref="Order.AllowedActions"/> answers it: the order's state, the
/// caller's capabilities and the order's own rules together. The API names them in camelCase
/// (<c>allowedActions: ["submit","cancel"]</c>); the order page draws its buttons from them.
/// </summary>
public enum OrderAction
{
    /// <summary>Upload or replace a draft's recipients (<c>PUT …/recipients</c>).</summary>
    EditRecipients,

    /// <summary>Change a draft's (or a rejected order's) lines, per-package quantities and note (<c>PUT …/lines</c>).</summary>
    EditLines,

    /// <summary>Submit a draft, or resubmit a rejected order, that has recipients (<c>POST …/submit</c>).</summary>
    Submit,

    /// <summary>Approve a pending order someone else created (<c>POST …/approve</c>).</summary>
    Approve,

    /// <summary>Reject a pending order someone else created, with a reason (<c>POST …/reject</c>).</summary>
    Reject,

    /// <summary>Cancel a draft, rejected, pending or approved (unpaid) order (<c>POST …/cancel</c>).</summary>
    Cancel,

    /// <summary>Cancel a paid order nothing of which has left, refunding it in full (also <c>POST …/cancel</c>).</summary>
    Refund,

    /// <summary>Pay an approved order: bank transfer or online (<c>POST …/payments</c>, <c>…/payments/checkout</c>).</summary>
    Pay,

    /// <summary>Confirm a sent parcel arrived (<c>POST …/shipments/{shipmentId}/delivery</c>); each parcel's own state still decides.</summary>
    ConfirmDelivery,

    /// <summary>Report a sent or delivered parcel damaged or lost (<c>POST …/after-sales</c>); each parcel's own state still decides.</summary>
    ReportProblem,

    /// <summary>Confirm a delivered order complete (<c>POST …/complete</c>).</summary>
    Complete,

    /// <summary>A new draft with this order's SKUs and quantities at today's prices (<c>POST …/reorder</c>).</summary>
    Reorder,

    /// <summary>Download the recipients and package contents for shipping (<c>GET …/export</c>).</summary>
    Export,

    /// <summary>Record 验收 of a delivered order, once (<c>POST …/acceptance</c>).</summary>
    Accept,

    /// <summary>Ask for, or change, the order's invoices: type, title, tax number, email (<c>PUT …/invoice-request</c>).</summary>
    RequestInvoice,
}

public static class OrderActions
{
    /// <summary>Every action, in the order the API lists them.</summary>
    public static readonly IReadOnlyList<OrderAction> All = Enum.GetValues<OrderAction>();

    /// <summary>The action's name in the API: camelCase, as every JSON name is (<c>EditRecipients</c> → <c>editRecipients</c>).</summary>
    public static string ToName(this OrderAction action) => JsonNamingPolicy.CamelCase.ConvertName(action.ToString());
}
