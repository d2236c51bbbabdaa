using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Catalog;
using Procurement.Core.Suppliers;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(100).IsRequired();
        builder.Property(p => p.CategoryCode).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.Property(p => p.CountyCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(p => p.Description).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.RejectionReason).HasMaxLength(500);
        builder.Property(p => p.ImageUrl).HasMaxLength(300);
        builder.Property(p => p.ApprovedContentJson);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.Status, p.SubmittedAt });
        builder.HasOne<Supplier>().WithMany().HasForeignKey(p => p.SupplierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.SupplierId, p.Status });
        builder.OwnsOne(p => p.Certificate, certificate =>
        {
            certificate.Property(c => c.Number).HasMaxLength(50).HasColumnName("CertificateNumber");
            certificate.Property(c => c.Issuer).HasMaxLength(100).HasColumnName("CertificateIssuer");
            certificate.Property(c => c.ValidFrom).HasColumnName("CertificateValidFrom");
            certificate.Property(c => c.ValidTo).HasColumnName("CertificateValidTo");
        });
        builder.HasMany(p => p.Skus).WithOne().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Skus).HasField("_skus");
        builder.HasMany(p => p.Images).WithOne().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        // Images is an ordered copy; EF reads and writes the list behind it.
        builder.Navigation(p => p.Images).HasField("_images").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.Content);
        builder.Ignore(p => p.ApprovedContent);
        builder.Ignore(p => p.MinPrice);
        builder.Ignore(p => p.MaxPrice);
    }
}
