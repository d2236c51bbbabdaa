using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Procurement.Infrastructure.Persistence.Ordering;

/// <summary>
/// The last order sequence given out on a Beijing business date (<c>yyyyMMdd</c>), incremented by one statement so
/// numbers stay unique across processes.
/// </summary>
public sealed class OrderNumberCounter
{
    public string Day { get; set; } = "";
    public int Last { get; set; }
}

/// <summary>
/// What a union's submitted, approved and paid orders commit against its budget for a year, in 分. Changed only by
/// conditional statements (<c>Committed + total ≤ budget</c>), so two orders that each fit but not together cannot
/// both pass. Fen, not decimal: SQLite has no exact decimal arithmetic, and the guard must be exact on both databases.
/// </summary>
public sealed class UnionBudgetUsage
{
    public Guid UnionId { get; set; }
    public int Year { get; set; }
    public long CommittedFen { get; set; }
}

/// <summary>What one member (a mobile number within a union) has received in a year, in 分, guarded like the budget.</summary>
public sealed class MemberWelfareUsage
{
    public Guid UnionId { get; set; }
    public int Year { get; set; }
    public string Mobile { get; set; } = "";
    public long UsedFen { get; set; }
}

public sealed class CountersConfiguration :
    IEntityTypeConfiguration<OrderNumberCounter>, IEntityTypeConfiguration<UnionBudgetUsage>, IEntityTypeConfiguration<MemberWelfareUsage>
{
    public void Configure(EntityTypeBuilder<OrderNumberCounter> builder)
    {
        builder.ToTable("OrderNumberCounters");
        builder.HasKey(c => c.Day);
        builder.Property(c => c.Day).HasMaxLength(8).IsUnicode(false);
    }

    public void Configure(EntityTypeBuilder<UnionBudgetUsage> builder)
    {
        builder.ToTable("UnionBudgetUsages");
        builder.HasKey(u => new { u.UnionId, u.Year });
    }

    public void Configure(EntityTypeBuilder<MemberWelfareUsage> builder)
    {
        builder.ToTable("MemberWelfareUsages");
        builder.HasKey(u => new { u.UnionId, u.Year, u.Mobile });
        builder.Property(u => u.Mobile).HasMaxLength(11).IsUnicode(false);
    }
}
