using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Catalog;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>
{
    public void Configure(EntityTypeBuilder<Sku> builder)
    {
        builder.ToTable("Skus");
        builder.HasKey(s => s.Id);
        // Ids are made by the domain: a SKU added to a loaded product must be inserted, not taken for an existing row.
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Code).HasMaxLength(40).IsUnicode(false).IsRequired();
        builder.Property(s => s.Spec).HasMaxLength(60).IsRequired();
        builder.Property(s => s.Price).HasPrecision(18, 2);
        // Stock rows are contended (editors, imports, reservations): every write must prove it saw the latest version.
        builder.Property(s => s.Version).IsConcurrencyToken();
        // SKU codes are the supplier's own stock keys (imports match on them): unique per supplier.
        builder.HasIndex(s => new { s.SupplierId, s.Code }).IsUnique();
        builder.Ignore(s => s.Available);
        builder.OwnsMany(s => s.TierPrices, tier =>
        {
            tier.ToTable("SkuTierPrices");
            tier.WithOwner().HasForeignKey("SkuId");
            tier.HasKey("SkuId", nameof(TierPrice.MinQuantity));
            tier.Property(t => t.Price).HasPrecision(18, 2);
        });
        builder.Navigation(s => s.TierPrices).HasField("_tierPrices");
    }
}
