using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Suppliers;

namespace Procurement.Infrastructure.Persistence.Suppliers;

public sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> builder)
    {
        builder.ToTable("Suppliers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Uscc).HasMaxLength(18).IsUnicode(false).IsRequired();
        builder.HasIndex(s => s.Uscc).IsUnique();
        builder.Property(s => s.CountyCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(s => s.ContactName).HasMaxLength(50).IsRequired();
        builder.Property(s => s.ContactPhone).HasMaxLength(11).IsUnicode(false).IsRequired();
        builder.HasIndex(s => s.Name);
    }
}
