using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Reporting;

namespace Procurement.Infrastructure.Persistence.Reporting;

/// <summary>
/// The report's daily aggregate: what a union's orders paid on one Beijing business date came to, by channel, Gansu
/// county and certification (帮扶 or not), net of refunds, in 分. Changed only by additive upserts
/// (<see cref="ReportingSql"/>) in the unit of work of the payment, refund or partner push that changes it.
/// </summary>
public sealed class ReportDailyFigure
{
    public Guid UnionId { get; set; }
    public DateOnly Day { get; set; }
    public string Channel { get; set; } = "";
    public string CountyCode { get; set; } = "";
    public bool Assisted { get; set; }
    public long AmountFen { get; set; }
    public int Orders { get; set; }
    public int Members { get; set; }
}

/// <summary>
/// A partner order that named a buyer's USCC: which union it was credited to (null: unknown, waiting for finance),
/// whether it counted as a sale when pushed, and its goods' value (for finance's list).
/// </summary>
public sealed class PartnerOrderCredit
{
    public Guid PartnerOrderId { get; set; }
    public string Partner { get; set; } = "";
    public string Uscc { get; set; } = "";
    public Guid? UnionId { get; set; }
    public bool Counted { get; set; }
    public long AmountFen { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A USCC finance matched to a union by hand: later pushes naming it count for that union.</summary>
public sealed class PartnerBuyerMatch
{
    public string Uscc { get; set; } = "";
    public Guid UnionId { get; set; }
    public Guid? MatchedBy { get; set; }
    public DateTimeOffset MatchedAt { get; set; }
}

public sealed class ReportingConfiguration :
    IEntityTypeConfiguration<ReportDailyFigure>, IEntityTypeConfiguration<PartnerOrderCredit>, IEntityTypeConfiguration<PartnerBuyerMatch>,
    IEntityTypeConfiguration<UnionTarget>
{
    public void Configure(EntityTypeBuilder<ReportDailyFigure> builder)
    {
        builder.ToTable("ReportDailyFigures");
        // The unique key every upsert lands on.
        builder.HasKey(f => new { f.UnionId, f.Day, f.Channel, f.CountyCode, f.Assisted });
        builder.Property(f => f.Channel).HasMaxLength(8).IsUnicode(false);
        builder.Property(f => f.CountyCode).HasMaxLength(6).IsUnicode(false);
        // The report reads a year of a subtree in two grouped passes: this index covers them (every column they read),
        // so each union's year is one range of the index, never a lookup into the table per row, and the pass by union
        // runs in the index's order without a sort (on a province of 1,000 unions: 19 ms against 150 ms, benchmarks.md).
        builder.HasIndex(f => new { f.UnionId, f.Day, f.Channel, f.CountyCode, f.Assisted, f.AmountFen, f.Orders, f.Members })
            .HasDatabaseName("IX_ReportDailyFigures_Covering");
    }

    public void Configure(EntityTypeBuilder<PartnerOrderCredit> builder)
    {
        builder.ToTable("PartnerOrderCredits");
        builder.HasKey(c => c.PartnerOrderId);
        builder.Property(c => c.PartnerOrderId).ValueGeneratedNever();
        builder.Property(c => c.Partner).HasMaxLength(8).IsUnicode(false);
        builder.Property(c => c.Uscc).HasMaxLength(18).IsUnicode(false);
        builder.HasIndex(c => new { c.Uscc, c.UnionId });
    }

    public void Configure(EntityTypeBuilder<PartnerBuyerMatch> builder)
    {
        builder.ToTable("PartnerBuyerMatches");
        builder.HasKey(m => m.Uscc);
        builder.Property(m => m.Uscc).HasMaxLength(18).IsUnicode(false);
    }

    public void Configure(EntityTypeBuilder<UnionTarget> builder)
    {
        builder.ToTable("UnionTargets");
        builder.HasKey(t => new { t.UnionId, t.Year });
        builder.Property(t => t.AssistanceTargetShare).HasPrecision(5, 4);
        builder.Property(t => t.ReservedAmount).HasPrecision(18, 2);
        builder.HasOne<Core.Unions.Union>().WithMany().HasForeignKey(t => t.UnionId).OnDelete(DeleteBehavior.Cascade);
    }
}
