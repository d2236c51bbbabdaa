using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Infrastructure.Search;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Jobs;

/// <summary>The recurring jobs of docs/design.md's job table, registered (or updated) at start-up.</summary>
public static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        // The continuous worker drains the search outbox; this catches anything it missed (a crash mid-batch).
        jobs.AddOrUpdate<CatalogIndexSyncJob>("catalog-index-sync", job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        // 00:10 Beijing time, just after certificates dated "valid to yesterday" have ended.
        jobs.AddOrUpdate<CertificateExpiryJob>("certificate-expiry", job => job.RunAsync(CancellationToken.None), "10 0 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // 03:40 Beijing time: expired refresh tokens, used or not.
        jobs.AddOrUpdate<RefreshTokenPurgeJob>("refresh-token-purge", job => job.RunAsync(CancellationToken.None), "40 3 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // Approved orders unpaid past Ordering:ReservationHours let their stock, budget and caps go.
        jobs.AddOrUpdate<ReleaseExpiredReservationsJob>("release-expired-reservations", job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        // 03:50 Beijing time: order idempotency keys past the window in which a client may still retry.
        jobs.AddOrUpdate<IdempotencyKeyPurgeJob>("idempotency-key-purge", job => job.RunAsync(CancellationToken.None), "50 3 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // 02:30 Beijing time: delivered orders nobody confirmed within Fulfilment:CompleteAfterDays complete by themselves.
        jobs.AddOrUpdate<CompleteDeliveredOrdersJob>("complete-delivered-orders", job => job.RunAsync(CancellationToken.None), "30 2 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // 02:00 Beijing time: yesterday's JSGH statement, pulled page by page (when Partners:JSGH:BaseUrl is set).
        jobs.AddOrUpdate<Partners.PartnerStatementPullJob>("partner-statement-pull", job => job.RunAsync(CancellationToken.None), "0 2 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // 03:00 Beijing time, after the pull: each partner's previous business date reconciled.
        jobs.AddOrUpdate<Partners.PartnerReconcileDailyJob>("partner-reconcile", job => job.RunAsync(CancellationToken.None), "0 3 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // 05:00 Beijing time, after the night's jobs moved money: the daily proof of the books (docs/ledger.md).
        jobs.AddOrUpdate<Ledger.LedgerCheckJob>("ledger-check", job => job.RunAsync(CancellationToken.None), "0 5 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
        // Member choice (#24): choices close at their deadline (defaults, unused value back, parcels); reminders two days before.
        jobs.AddOrUpdate<GiftDeadlinesJob>("gift-deadlines", job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        // Member messages (codes, reminders) handed to the SMS provider where one is configured (Sms:Endpoint).
        jobs.AddOrUpdate<MemberMessagesJob>("member-messages", job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        // 04:30 Beijing time, when nobody uploads photos.
        jobs.AddOrUpdate<ImageSweepJob>("image-sweep", job => job.RunAsync(CancellationToken.None), "30 4 * * *",
            new RecurringJobOptions { TimeZone = BusinessDate.Zone });
    }
}

/// <summary>Deletes refresh tokens past their expiry and logs how many.</summary>
public sealed class RefreshTokenPurgeJob(Users.TokenIssuer tokens, ILogger<RefreshTokenPurgeJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var purged = await tokens.PurgeExpiredAsync(cancellationToken);
        logger.LogInformation("Refresh token purge: {Purged} expired tokens deleted", purged);
    }
}

/// <summary>
/// Deletes order idempotency keys older than <see cref="KeptFor"/>: a retry comes within minutes, so a month is
/// generous, and the table does not grow for ever.
/// </summary>
public sealed class IdempotencyKeyPurgeJob(Core.Ordering.IOrderStore orders, TimeProvider clock, ILogger<IdempotencyKeyPurgeJob> logger)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    [DisableConcurrentExecution(600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var purged = await orders.PurgeKeysAsync(clock.GetUtcNow() - KeptFor, cancellationToken);
        logger.LogInformation("Idempotency key purge: {Purged} keys older than {Days} days deleted", purged, KeptFor.TotalDays);
        return purged;
    }
}

/// <summary>Runs <see cref="ImageSweep"/> and logs what it did.</summary>
public sealed class ImageSweepJob(ImageSweep sweep, ILogger<ImageSweepJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await sweep.RunAsync(cancellationToken);
        logger.LogInformation("Image sweep: {Deleted} unused photos deleted", deleted);
    }
}

/// <summary>Runs <see cref="CertificateExpiry"/> and logs what it did.</summary>
public sealed class CertificateExpiryJob(CertificateExpiry expiry, ILogger<CertificateExpiryJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await expiry.RunAsync(cancellationToken);
        logger.LogInformation("Certificate expiry: {Warned} suppliers warned, {Expired} badges dropped", run.Warned, run.Expired);
    }
}

/// <summary>
/// Expires approved orders still unpaid after <c>Ordering:ReservationHours</c>: each in a system scope of its own
/// (its own unit of work), so one order's conflict (paid or cancelled meanwhile) never holds up the rest.
/// </summary>
public sealed class ReleaseExpiredReservationsJob(Core.Ordering.OrderWorkflow workflow, IServiceScopeFactory scopes, ILogger<ReleaseExpiredReservationsJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var released = await DueBatches.EachInSystemScopeAsync(scopes, workflow.DueForExpiryAsync,
            (Core.Ordering.OrderWorkflow w, Guid id, CancellationToken ct) => w.ExpireAsync(id, ct), cancellationToken);
        logger.LogInformation("Reservation expiry: {Released} unpaid orders cancelled and released", released);
        return released;
    }
}

/// <summary>
/// Completes delivered orders whose purchaser did not confirm within <c>Fulfilment:CompleteAfterDays</c>, through the
/// order workflow as the system, each in a system scope of its own.
/// </summary>
public sealed class CompleteDeliveredOrdersJob(Core.Ordering.OrderWorkflow workflow, Core.Fulfilment.FulfilmentOptions options, IServiceScopeFactory scopes,
    ILogger<CompleteDeliveredOrdersJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var after = options.CompleteAfter;
        var completed = await DueBatches.EachInSystemScopeAsync(scopes, (max, ct) => workflow.DueForCompletionAsync(after, max, ct),
            (Core.Ordering.OrderWorkflow w, Guid id, CancellationToken ct) => w.CompleteUnconfirmedAsync(id, after, ct), cancellationToken);
        logger.LogInformation("Order completion: {Completed} delivered orders completed automatically", completed);
        return completed;
    }
}

/// <summary>
/// Closes the choices of member-choice orders whose deadline has come, and reminds the members of orders two days
/// from theirs, each order in a system scope of its own (<see cref="Core.Gifts.GiftDeadlines"/>).
/// </summary>
public sealed class GiftDeadlinesJob(Core.Gifts.GiftDeadlines deadlines, IServiceScopeFactory scopes, ILogger<GiftDeadlinesJob> logger)
{
    [DisableConcurrentExecution(600)]
    public async Task<(int Closed, int Reminded)> RunAsync(CancellationToken cancellationToken)
    {
        var closed = await DueBatches.EachInSystemScopeAsync(scopes, deadlines.DueForClosingAsync,
            (Core.Gifts.GiftDeadlines d, Guid id, CancellationToken ct) => d.CloseAsync(id, ct), cancellationToken);
        var reminded = await DueBatches.EachInSystemScopeAsync(scopes, deadlines.DueForReminderAsync,
            (Core.Gifts.GiftDeadlines d, Guid id, CancellationToken ct) => d.RemindAsync(id, ct), cancellationToken);
        logger.LogInformation("Gift deadlines: {Closed} orders' choices closed, {Reminded} orders' members reminded", closed, reminded);
        return (closed, reminded);
    }
}

/// <summary>Delivers recorded member messages through the SMS provider, a batch at a time (nothing without a provider).</summary>
public sealed class MemberMessagesJob(Core.Gifts.MemberMessageDelivery delivery)
{
    [DisableConcurrentExecution(600)]
    public async Task<Core.Gifts.MemberMessageDelivery.Run> RunAsync(CancellationToken cancellationToken)
    {
        var total = new Core.Gifts.MemberMessageDelivery.Run(0, 0, 0);
        // Batch after batch while a full one was claimed: 20,000 codes go out in one run, not over a hundred minutes.
        for (var batch = 0; batch < 500; batch++)
        {
            var run = await delivery.DeliverAsync(cancellationToken);
            total = new(total.Sent + run.Sent, total.Refused + run.Refused, total.Unreached + run.Unreached);
            if (run.Sent + run.Refused + run.Unreached < Core.Gifts.MemberMessageDelivery.Batch)
            {
                break;
            }
        }
        return total;
    }
}
