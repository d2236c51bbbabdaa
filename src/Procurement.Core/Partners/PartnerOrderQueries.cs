using Procurement.Core.Common;
using Procurement.Core.Users;

namespace Procurement.Core.Partners;

/// <summary>
/// Finance's (and admins') reading of partner orders (<c>FinanceRead</c>); nobody else reads them, the query filter
/// admitting finance, admins and the system. The partners' own side, signed pushes, is <see cref="PartnerOrderDesk"/>.
/// </summary>
public sealed class PartnerOrderQueries(IPartnerOrderStore store, ICurrentUser user)
{
    /// <summary>Partner orders for finance and admins, newest first; q searches either number or the buyer.</summary>
    public async Task<Result<Paged<PartnerOrderView>>> ListAsync(string? partner, string? q, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } denied)
        {
            return denied;
        }
        if (partner is not null && PartnerCodes.Normalize(partner) is null)
        {
            return Error.Invalid("partnerCode", PartnerCodes.UnknownMessage());
        }
        var bounds = PageBounds.Require(page, pageSize);
        var found = await store.ListAsync(PartnerCodes.Normalize(partner), string.IsNullOrWhiteSpace(q) ? null : q.Trim(), bounds.Page, bounds.PageSize, cancellationToken);
        return new Paged<PartnerOrderView>(found.Total, found.Page, found.PageSize, found.Items.Select(o => new PartnerOrderView(o.Id, o.Partner, o.PartnerOrderNo, o.Number,
            o.PlacedAt, o.BuyerName, o.Status.ToString(), o.PaidAmount, o.RefundedAmount, o.Lines.Sum(l => l.Oversold), o.Revisions.Count, o.Lines, o.Recipient)).ToList());
    }
}
