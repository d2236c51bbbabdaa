using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Paperwork;

namespace Procurement.Infrastructure.Persistence.Paperwork;

/// <summary>
/// The invoices of orders paid before invoices existed (a database from before issue #22), made once after the
/// migrations by the live rules: one per supplier for its share of the order, less the after-sales refunds of its
/// packages (a case refunded), and nothing owed for an order refunded whole. The request is the union's name and USCC
/// (no profile or order request existed then). Orders that already have invoices are left alone, so it runs at every
/// start-up and does nothing once done.
/// </summary>
public sealed class InvoiceOpening(ProcurementDbContext db, TimeProvider clock, ILogger<InvoiceOpening> logger)
{
    private const int Batch = 500;
    private static readonly OrderStatus[] PaidStates = [OrderStatus.Paid, OrderStatus.Shipping, OrderStatus.Delivered, OrderStatus.Completed, OrderStatus.Refunded];

    public async Task<int> OweIfNeededAsync(CancellationToken cancellationToken)
    {
        var owed = 0;
        while (true)
        {
            var orders = await db.Orders.IgnoreQueryFilters()
                .Where(o => o.PaidAt != null && PaidStates.Contains(o.Status) && !db.Invoices.IgnoreQueryFilters().Any(i => i.OrderId == o.Id))
                .OrderBy(o => o.Id).Take(Batch).ToListAsync(cancellationToken);
            if (orders.Count == 0)
            {
                break;
            }
            var ids = orders.Select(o => o.Id).ToList();
            var unions = orders.Select(o => o.UnionId).Distinct().ToList();
            var names = await db.Unions.IgnoreQueryFilters().Where(u => unions.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.Name, u.Uscc), cancellationToken);
            var refunded = (await db.AfterSalesCases.IgnoreQueryFilters().Where(c => ids.Contains(c.OrderId) && c.RefundId != null)
                    .Select(c => new { c.OrderId, c.SupplierId, c.Packages, c.Value }).ToListAsync(cancellationToken))
                .GroupBy(c => (c.OrderId, c.SupplierId)).ToDictionary(g => g.Key, g => (Packages: g.Sum(c => c.Packages), Fen: g.Sum(c => Money.ToFen(c.Value))));
            var now = clock.GetUtcNow();
            foreach (var order in orders)
            {
                var (name, uscc) = names.GetValueOrDefault(order.UnionId, ("", ""));
                var request = new InvoiceRequestDetails(InvoiceType.Normal, name, uscc, null);
                foreach (var share in order.Lines.GroupBy(l => l.SupplierId).OrderBy(g => g.Key))
                {
                    var shareFen = Money.ToFen(share.Sum(l => l.Amount));
                    var back = order.Status == OrderStatus.Refunded ? (order.PackageCount, shareFen) : refunded.GetValueOrDefault((order.Id, share.Key));
                    var invoice = new Invoice(order.Id, order.Number, order.UnionId, share.Key, request, shareFen, now, order.DeliveredAt);
                    db.Invoices.Add(invoice);
                    db.Entry(invoice).Property(i => i.RefundedFen).CurrentValue = Math.Min(shareFen, back.Item2);
                    db.Entry(invoice).Property(i => i.RefundedPackages).CurrentValue = back.Item1;
                    if (shareFen - back.Item2 <= 0)
                    {
                        db.Entry(invoice).Property(i => i.Status).CurrentValue = InvoiceStatus.Voided;
                    }
                    owed++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        if (owed > 0)
        {
            logger.LogWarning("Invoices opened for orders paid before invoices existed: {Invoices} invoice(s) now owed or void by the live rules", owed);
        }
        return owed;
    }
}
