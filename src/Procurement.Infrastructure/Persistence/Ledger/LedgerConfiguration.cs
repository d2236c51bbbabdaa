using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Procurement.Core.Ledger;

namespace Procurement.Infrastructure.Persistence.Ledger;

/// <summary>
/// An account's running totals, in 分. Kept by the database itself: a trigger on <c>LedgerLines</c> adds every line
/// inserted (by EF or by a set-based statement) in the same transaction, so the trial balance reads one row an
/// account however many entries there are. Nothing in the application writes it.
/// </summary>
public sealed class LedgerBalance
{
    public string Account { get; private set; } = "";
    public long DebitFen { get; private set; }
    public long CreditFen { get; private set; }
}

/// <summary>An account's movements on one Beijing business day (<c>yyyyMMdd</c>), kept by the same trigger: the trial balance "as of" a past day.</summary>
public sealed class LedgerDay
{
    public string Account { get; private set; } = "";
    public int Day { get; private set; }
    public long DebitFen { get; private set; }
    public long CreditFen { get; private set; }
}

public sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public const string AppendOnlyTrigger = "LedgerEntries_AppendOnly";

    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("LedgerEntries", t => t.HasTrigger(AppendOnlyTrigger));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Key).HasMaxLength(JournalEntry.MaxKeyLength).IsUnicode(false).IsRequired();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        builder.Property(e => e.Reference).HasMaxLength(JournalEntry.MaxReferenceLength).IsRequired();
        // One movement is booked once: a retried or concurrent operation posting it again is refused and rolls back.
        builder.HasIndex(e => e.Key).IsUnique();
        builder.HasIndex(e => new { e.OrderId, e.Id });
        builder.HasIndex(e => new { e.SupplierId, e.Id });
        builder.HasIndex(e => new { e.Day, e.Id });
        builder.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(e => e.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class JournalLineConfiguration : IEntityTypeConfiguration<JournalLine>
{
    public const string BalancesTrigger = "LedgerLines_Balances";
    public const string AppendOnlyTrigger = "LedgerLines_AppendOnly";

    public void Configure(EntityTypeBuilder<JournalLine> builder)
    {
        builder.ToTable("LedgerLines", t =>
        {
            t.HasTrigger(BalancesTrigger);
            t.HasTrigger(AppendOnlyTrigger);
        });
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedOnAdd();
        builder.Property(l => l.Account).HasMaxLength(60).IsUnicode(false).IsRequired();
        builder.Ignore(l => l.Debit);
        builder.Ignore(l => l.Credit);
        builder.HasIndex(l => new { l.EntryId, l.Line }).IsUnique();
        // An account's entries; an order's and a supplier's money trail and the daily proof's sums.
        builder.HasIndex(l => new { l.Account, l.EntryId });
        builder.HasIndex(l => new { l.OrderId, l.Account });
        builder.HasIndex(l => new { l.SupplierId, l.Account });
    }
}

public sealed class LedgerBalanceConfiguration : IEntityTypeConfiguration<LedgerBalance>
{
    public void Configure(EntityTypeBuilder<LedgerBalance> builder)
    {
        builder.ToTable("LedgerBalances");
        builder.HasKey(b => b.Account);
        builder.Property(b => b.Account).HasMaxLength(60).IsUnicode(false);
    }
}

public sealed class LedgerDayConfiguration : IEntityTypeConfiguration<LedgerDay>
{
    public void Configure(EntityTypeBuilder<LedgerDay> builder)
    {
        builder.ToTable("LedgerDays");
        builder.HasKey(d => new { d.Account, d.Day });
        builder.Property(d => d.Account).HasMaxLength(60).IsUnicode(false);
        builder.HasIndex(d => d.Day);
    }
}

/// <summary>Stages an entry in the operation's context: saved in the same transaction as the change it records.</summary>
public sealed class LedgerPostings(ProcurementDbContext db) : ILedger
{
    public void Post(JournalEntry entry) => db.JournalEntries.Add(entry);
}

public sealed class LedgerBreakConfiguration : IEntityTypeConfiguration<LedgerBreak>
{
    public void Configure(EntityTypeBuilder<LedgerBreak> builder)
    {
        builder.ToTable("LedgerBreaks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedOnAdd();
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(30).IsUnicode(false);
        builder.Property(b => b.Subject).HasMaxLength(LedgerBreak.MaxSubjectLength).IsRequired();
        builder.Property(b => b.Detail).HasMaxLength(LedgerBreak.MaxDetailLength).IsRequired();
        builder.Ignore(b => b.Open);
        // One open break per kind and subject: a later check updates it, or marks it resolved.
        builder.HasIndex(b => new { b.Kind, b.Subject }).IsUnique().HasFilter("[ResolvedAt] IS NULL");
        builder.HasIndex(b => b.ResolvedAt);
    }
}

public sealed class LedgerCheckRunConfiguration : IEntityTypeConfiguration<LedgerCheckRun>
{
    public void Configure(EntityTypeBuilder<LedgerCheckRun> builder)
    {
        builder.ToTable("LedgerCheckRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
    }
}
