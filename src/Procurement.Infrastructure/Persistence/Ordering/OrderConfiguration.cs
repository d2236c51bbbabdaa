using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Ordering;

namespace Procurement.Infrastructure.Persistence.Ordering;

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("Orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Number).HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(o => o.Occasion).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(o => o.Note).HasMaxLength(Order.MaxNoteLength);
        builder.Property(o => o.Reference).HasMaxLength(Order.MaxReferenceLength);
        builder.Property(o => o.Total).HasPrecision(18, 2);
        builder.Property(o => o.PackageValue).HasPrecision(18, 2);
        // Every transition bumps it: two deciders, or a decider and the expiry job, cannot both move one order.
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasOne<Core.Unions.Union>().WithMany().HasForeignKey(o => o.UnionId).OnDelete(DeleteBehavior.Restrict);
        // The union's list (newest first, by state) and the expiry job's scan (approved, oldest approval first).
        builder.HasIndex(o => new { o.UnionId, o.CreatedAt });
        builder.HasIndex(o => new { o.Status, o.ApprovedAt });
        builder.HasIndex(o => new { o.UnionId, o.BudgetYear });

        builder.OwnsMany(o => o.Lines, line =>
        {
            line.ToTable("OrderLines");
            line.WithOwner().HasForeignKey("OrderId");
            line.Property<int>("Id");
            line.HasKey("Id");
            line.Property(l => l.SkuCode).HasMaxLength(40).IsUnicode(false).IsRequired();
            line.Property(l => l.ProductName).HasMaxLength(100).IsRequired();
            line.Property(l => l.UnitPrice).HasPrecision(18, 2);
            line.Property(l => l.OriginCityCode).HasMaxLength(6).IsUnicode(false);
            line.Property(l => l.OriginCountyCode).HasMaxLength(6).IsUnicode(false).HasDefaultValue("");
            line.Ignore(l => l.Amount);
            line.HasIndex(l => l.SkuId);
        });
        builder.Navigation(o => o.Lines).HasField("_lines");

        builder.OwnsMany(o => o.Timeline, step =>
        {
            step.ToTable("OrderTransitions");
            step.WithOwner().HasForeignKey("OrderId");
            step.Property<int>("Id");
            step.HasKey("Id");
            step.Property(t => t.From).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
            step.Property(t => t.To).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
            step.Property(t => t.Reason).HasMaxLength(Order.MaxReasonLength);
        });
        builder.Navigation(o => o.Timeline).HasField("_timeline");

        // Member choice (#24): the mode (existing rows are standard orders), and the options as a child table with their lines.
        builder.Property(o => o.Mode).HasConversion<string>().HasMaxLength(10).IsUnicode(false).HasDefaultValue(OrderMode.Standard).HasSentinel(OrderMode.Standard);
        // The deadline job's scan: paid choice orders whose deadline has come.
        builder.HasIndex(o => new { o.Mode, o.Status, o.ChoiceDeadline });
        builder.OwnsMany(o => o.Options, option =>
        {
            option.ToTable("OrderOptions");
            option.WithOwner().HasForeignKey("OrderId");
            option.Property(x => x.Index).HasColumnName("OptionIndex").ValueGeneratedNever();
            option.HasKey("OrderId", nameof(OrderOption.Index));
            option.Property(x => x.Name).HasMaxLength(OrderOption.MaxNameLength).IsRequired();
            option.Ignore(x => x.PackageValue);
            option.OwnsMany(x => x.Lines, line =>
            {
                line.ToTable("OrderOptionLines");
                line.WithOwner().HasForeignKey("OrderId", "OptionIndex");
                line.Property<int>("Id");
                line.HasKey("Id");
                line.Property(l => l.SkuCode).HasMaxLength(40).IsUnicode(false).IsRequired();
                line.Property(l => l.ProductName).HasMaxLength(100).IsRequired();
                line.Property(l => l.UnitPrice).HasPrecision(18, 2);
                line.Property(l => l.OriginCityCode).HasMaxLength(6).IsUnicode(false);
                line.Property(l => l.OriginCountyCode).HasMaxLength(6).IsUnicode(false).HasDefaultValue("");
                line.Ignore(l => l.Amount);
            });
            option.Navigation(x => x.Lines).HasField("_lines");
        });
        builder.Navigation(o => o.Options).HasField("_options");
    }
}

public sealed class RecipientConfiguration : IEntityTypeConfiguration<Recipient>
{
    public void Configure(EntityTypeBuilder<Recipient> builder)
    {
        builder.ToTable("OrderRecipients");
        builder.HasKey(r => new { r.OrderId, r.Row });
        builder.Property(r => r.Name).HasMaxLength(Recipient.MaxNameLength).IsRequired();
        builder.Property(r => r.Mobile).HasMaxLength(11).IsUnicode(false).IsRequired();
        builder.Property(r => r.ProvinceCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(r => r.CityCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(r => r.DistrictCode).HasMaxLength(6).IsUnicode(false).IsRequired();
        builder.Property(r => r.Address).HasMaxLength(Recipient.MaxAddressLength).IsRequired();
        builder.Ignore(r => r.RegionLabel);
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
        // A member appears once per order; the cap statements join the usage rows on it.
        builder.HasIndex(r => new { r.OrderId, r.Mobile }).IsUnique();
        // The dashboard names members near their cap by their mobile within the union.
        builder.HasIndex(r => new { r.UnionId, r.Mobile });
    }
}

public sealed class OrderIdempotencyKeyConfiguration : IEntityTypeConfiguration<OrderIdempotencyKey>
{
    public void Configure(EntityTypeBuilder<OrderIdempotencyKey> builder)
    {
        builder.ToTable("OrderIdempotencyKeys");
        builder.HasKey(k => new { k.UserId, k.Key });
        builder.Property(k => k.Key).HasMaxLength(OrderIdempotencyKey.MaxKeyLength);
        builder.Property(k => k.BodyHash).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.HasIndex(k => k.CreatedAt);
    }
}
