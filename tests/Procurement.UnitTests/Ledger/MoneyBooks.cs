using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Core.Payments;
using Procurement.Core.Settlement;

namespace Procurement.UnitTests.Ledger;

public enum OrderState
{
    Approved,
    Paid,
    Expired,
    Refunded,
}

public sealed class ParcelBook(long id, int supplier, long valueFen)
{
    public long Id { get; } = id;
    public int Supplier { get; } = supplier;
    public long ValueFen { get; } = valueFen;
    public bool Delivered { get; set; }
    public bool LostAndRefunded { get; set; }
    public bool AfterSalesDone { get; set; }
}

public sealed class OrderBook(int index, IReadOnlyList<ParcelBook> parcels)
{
    public Guid Id { get; } = Guid.NewGuid();
    public Guid UnionId { get; } = Guid.NewGuid();
    public string Number { get; } = $"PO-2026-{index:D4}";
    public IReadOnlyList<ParcelBook> Parcels { get; } = parcels;
    public long TotalFen => Parcels.Sum(p => p.ValueFen);
    public decimal Total => Money.FromFen(TotalFen);
    public OrderState State { get; set; }

    /// <summary>A parcel was delivered or refunded after sales: the order has shipped and can no longer be cancelled whole.</summary>
    public bool ParcelsMoved { get; set; }

    public Payment? OpenTransfer { get; set; }

    /// <summary>Closed: nothing can still be delivered or refunded out of the money held for it.</summary>
    public bool Closed => State != OrderState.Paid || Parcels.All(p => p.Delivered || p.LostAndRefunded);
}

public sealed class SupplierBook(int index)
{
    public Guid Id { get; } = Guid.NewGuid();
    public string Name { get; } = $"合作社 {index}";
    public int OpenMonth { get; set; } = 202601;
    public int MonthParcels { get; set; }
    public long MonthDeliveredFen { get; set; }
    public long MonthRefundsFen { get; set; }
    public long DeliveredFen { get; set; }
    public long RefundsFen { get; set; }
    public long FeesFen { get; set; }
    public long PayoutsFen { get; set; }
    public List<(SupplierSettlement Settlement, long PaidFen)> Settled { get; } = [];
}

/// <summary>
/// The money flows of PaymentEvents, TransferConfirmations, PaidOrderRefunds, AfterSalesResolution, DeliveryConfirmation,
/// FinanceRefunds, PaymentResolutions, MonthSettlement and SupplierPayouts, as they drive the real domain objects
/// (<see cref="Payment"/>, <see cref="Refund"/>, <see cref="RefundBooks"/>, <see cref="SupplierSettlement"/>) and the
/// posting rules (<see cref="Postings"/>), without the database: the model keeps its own figures beside them, for the
/// properties to compare with the ledger. A step the domain refuses is refused here too, and must post nothing.
/// </summary>
public sealed class MoneyBooks
{
    private static readonly Guid Clerk = Guid.NewGuid();
    private readonly RefundBooks _books;
    private DateTimeOffset _now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private int _attempts;

    private MoneyBooks(Story story)
    {
        _books = new RefundBooks(Refunds, Ledger);
        var parcel = 0L;
        Orders = story.Orders.Select((parcels, i) => new OrderBook(i, parcels.Select(p => new ParcelBook(++parcel, p.Supplier, p.ValueFen)).ToList())).ToList();
        Suppliers = Enumerable.Range(0, Story.Suppliers).Select(i => new SupplierBook(i)).ToList();
    }

    public MemoryLedger Ledger { get; } = new();
    public MemoryRefunds Refunds { get; } = new();
    public List<Payment> Payments { get; } = [];
    public HashSet<Guid> Confirmed { get; } = [];
    public List<OrderBook> Orders { get; }
    public List<SupplierBook> Suppliers { get; }

    /// <summary>Steps the domain refused that posted or recorded something anyway.</summary>
    public List<string> RefusedButBooked { get; } = [];

    public int RefusedSteps { get; private set; }

    public static MoneyBooks Run(Story story)
    {
        var books = new MoneyBooks(story);
        foreach (var step in story.Steps)
        {
            books._now = books._now.AddMinutes(7);
            books.Apply(step);
        }
        return books;
    }

    private void Apply(Step step)
    {
        var (entries, refunds) = (Ledger.Entries.Count, Refunds.All.Count);
        if (!Take(step))
        {
            RefusedSteps++;
            if (Ledger.Entries.Count != entries || Refunds.All.Count != refunds)
            {
                RefusedButBooked.Add(step.ToString());
            }
        }
    }

