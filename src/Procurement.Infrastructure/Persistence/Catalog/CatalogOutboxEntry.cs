using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>A row of the search outbox; see <see cref="Core.Catalog.Search.ICatalogOutbox"/>.</summary>
public sealed class CatalogOutboxEntry
{
    public long Id { get; set; }
    public Guid ProductId { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }

    /// <summary>Failed indexing attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not before this (after a failure); null: at once.</summary>
    public DateTimeOffset? RetryAt { get; set; }
}

/// <summary>A product the index kept refusing (see <see cref="Core.Catalog.Search.CatalogDeadLetter"/>).</summary>
public sealed class CatalogDeadLetterEntry
{
    public long Id { get; set; }
    public Guid ProductId { get; set; }
    public string Error { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset FailedAt { get; set; }
}

/// <summary>A named lease: who holds it, until when (see <see cref="Core.Catalog.Search.ILeases"/>).</summary>
public sealed class LeaseEntry
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class CatalogOutboxEntryConfiguration : IEntityTypeConfiguration<CatalogOutboxEntry>
{
    public void Configure(EntityTypeBuilder<CatalogOutboxEntry> builder)
    {
        builder.ToTable("CatalogOutbox");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
    }
}

public sealed class CatalogDeadLetterEntryConfiguration : IEntityTypeConfiguration<CatalogDeadLetterEntry>
{
    public void Configure(EntityTypeBuilder<CatalogDeadLetterEntry> builder)
    {
        builder.ToTable("CatalogDeadLetters");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Error).HasMaxLength(1000).IsRequired();
        builder.HasIndex(e => e.ProductId);
    }
}

public sealed class LeaseEntryConfiguration : IEntityTypeConfiguration<LeaseEntry>
{
    public void Configure(EntityTypeBuilder<LeaseEntry> builder)
    {
        builder.ToTable("Leases");
        builder.HasKey(e => e.Name);
        builder.Property(e => e.Name).HasMaxLength(100).IsUnicode(false);
        builder.Property(e => e.Holder).HasMaxLength(200).IsUnicode(false).IsRequired();
    }
}
