using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>A row of the search outbox; see <see cref="Core.Catalog.Search.ICatalogOutbox"/>.</summary>
public sealed class CatalogOutboxEntry
{
    public long Id { get; set; }
    public Guid ProductId { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
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
