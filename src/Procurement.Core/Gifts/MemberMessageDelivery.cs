using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Gifts;

/// <summary>One recorded message handed to the SMS provider: its id (the provider's idempotency key), the mobile and the text.</summary>
public sealed record SmsMessage(long Id, string Mobile, string Text);

/// <summary>
/// What the provider answered: taken (with its id), refused for good (a bad number, a text it will not carry), or not
/// reached (down, timed out: tried again on a later run).
/// </summary>
public sealed record SmsOutcome(bool Sent, bool Permanent, string? ProviderMessageId, string? Failure)
{
    public static SmsOutcome Taken(string? providerMessageId) => new(true, false, providerMessageId, null);
    public static SmsOutcome Refused(string failure) => new(false, true, null, failure);
    public static SmsOutcome Unreached(string failure) => new(false, false, null, failure);
}

/// <summary>The SMS provider's side: sends one text message to one mobile. Core names no vendor.</summary>
public interface ISmsGateway
{
    /// <summary>Whether a provider is configured; without one, messages are only recorded for the purchaser to see.</summary>
    bool Configured { get; }

    Task<SmsOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>The outbox of member messages as delivery reads and marks it: each change a conditional set-based update.</summary>
public interface IMemberMessageOutbox
{
    /// <summary>
    /// Claims up to <paramref name="max"/> messages not sent, not given up and not held by another run (oldest first),
    /// holding them until <paramref name="until"/>; answers the claimed ones.
    /// </summary>
    Task<IReadOnlyList<SmsMessage>> ClaimAsync(DateTimeOffset now, DateTimeOffset until, int max, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Records the provider's answer for a claimed message and lets the claim go.</summary>
    Task RecordAsync(long id, SmsOutcome outcome, DateTimeOffset at, int maxAttempts, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers recorded member messages (codes, reminders) through the SMS provider, as the system (the
/// <c>member-messages</c> job, every minute, only where a provider is configured). Each run claims a batch (so two runs
/// never send a message twice), hands each message to the provider with its id as the idempotency key, and records
/// what happened: sent, refused for good, or not reached (tried again next run, given up after
/// <see cref="MaxAttempts"/>). The purchaser's message list shows each message's state.
/// </summary>
public sealed class MemberMessageDelivery(IMemberMessageOutbox outbox, ISmsGateway gateway, ICurrentUser user, TimeProvider clock, ILogger<MemberMessageDelivery> logger)
{
    public const int MaxAttempts = 5;
    public const int Batch = 200;

    /// <summary>A claim lasts this long: longer than a batch takes, so a run that died lets its messages go after it.</summary>
    public static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

    public sealed record Run(int Sent, int Refused, int Unreached);

    public async Task<Run> DeliverAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is not null || !gateway.Configured)
        {
            return new Run(0, 0, 0);
        }
        var now = clock.GetUtcNow();
        var claimed = await outbox.ClaimAsync(now, now + Claim, Batch, MaxAttempts, cancellationToken);
        var (sent, refused, unreached) = (0, 0, 0);
        foreach (var message in claimed)
        {
            SmsOutcome outcome;
            try
            {
                outcome = await gateway.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                outcome = SmsOutcome.Unreached(e.GetType().Name);
            }
            await outbox.RecordAsync(message.Id, outcome, clock.GetUtcNow(), MaxAttempts, cancellationToken);
            if (outcome.Sent)
            {
                sent++;
            }
            else if (outcome.Permanent)
            {
                refused++;
                logger.LogWarning("Member message {MessageId} refused by the SMS provider: {Failure}", message.Id, outcome.Failure);
            }
            else
            {
                unreached++;
            }
        }
        if (claimed.Count > 0)
        {
            logger.LogInformation("Member messages: {Sent} sent, {Refused} refused, {Unreached} not reached of {Claimed} claimed", sent, refused, unreached, claimed.Count);
        }
        return new Run(sent, refused, unreached);
    }
}
