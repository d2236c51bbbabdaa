using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Settlement;

/// <summary>Finance closes a supplier's month: once it is over, its statement is frozen as it stands (a finance clerk's act, signed by their id).</summary>
public sealed class MonthSettlement(SettlementStatements statements, ISettlementStore store, Ledger.ILedger ledger, IUnitOfWork unitOfWork, ICurrentUser user,
    TimeProvider clock, ILogger<MonthSettlement> logger)
{
    /// <summary>Finance settles a supplier's month once it is over: the statement is frozen as it stands.</summary>
    public async Task<Result<SupplierStatement>> SettleAsync(string? month, Guid supplierId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var clerk = user.UserId!.Value;
        if (!SettlementMonth.TryParse(month, out var parsed))
        {
            return SettlementStatements.BadMonth();
        }
        var now = clock.GetUtcNow();
        if (parsed.Key >= SettlementMonth.Of(now).Key)
        {
            return Error.InvalidState(Texts.Pick($"{parsed} 尚未结束，月结须在次月进行。", $"{parsed} is not over yet; settle it next month."));
        }
        // The figures are read inside the transaction, after the month's lock row is closed: a delivery or refund
        // committed meanwhile is either in them or refused (and booked into the next month), never lost in between.
        SupplierStatement? statement = null;
        store.Close(supplierId, parsed.Key, async inside =>
        {
            if (statement is not null)
            {
                return null;
            }
            if (await statements.ComputeAsync(parsed, supplierId, inside) is not [var frozen])
            {
                return Error.NotFound();
            }
            if (frozen.Settled)
            {
                return Error.InvalidState(Texts.Pick($"{frozen.SupplierName} 的 {parsed} 已结算。", $"{parsed} of {frozen.SupplierName} is already settled."));
            }
            store.Add(new SupplierSettlement(supplierId, parsed.Key, frozen.Parcels, frozen.DeliveredValue, frozen.Refunds, frozen.FeeRate, frozen.Fee,
                frozen.AmountDue, clerk, now));
            if (frozen.Fee > 0m)
            {
                ledger.Post(Ledger.Postings.ServiceFee(supplierId, parsed.Key, frozen.Fee, now, clerk));
            }
            statement = frozen;
            return null;
        });
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Settlement of {Month} for supplier {SupplierId} frozen by {Clerk}: delivered {Delivered}, refunds {Refunds}, fee {Fee}, due {Due} CNY",
            parsed, supplierId, clerk, statement!.DeliveredValue, statement.Refunds, statement.Fee, statement.AmountDue);
        return statement with { Settled = true, SettledAt = now };
    }
}
