using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Common;
using Procurement.Core.Fulfilment;

namespace Procurement.Infrastructure.Persistence.Fulfilment;

/// <summary>After-sales cases through the context's filter: the union sees its orders' cases, the supplier its own.</summary>
public sealed class AfterSalesStore(ProcurementDbContext db) : IAfterSalesStore
{
    public void Add(AfterSalesCase afterSales) => db.AfterSalesCases.Add(afterSales);

    public Task<AfterSalesCase?> FindAsync(Guid id, CancellationToken cancellationToken) => db.AfterSalesCases.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<(bool Open, int Settled)> HistoryAsync(long shipmentId, CancellationToken cancellationToken)
    {
        var cases = await db.AfterSalesCases.AsNoTracking().Where(c => c.ShipmentId == shipmentId).Select(c => new { c.Status, c.Packages }).ToListAsync(cancellationToken);
        return (cases.Any(c => c.Status == AfterSalesStatus.Open), cases.Where(c => c.Status != AfterSalesStatus.Open).Sum(c => c.Packages));
    }

    public async Task<IReadOnlyList<AfterSalesView>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await ViewsAsync(db.AfterSalesCases.AsNoTracking().Where(c => c.OrderId == orderId).OrderByDescending(c => c.ReportedAt).ToListAsync(cancellationToken), cancellationToken);

    public async Task<Paged<AfterSalesView>> ListAsync(AfterSalesStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var cases = db.AfterSalesCases.AsNoTracking();
        if (status is { } wanted)
        {
            cases = cases.Where(c => c.Status == wanted);
        }
        var total = await cases.CountAsync(cancellationToken);
        var items = await ViewsAsync(cases.OrderBy(c => c.Status != AfterSalesStatus.Open).ThenByDescending(c => c.ReportedAt)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken), cancellationToken);
        return new Paged<AfterSalesView>(total, page, pageSize, items);
    }

    /// <summary>The cases with the parcel each resend made (a shipment carrying the case's id).</summary>
    private async Task<IReadOnlyList<AfterSalesView>> ViewsAsync(Task<List<AfterSalesCase>> loading, CancellationToken cancellationToken)
    {
        var cases = await loading;
        var ids = cases.Where(c => c.Status == AfterSalesStatus.Resent).Select(c => (Guid?)c.Id).ToList();
        var resends = ids.Count == 0
            ? []
            : await db.Shipments.AsNoTracking().Where(s => ids.Contains(s.CaseId)).Select(s => new { s.CaseId, s.Id }).ToDictionaryAsync(s => s.CaseId!.Value, s => s.Id, cancellationToken);
        return cases.Select(c => c.ToView(resends.TryGetValue(c.Id, out var id) ? id : null)).ToList();
    }
}

public sealed class AfterSalesCaseConfiguration : IEntityTypeConfiguration<AfterSalesCase>
{
    public void Configure(EntityTypeBuilder<AfterSalesCase> builder)
    {
        builder.ToTable("AfterSalesCases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.OrderNumber).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.Property(c => c.RecipientName).HasMaxLength(Core.Ordering.Recipient.MaxNameLength).IsRequired();
        builder.Property(c => c.Mobile).HasMaxLength(11).IsUnicode(false).IsRequired();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(c => c.Value).HasPrecision(18, 2);
        builder.Property(c => c.Description).HasMaxLength(AfterSalesCase.MaxDescriptionLength).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        // At most one open case per parcel, enforced by the database: eight reports of one parcel at once make one case.
        builder.HasIndex(c => c.ShipmentId, "IX_AfterSalesCases_OpenPerParcel").IsUnique().HasFilter("[Status] = 'Open'");
        builder.HasOne<Shipment>().WithMany().HasForeignKey(c => c.ShipmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.OrderId);
        builder.HasIndex(c => c.ShipmentId);
        builder.HasIndex(c => new { c.SupplierId, c.Status, c.ReportedAt });
        builder.OwnsMany(c => c.Timeline, step =>
        {
            step.ToTable("AfterSalesSteps");
            step.WithOwner().HasForeignKey("CaseId");
            step.Property<int>("Id");
            step.HasKey("Id");
            step.Property(s => s.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
            step.Property(s => s.Note).HasMaxLength(AfterSalesCase.MaxDescriptionLength);
        });
        builder.Navigation(c => c.Timeline).HasField("_timeline");
    }
}
