using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Catalog;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> builder)
    {
        builder.ToTable("ProductImages");
        builder.HasKey(i => i.Id);
        // Ids are made by the domain: a new image added to a loaded product must be inserted, not taken for an existing row.
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Hash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.HasIndex(i => new { i.ProductId, i.Position });
        builder.Ignore(i => i.ThumbnailUrl);
        builder.Ignore(i => i.DetailUrl);
    }
}
