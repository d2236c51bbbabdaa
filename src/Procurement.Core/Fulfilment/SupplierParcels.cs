using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Users;

namespace Procurement.Core.Fulfilment;

/// <summary>
/// The supplier's parcels: the list by state (finance and admins read everyone's) and the packing list to send them
/// by, XLSX or CSV, whose first columns, filled in, are the tracking import (<see cref="TrackingImport"/>).
/// </summary>
public sealed class SupplierParcels(IShipmentStore shipments, IPackingListSheets sheets, ICurrentUser user, TimeProvider clock,
    ILogger<SupplierParcels> logger)
{
    public const int MaxPackingRows = 50_000;

    /// <summary>A supplier's parcels (or, for admins and finance, everyone's).</summary>
    public async Task<Result<Paged<ShipmentView>>> ListAsync(ShipmentQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Supply, Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        if (query.CheckStatus() is { } invalid)
        {
            return invalid;
        }
        return await shipments.ListAsync(query.Bounded(), cancellationToken);
    }

    /// <summary>
    /// The supplier's packing list (by default every parcel still to send) as XLSX or CSV; the parcels are read when it
    /// is written. <paramref name="labels"/>: the API's columns and codes, or the reader's language (the portal's link).
    /// </summary>
    public Result<SheetDownload> PackingList(ShipmentQuery query, SheetFormat format, SheetLabels labels = SheetLabels.Contract)
    {
        if (user.Refuse(Capability.Supply) is { } refused)
        {
            return refused;
        }
        if (query.CheckStatus() is { } invalid)
        {
            return invalid;
        }
        return new SheetDownload($"packing-list-{BusinessDate.Today(clock):yyyyMMdd}.{format.Extension()}", format, async (output, cancellationToken) =>
        {
            var rows = await shipments.PackingListAsync(query with { Status = query.Status ?? nameof(ShipmentStatus.Pending) }, MaxPackingRows, cancellationToken);
            await sheets.WriteAsync(rows, format, labels, output, cancellationToken);
            logger.LogInformation("Supplier {SupplierId} exported a packing list of {Rows} parcels ({Format})", user.SupplierId, rows.Count, format);
        });
    }
}