    /// <summary>False when the domain refused the step (or it does not apply in the story's state).</summary>
    private bool Take(Step step)
    {
        switch (step)
        {
            case PayOnline(var o, var off):
            {
                var order = Orders[o];
                var amount = Money.FromFen(order.TotalFen + off);
                if (amount <= 0m)
                {
                    return false;
                }
                var payment = new Payment(order.Id, order.UnionId, PaymentMethod.Online, order.Total, $"pi_{++_attempts}", null, _now);
                Payments.Add(payment);
                if (!payment.ProviderSucceeded(amount, _now))
                {
                    // A wrong amount pays nothing: it waits in suspense.
                    Ledger.Post(Postings.Unapplied(payment.Id, online: true, order.Id, order.Number, amount, _now));
                    return true;
                }
                if (order.State == OrderState.Approved)
                {
                    order.State = OrderState.Paid;
                    Ledger.Post(Postings.Received(payment.Id, order.Id, order.Number, payment.Received, _now));
                }
                else
                {
                    // Late: the order was cancelled, expired or paid by another attempt.
                    payment.Unapplied(payment.Received, _now);
                    Ledger.Post(Postings.Unapplied(payment.Id, online: true, order.Id, order.Number, payment.Received, _now));
                }
                return true;
            }
            case UnrecordedAttemptPaid(var o):
            {
                var order = Orders[o];
                var orphan = new Payment(order.Id, order.UnionId, PaymentMethod.Online, order.Total, $"pi_{++_attempts}", null, _now);
                orphan.Unapplied(order.Total, _now);
                Payments.Add(orphan);
                Ledger.Post(Postings.Unapplied(orphan.Id, online: true, order.Id, order.Number, orphan.Received, _now));
                return true;
            }
            case Expire(var o):
            {
                var order = Orders[o];
                if (order.State != OrderState.Approved)
                {
                    return false;
                }
                order.State = OrderState.Expired;
                return true;
            }
            case ReceiveTransfer(var o, var part, var fen):
            {
                var order = Orders[o];
                if (order.State != OrderState.Approved)
                {
                    return false;
                }
                var transfer = order.OpenTransfer ?? new Payment(order.Id, order.UnionId, PaymentMethod.BankTransfer, order.Total, order.Number, null, _now);
                var missing = Money.ToFen(transfer.Missing);
                var amountFen = part switch
                {
                    0 when missing > 1 => 1 + fen % (missing - 1),
                    0 or 1 => missing,
                    _ => missing + fen,
                };
                var received = transfer.Receive(Money.FromFen(amountFen), $"BANK-{fen}", _now, Clerk, _now);
                if (received.Error is not null)
                {
                    return false;
                }
                if (order.OpenTransfer is null)
                {
                    order.OpenTransfer = transfer;
                    Payments.Add(transfer);
                }
                Ledger.Post(Postings.TransferReceipt(transfer.Id, transfer.Receipts.Count, order.Id, $"BANK-{fen}", Money.FromFen(amountFen), _now, Clerk));
                if (received.Value)
                {
                    order.State = OrderState.Paid;
                    order.OpenTransfer = null;
                    Ledger.Post(Postings.Applied(transfer.Id, order.Id, order.Number, transfer.Amount, _now, Clerk));
                }
                return true;
            }
            case CancelPaid(var o):
            {
                var order = Orders[o];
                if (order.State != OrderState.Paid || order.ParcelsMoved || Paying(order) is not { } payment)
                {
                    return false;
                }
                if (_books.Decide(payment, order.Number, order.Total, LedgerAccount.Held, "取消", null, Clerk, _now).Error is not null)
                {
                    return false;
                }
                order.State = OrderState.Refunded;
                return true;
            }
            case Deliver(var o, var p):
            {
                var order = Orders[o];
                var parcel = order.Parcels[p % order.Parcels.Count];
                if (order.State != OrderState.Paid || parcel.Delivered || parcel.LostAndRefunded)
                {
                    return false;
                }
                var supplier = Suppliers[parcel.Supplier];
                parcel.Delivered = true;
                order.ParcelsMoved = true;
                Ledger.Post(Postings.Delivered(parcel.Id, order.Id, supplier.Id, order.Number, Money.FromFen(parcel.ValueFen), _now, null));
                supplier.MonthParcels++;
                supplier.MonthDeliveredFen += parcel.ValueFen;
                supplier.DeliveredFen += parcel.ValueFen;
                return true;
            }
            case AfterSales(var o, var p):
            {
                var order = Orders[o];
                var parcel = order.Parcels[p % order.Parcels.Count];
                if (order.State != OrderState.Paid || parcel.AfterSalesDone || Paying(order) is not { } payment)
                {
                    return false;
                }
                var supplier = Suppliers[parcel.Supplier];
                var lost = !parcel.Delivered;
                var decided = _books.Decide(payment, order.Number, Money.FromFen(parcel.ValueFen), lost ? LedgerAccount.Held : LedgerAccount.Payable(supplier.Id),
                    "售后", Guid.NewGuid(), Clerk, _now);
                if (decided.Error is not null)
                {
                    return false;
                }
                parcel.AfterSalesDone = true;
                order.ParcelsMoved = true;
                if (lost)
                {
                    parcel.LostAndRefunded = true;
                }
                else
                {
                    decided.Value!.BookTo(supplier.Id, supplier.OpenMonth);
                    supplier.MonthRefundsFen += parcel.ValueFen;
                    supplier.RefundsFen += parcel.ValueFen;
                }
                return true;
            }
            case ConfirmRefund(var r, var way):
            {
                var waiting = Refunds.All.Where(x => !Confirmed.Contains(x.Id)).ToList();
                if (waiting.Count == 0)
                {
                    return false;
                }
                var refund = waiting[r % waiting.Count];
                var online = refund.Method == PaymentMethod.Online && way != 1;
                if (refund.Method == PaymentMethod.Online)
                {
                    if (way == 2)
                    {
                        refund.Unreached("timeout");
                        if (refund.Retry() is not null)
                        {
                            return false;
                        }
                    }
                    refund.Asked($"re_{refund.Id:N}", way == 1 ? ProviderOutcome.Failed : ProviderOutcome.Succeeded, way == 1 ? "declined" : null, _now);
                }
                if (!online && refund.Sent($"REFUND-{r}", _now, Clerk, _now) is not null)
                {
                    return false;
                }
                Confirmed.Add(refund.Id);
                _books.Confirmed(refund, online, _now, Clerk);
                return true;
            }
            case ReturnUnapplied(var p, var fen, var whole):
            {
                var waiting = Payments.Where(x => x.UnappliedAmount > 0m).ToList();
                if (waiting.Count == 0)
                {
                    return false;
                }
                var payment = waiting[p % waiting.Count];
                var amount = whole ? payment.UnappliedAmount : Money.FromFen(fen);
                var order = Orders.Single(x => x.Id == payment.OrderId);
                return _books.Decide(payment, order.Number, amount, LedgerAccount.Unapplied, "退回", null, Clerk, _now).Error is null;
            }
            case OverRefund(var o, var extra, var fromSuspense):
            {
                var order = Orders[o];
                if (Payments.FirstOrDefault(x => x.OrderId == order.Id) is not { } payment)
                {
                    return false;
                }
                var amount = (fromSuspense ? payment.UnappliedAmount : payment.Refundable) + Money.FromFen(extra);
                // Whatever the answer, nothing here may move money that is not there; the properties judge what it did.
                return _books.Decide(payment, order.Number, amount, fromSuspense ? LedgerAccount.Unapplied : LedgerAccount.Held, "超额", null, Clerk, _now).Error is null;
            }
            case Settle(var s):
            {
                var supplier = Suppliers[s];
                if (supplier.MonthParcels == 0 && supplier.MonthRefundsFen == 0)
                {
                    return false;
                }
                var month = SettlementMonth.FromKey(supplier.OpenMonth);
                var statement = SupplierStatement.Compute(supplier.Id, supplier.Name, month, supplier.MonthParcels, Money.FromFen(supplier.MonthDeliveredFen),
                    Money.FromFen(supplier.MonthRefundsFen), 0.03m);
                var settlement = new SupplierSettlement(supplier.Id, month.Key, statement.Parcels, statement.DeliveredValue, statement.Refunds, statement.FeeRate,
                    statement.Fee, statement.AmountDue, Clerk, _now);
                if (statement.Fee > 0m)
                {
                    Ledger.Post(Postings.ServiceFee(supplier.Id, month.Key, statement.Fee, _now, Clerk));
                }
                // The model's own fee: 3% of the month's delivered fen, half a fen and more rounded up.
                supplier.FeesFen += (supplier.MonthDeliveredFen * 3 + 50) / 100;
                supplier.Settled.Add((settlement, 0));
                (supplier.OpenMonth, supplier.MonthParcels, supplier.MonthDeliveredFen, supplier.MonthRefundsFen) = (month.Next.Key, 0, 0, 0);
                return true;
            }
            case PayOut(var s, var m, var part, var fen):
            {
                var supplier = Suppliers[s];
                if (supplier.Settled.Count == 0)
                {
                    return false;
                }
                var index = m % supplier.Settled.Count;
                var (settlement, paid) = supplier.Settled[index];
                var outstanding = Money.ToFen(settlement.Outstanding);
                var amountFen = part switch
                {
                    0 when outstanding > 1 => 1 + fen % (outstanding - 1),
                    0 or 1 => outstanding,
                    _ => Math.Max(outstanding, 0) + fen,
                };
                var amount = Money.FromFen(amountFen);
                if (settlement.RecordPayout(amount) is not null)
                {
                    return false;
                }
                Ledger.Post(Postings.Payout(Guid.NewGuid(), supplier.Id, $"PAY-{fen}", amount, _now, Clerk));
                supplier.Settled[index] = (settlement, paid + amountFen);
                supplier.PayoutsFen += amountFen;
                return true;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }
    }

    /// <summary>
    /// The payment whose money paid the order, as the refund store finds it (RefundStore.PayingAsync): the earliest
    /// succeeded one, never one flagged unapplied (its money paid nothing, and it may have succeeded first).
    /// </summary>
    private Payment? Paying(OrderBook order) => Payments
        .Where(p => p.OrderId == order.Id && p.Status == PaymentStatus.Succeeded && p.Flag != PaymentFlag.Unapplied)
        .OrderBy(p => p.SucceededAt)
        .FirstOrDefault();

    public IEnumerable<Refund> RefundsOf(OrderBook order) => Refunds.All.Where(r => r.OrderId == order.Id);
}
