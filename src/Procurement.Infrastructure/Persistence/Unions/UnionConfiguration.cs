using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Unions;

namespace Procurement.Infrastructure.Persistence.Unions;

public sealed class UnionConfiguration : IEntityTypeConfiguration<Union>
{
    public void Configure(EntityTypeBuilder<Union> builder)
    {
        builder.ToTable("Unions");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Name).HasMaxLength(100).IsRequired();
        builder.Property(u => u.Uscc).HasMaxLength(18).IsUnicode(false).IsRequired();
        builder.HasIndex(u => u.Uscc).IsUnique();
        builder.Property(u => u.ProvinceCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(u => u.AnnualCapPerMember).HasPrecision(18, 2);
        builder.Property(u => u.ApprovalThreshold).HasPrecision(18, 2);
        builder.Property(u => u.TargetCertifiedShare).HasPrecision(5, 4);
        builder.HasOne<Union>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(u => u.Budgets, budget =>
        {
            budget.ToTable("UnionBudgets");
            budget.WithOwner().HasForeignKey("UnionId");
            budget.HasKey("UnionId", nameof(UnionBudget.Year));
            budget.Property(b => b.Amount).HasPrecision(18, 2);
        });
        builder.Navigation(u => u.Budgets).HasField("_budgets");
    }
}
