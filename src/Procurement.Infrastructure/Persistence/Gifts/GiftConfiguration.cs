using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Gifts;

namespace Procurement.Infrastructure.Persistence.Gifts;

public sealed class GiftCodeConfiguration : IEntityTypeConfiguration<GiftCode>
{
    public void Configure(EntityTypeBuilder<GiftCode> builder)
    {
        builder.ToTable("GiftCodes");
        // The code is the key: unique by construction, and the member's lookup is one index seek whether or not it exists.
        builder.HasKey(g => g.Code);
        builder.Property(g => g.Code).HasMaxLength(GiftCodes.Length).IsUnicode(false);
        builder.Property(g => g.ProvinceCode).HasMaxLength(6).IsUnicode(false);
        builder.Property(g => g.CityCode).HasMaxLength(6).IsUnicode(false);
        builder.Property(g => g.DistrictCode).HasMaxLength(6).IsUnicode(false);
        builder.Property(g => g.Address).HasMaxLength(GiftCode.MaxAddressLength);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasOne<Core.Ordering.Order>().WithMany().HasForeignKey(g => g.OrderId).OnDelete(DeleteBehavior.Cascade);
        // One code per recipient; the counts per option and the deadline's set-based statements go by order and choice.
        builder.HasIndex(g => new { g.OrderId, g.RecipientRow }).IsUnique();
        builder.HasIndex(g => new { g.OrderId, g.ChosenOption });
    }
}

public sealed class MemberMessageConfiguration : IEntityTypeConfiguration<MemberMessage>
{
    public void Configure(EntityTypeBuilder<MemberMessage> builder)
    {
        builder.ToTable("MemberMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Mobile).HasMaxLength(11).IsUnicode(false).IsRequired();
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(12).IsUnicode(false);
        builder.Property(m => m.Text).HasMaxLength(500).IsRequired();
        builder.Property(m => m.Attempts).HasDefaultValue(0);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(100);
        builder.Property(m => m.Failure).HasMaxLength(500);
        builder.HasIndex(m => new { m.OrderId, m.Kind });
        // The delivery run's claim: messages not sent yet, oldest first.
        builder.HasIndex(m => new { m.SentAt, m.Attempts, m.Id });
    }
}
