using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Sales;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class SalesDayConfiguration : IEntityTypeConfiguration<SalesDay>
{
    public void Configure(EntityTypeBuilder<SalesDay> builder)
    {
        builder.ToTable("SalesDays");
        builder.HasKey(d => new { d.ProductId, d.Day });
        // Fen, so that the recording's SQL adds integers (SQLite keeps decimals as text and would add them as floats).
        builder.Property(d => d.Amount).HasColumnName("AmountFen").HasConversion(v => Money.ToFen(v), v => Money.FromFen(v));
        builder.HasOne<Product>().WithMany().HasForeignKey(d => d.ProductId).OnDelete(DeleteBehavior.Cascade);
        // The dashboard reads one supplier's window.
        builder.HasIndex(d => new { d.SupplierId, d.Day });
    }
}
