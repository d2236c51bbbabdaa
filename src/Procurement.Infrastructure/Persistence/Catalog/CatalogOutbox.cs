using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Persistence.Catalog;

public sealed class CatalogOutbox(ProcurementDbContext db) : ICatalogOutbox
{
    public async Task<IReadOnlyList<CatalogChange>> PeekAsync(int max, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.CatalogOutbox.AsNoTracking().Where(e => e.RetryAt == null || e.RetryAt <= now).OrderBy(e => e.Id).Take(max)
            .Select(e => new CatalogChange(e.Id, e.ProductId, e.Attempts)).ToListAsync(cancellationToken);

    // Ids go as one JSON parameter (json_each / OPENJSON): a batch of 2,000 would otherwise be 2,000 parameters.
    public Task RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        return db.CatalogOutbox.Where(e => EF.Parameter(list).Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    public Task PostponeAsync(IReadOnlyCollection<long> ids, int attempts, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        return db.CatalogOutbox.Where(e => EF.Parameter(list).Contains(e.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, attempts).SetProperty(e => e.RetryAt, retryAt), cancellationToken);
    }

    public Task DeadLetterAsync(CatalogDeadLetter letter, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.Database.InTransactionAsync(async transaction =>
        {
            db.CatalogDeadLetters.Add(new CatalogDeadLetterEntry
            {
                ProductId = letter.ProductId,
                Error = letter.Error,
                Attempts = letter.Attempts,
                FailedAt = letter.FailedAt,
            });
            await db.SaveChangesAsync(cancellationToken);
            await RemoveAsync(ids, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    public async Task<DateTimeOffset?> OldestAsync(CancellationToken cancellationToken) =>
        await db.CatalogOutbox.OrderBy(e => e.Id).Select(e => (DateTimeOffset?)e.EnqueuedAt).FirstOrDefaultAsync(cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken) => db.CatalogOutbox.CountAsync(cancellationToken);

    // Any supplier's product: only admins and the system read this.
    public async Task<IReadOnlyList<CatalogDeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken) =>
        await (from e in db.CatalogDeadLetters.AsNoTracking()
               join p in db.Products.IgnoreQueryFilters() on e.ProductId equals p.Id into products
               from p in products.DefaultIfEmpty()
               orderby e.Id descending
               select new CatalogDeadLetter(e.ProductId, e.Error, e.Attempts, e.FailedAt, p == null ? "" : p.Name))
            .Take(max).ToListAsync(cancellationToken);

    public Task<int> RequeueDeadLettersAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.InTransactionAsync(async transaction =>
        {
            var letters = await db.CatalogDeadLetters.ToListAsync(cancellationToken);
            if (letters.Count == 0)
            {
                return 0;
            }
            db.CatalogOutbox.AddRange(letters.Select(l => l.ProductId).Distinct().Select(id => new CatalogOutboxEntry { ProductId = id, EnqueuedAt = now }));
            db.CatalogDeadLetters.RemoveRange(letters);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return letters.Count;
        }, cancellationToken);
}

/// <summary>Leases as rows: taken by one conditional UPDATE (free, expired, or already ours), or by the INSERT that creates the row.</summary>
public sealed class Leases(ProcurementDbContext db, TimeProvider clock) : ILeases
{
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + duration;
        var taken = await db.Leases.Where(l => l.Name == name && (l.ExpiresAt <= now || l.Holder == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }
        var entry = new LeaseEntry { Name = name, Holder = holder, ExpiresAt = until };
        db.Leases.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (DbErrors.ConflictOf(exception) is not null)
        {
            // Another instance created the row first: it holds the lease.
            db.Entry(entry).State = EntityState.Detached;
            return false;
        }
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Leases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), cancellationToken);
    }
}
