using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Settlement;

/// <summary>The body of <c>POST /api/v1/finance/settlements/{month}/{supplierId}/payouts</c>.</summary>
public sealed class PayoutRequest
{
    public decimal? Amount { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public string? BankReference { get; set; }
}

public sealed class PayoutRequestValidator : AbstractValidator<PayoutRequest>
{
    public PayoutRequestValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(x => x.Amount).Must(a => a is > 0m && Money.HasAtMostTwoDecimals(a.Value) && a <= 100_000_000_000m)
            .WithMessage(_ => SupplierSettlement.AmountMessage());
        RuleFor(x => x.PaidAt).NotNull().WithMessage(_ => Texts.Pick("请填写付款日期。", "Give when the payout left."))
            .Must(at => at <= clock.GetUtcNow() + BusinessDate.ClockSkew).WithMessage(_ => Texts.Pick("付款日期不能晚于现在。", "The payout cannot have left in the future."));
        RuleFor(x => x.BankReference).Must(r => (r?.Trim() ?? "").Length is > 0 and <= SupplierPayout.MaxReferenceLength)
            .WithMessage(_ => Texts.Pick($"请填写银行流水号（最多 {SupplierPayout.MaxReferenceLength} 字）。",
                $"Give the bank's reference (at most {SupplierPayout.MaxReferenceLength} characters)."));
    }
}

/// <summary>A payout as the API shows it.</summary>
public sealed record PayoutView(Guid Id, Guid SupplierId, string Month, decimal Amount, DateTimeOffset PaidAt, string BankReference, DateTimeOffset RecordedAt)
{
    public static PayoutView Of(SupplierPayout p) =>
        new(p.Id, p.SupplierId, SettlementMonth.FromKey(p.Month).ToString(), p.Amount, p.PaidAt, p.BankReference, p.RecordedAt);
}

/// <summary>What recording a payout answers: the payout and the statement as it now stands (paid, outstanding).</summary>
public sealed record PayoutRecorded(PayoutView Payout, SupplierStatement Statement);

/// <summary>
/// Finance pays suppliers their settled months: each payout (amount, when it left, the bank's reference) is recorded
/// against the month's settlement — never more than is outstanding, two clerks paying at once cannot both count —
/// and posted from the supplier's payable to the bank account in the same unit of work. Suppliers read their own.
/// </summary>
public sealed class SupplierPayouts(
    ISettlementStore store, SettlementStatements statements, Ledger.ILedger ledger, IUnitOfWork unitOfWork, ICurrentUser user, IValidator<PayoutRequest> validator,
    TimeProvider clock, ILogger<SupplierPayouts> logger)
{
    public async Task<Result<PayoutRecorded>> RecordAsync(string? month, Guid supplierId, PayoutRequest request, CancellationToken cancellationToken)
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
        var checkedRequest = await validator.ValidateAsync(request, cancellationToken);
        if (!checkedRequest.IsValid)
        {
            return Error.Invalid(checkedRequest.ToFieldErrors());
        }
        if (await store.FindSettledAsync(parsed.Key, supplierId, cancellationToken) is not { } settlement)
        {
            return (await statements.ComputeAsync(parsed, supplierId, cancellationToken)).Count == 0
                ? Error.NotFound()
                : Error.InvalidState(Texts.Pick($"{parsed} 尚未结算，结算后才能付款。", $"{parsed} is not settled yet; settle it before paying it."));
        }
        var amount = request.Amount!.Value;
        if (settlement.RecordPayout(amount) is { } refused)
        {
            return refused;
        }
        var now = clock.GetUtcNow();
        var reference = request.BankReference!.Trim();
        store.GuardPayout(supplierId, amount);
        var payout = new SupplierPayout(supplierId, parsed.Key, amount, request.PaidAt!.Value, reference, clerk, now);
        store.Add(payout);
        ledger.Post(Ledger.Postings.Payout(payout.Id, supplierId, reference, amount, now, clerk));
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Payout {PayoutId} of {Amount} CNY for {Month} recorded for supplier {SupplierId} by {Clerk} ({Reference}); outstanding {Outstanding} CNY",
            payout.Id, amount, parsed, supplierId, clerk, reference, settlement.Outstanding);
        var statement = (await statements.ComputeAsync(parsed, supplierId, cancellationToken)).Single();
        return new PayoutRecorded(PayoutView.Of(payout), statement);
    }

    /// <summary>A month's payouts: finance reads any supplier's, a supplier its own (another supplier's answers 404).</summary>
    public async Task<Result<IReadOnlyList<PayoutView>>> ListAsync(string? month, Guid supplierId, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead, Capability.Supply) is { } denied)
        {
            return denied;
        }
        if (!SettlementMonth.TryParse(month, out var parsed))
        {
            return SettlementStatements.BadMonth();
        }
        if (user.Can(Capability.Supply) && user.SupplierId != supplierId)
        {
            return Error.NotFound();
        }
        return (await store.PayoutsAsync(parsed.Key, supplierId, cancellationToken)).Select(PayoutView.Of).ToList();
    }
}
