using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;
using Procurement.Core.Unions;

namespace Procurement.UnitTests.Payments;

/// <summary>What a webhook answers when its commit fails: a duplicate if another delivery kept the event, else a retry, never a silent loss.</summary>
public sealed class PaymentEventsTests
{
    private sealed class Log(bool seenAfterConflict) : IPaymentEventLog
    {
        private int _asked;
        public Payment? Payment { get; init; }

        public Task<bool> SeenAsync(string eventId, CancellationToken cancellationToken) => Task.FromResult(_asked++ > 0 && seenAfterConflict);

        public void Record(string eventId, string type, string apiVersion, DateTimeOffset at)
        {
        }

        public Task<Payment?> FindByProviderIdAsync(string providerPaymentId, CancellationToken cancellationToken) => Task.FromResult(Payment);
        public Task<Payment?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken) => Task.FromResult<Payment?>(null);
    }

    private sealed class FailingCommit : IUnitOfWork
    {
        public Task<Error?> CommitAsync(CancellationToken cancellationToken) => Task.FromResult<Error?>(Conflicts.Changed());
    }

    private sealed class NoOrders : IOrderStore
    {
        public void Add(Order order) => throw new NotSupportedException();
        public void AddKey(OrderIdempotencyKey key) => throw new NotSupportedException();
        public Task<Order?> FindAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<Order?>(null);
        public Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(false);
        public Task<Order?> FindForShipmentAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<Order?>(null);
        public Task<OrderIdempotencyKey?> FindKeyAsync(Guid userId, string key, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string> NextNumberAsync(DateOnly businessDate, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyDictionary<Guid, OrderableSku>> OrderableSkusAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<Paged<OrderSummary>> ListAsync(OrderListQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>> ExpiredReservationsAsync(DateTimeOffset approvedBefore, int max, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyDictionary<Guid, string>> UserNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<int> PurgeKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<decimal> CommittedAsync(Guid unionId, int year, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>> DeliveredBeforeAsync(DateTimeOffset deliveredBefore, int max, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoCommitments : IOrderCommitments
    {
        public void Reserve(Order order, Union union, int year) => throw new NotSupportedException();
        public void Release(Order order) => throw new NotSupportedException();
        public void Sell(Order order) => throw new NotSupportedException();
        public void GiveBack(Order order) => throw new NotSupportedException();
        public void GiveBackPackages(Order order, string mobile, decimal value, IReadOnlyList<(OrderLine Line, int Quantity)> lines) => throw new NotSupportedException();
    }

    private static PaymentEvent Failed() => new("evt_1", PaymentEventKind.Failed, "payment_intent.payment_failed", "2026-10-28.endive", "pi_1", null, 100, "cny", "declined");

    private static PaymentEvents Handler(Log log) =>
        new(log, new NoOrders(), new NoCommitments(), null!, null!, null!, null!, null!, null!, null!, new FailingCommit(), TimeProvider.System, NullLogger<PaymentEvents>.Instance, null!);

    private static Payment Attempt()
    {
        var payment = new Payment(Guid.NewGuid(), Guid.NewGuid(), PaymentMethod.Online, 1m, "pi_1", null, DateTimeOffset.UtcNow);
        return payment;
    }

    [Fact]
    public async Task A_commit_lost_to_another_delivery_of_the_same_event_is_a_duplicate()
    {
        Assert.Equal(PaymentEventOutcome.Duplicate, await Handler(new Log(seenAfterConflict: true) { Payment = Attempt() }).HandleAsync(Failed(), CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_lost_to_any_other_change_asks_for_a_retry()
    {
        Assert.Equal(PaymentEventOutcome.Retry, await Handler(new Log(seenAfterConflict: false) { Payment = Attempt() }).HandleAsync(Failed(), CancellationToken.None));
    }

    [Fact]
    public void A_failure_after_success_never_unpays_and_a_wrong_amount_is_flagged()
    {
        var wrong = Attempt();
        Assert.False(wrong.ProviderSucceeded(0.99m, DateTimeOffset.UtcNow));
        Assert.Equal((PaymentStatus.Pending, PaymentFlag.WrongAmount, 0.99m), (wrong.Status, wrong.Flag, wrong.UnappliedAmount));
        // The same wrong amount reported again (a checkout reports it twice) changes nothing.
        Assert.False(wrong.ProviderSucceeded(0.99m, DateTimeOffset.UtcNow));
        Assert.Equal(0.99m, wrong.Received);
        var payment = Attempt();
        Assert.True(payment.ProviderSucceeded(1m, DateTimeOffset.UtcNow));
        payment.ProviderFailed(ProviderOutcome.Failed, "late");
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.False(payment.ProviderSucceeded(1m, DateTimeOffset.UtcNow));
    }
}
