using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Suppliers;

namespace Procurement.Infrastructure.Persistence.Suppliers;

/// <summary>Notices through the context's tenant filter: a supplier user reads only its supplier's.</summary>
public sealed class SupplierNotices(ProcurementDbContext db) : ISupplierNotices
{
    public void Add(SupplierNotice notice) => db.SupplierNotices.Add(notice);

    public async Task<IReadOnlyList<SupplierNotice>> RecentAsync(int take, CancellationToken cancellationToken) =>
        await db.SupplierNotices.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken) =>
        db.SupplierNotices.CountAsync(n => n.ReadAt == null, cancellationToken);

    /// <summary>One set-based statement, through the tenant filter: only the caller's own notices are marked.</summary>
    public Task MarkAllReadAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        db.SupplierNotices.Where(n => n.ReadAt == null).ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, at), cancellationToken);
}

public sealed class SupplierNoticeConfiguration : IEntityTypeConfiguration<SupplierNotice>
{
    public void Configure(EntityTypeBuilder<SupplierNotice> builder)
    {
        builder.ToTable("SupplierNotices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.ProductName).HasMaxLength(100).IsRequired();
        builder.Property(n => n.Detail).HasMaxLength(500);
        builder.Ignore(n => n.Message);
        builder.HasOne<Supplier>().WithMany().HasForeignKey(n => n.SupplierId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.SupplierId, n.CreatedAt });
    }
}
