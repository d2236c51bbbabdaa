using Microsoft.EntityFrameworkCore;
using Procurement.Core.Gifts;

namespace Procurement.Infrastructure.Persistence.Gifts;

/// <summary>
/// The member messages as the delivery run reads and marks them (as the system: past the union filter). A run claims
/// its batch with one conditional <c>UPDATE</c> that stamps a claim time of its own, then reads back what it holds:
/// a message another run holds (its claim not yet over) or one already sent is never claimed again.
/// </summary>
public sealed class MemberMessageOutbox(ProcurementDbContext db) : IMemberMessageOutbox
{
    public async Task<IReadOnlyList<SmsMessage>> ClaimAsync(DateTimeOffset now, DateTimeOffset until, int max, int maxAttempts, CancellationToken cancellationToken)
    {
        // A claim time no other run shares (a few ticks of its own), so this run reads back only its own batch.
        var mine = until.AddTicks(Random.Shared.Next(1, 1_000_000));
        var messages = db.MemberMessages.IgnoreQueryFilters();
        var candidates = await messages.Where(m => m.SentAt == null && m.Attempts < maxAttempts && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(max).ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }
        await messages.Where(m => candidates.Contains(m.Id) && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClaimedUntil, mine), cancellationToken);
        return await messages.AsNoTracking().Where(m => m.ClaimedUntil == mine).OrderBy(m => m.Id)
            .Select(m => new SmsMessage(m.Id, m.Mobile, m.Text)).ToListAsync(cancellationToken);
    }

    public Task RecordAsync(long id, SmsOutcome outcome, DateTimeOffset at, int maxAttempts, CancellationToken cancellationToken)
    {
        var message = db.MemberMessages.IgnoreQueryFilters().Where(m => m.Id == id && m.SentAt == null);
        var failure = outcome.Failure is { Length: > 500 } text ? text[..500] : outcome.Failure;
        var providerId = outcome.ProviderMessageId is { Length: > 100 } id100 ? id100[..100] : outcome.ProviderMessageId;
        return outcome.Sent
            ? message.ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, at).SetProperty(m => m.ProviderMessageId, providerId)
                .SetProperty(m => m.Failure, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), cancellationToken)
            : message.ExecuteUpdateAsync(u => u.SetProperty(m => m.Attempts, m => outcome.Permanent ? maxAttempts : m.Attempts + 1)
                .SetProperty(m => m.Failure, failure).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
    }
}
