using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Settlement;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

/// <summary>Monthly supplier statements (finance sees every supplier's, a supplier its own) and finance's settlement that freezes a month.</summary>
public static class SettlementEndpoints
{
    public static IEndpointRouteBuilder MapSettlement(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/settlements").WithTags("Settlement").RequireCapability(Capability.FinanceRead, Capability.Supply);
        group.MapGet("/{month}", Statements);
        group.MapGet("/{month}/{supplierId:guid}/export", Export);
        app.MapPost("/api/v1/finance/settlements/{month}/{supplierId:guid}/settle", Settle).WithTags("Settlement").RequireCapability(Capability.FinanceWrite);
        app.MapPost("/api/v1/finance/settlements/{month}/{supplierId:guid}/payouts", RecordPayout).WithTags("Settlement").RequireCapability(Capability.FinanceWrite);
        group.MapGet("/{month}/{supplierId:guid}/payouts", Payouts);
        // The same export for the portals' download links, which sign in with the browser's cookie.
        app.MapGet("/settlements/{month}/{supplierId:guid}.{format}", Export)
            .RequirePageCapability(Capability.FinanceRead, Capability.Supply).ExcludeFromDescription();
        return app;
    }

    [EndpointSummary("The month's supplier statements (month=yyyy-MM, Beijing): delivered value, after-sales refunds, service fee and amount due")]
    [EndpointDescription("A parcel counts in the month of its delivery, an after-sales refund in the month it was decided; once finance settles a month its statement is frozen and later deliveries or refunds for it count in the next open month. Finance and admins see every supplier with activity; a supplier sees its own.")]
    public static async Task<Results<Ok<IReadOnlyList<SupplierStatement>>, ProblemHttpResult>> Statements(string month, SettlementStatements statements, CancellationToken cancellationToken)
    {
        return (await statements.StatementsAsync(month, cancellationToken)).ToOk();
    }

    [EndpointSummary("A supplier's statement with its lines (format=xlsx|csv)")]
    public static async Task<IResult> Export(string month, Guid supplierId, string? format, SettlementStatements statements, CancellationToken cancellationToken)
    {
        var asked = Downloads.Format(format, SheetFormat.Xlsx);
        return asked.Error is { } badFormat ? badFormat.ToProblem() : (await statements.ExportAsync(month, supplierId, asked.Value, cancellationToken)).ToFile();
    }

    [EndpointSummary("Record a payout of a settled month to its supplier (Finance): amount, when it left, the bank's reference")]
    [EndpointDescription("Never more than the statement still has outstanding; posted from the supplier's payable to the bank account. Answers the payout and the statement with `paid`, `outstanding` and `daysSinceSettled`.")]
    public static async Task<Results<Created<PayoutRecorded>, ProblemHttpResult>> RecordPayout(
        string month, Guid supplierId, PayoutRequest request, SupplierPayouts payouts, CancellationToken cancellationToken)
    {
        return (await payouts.RecordAsync(month, supplierId, request, cancellationToken)).ToCreated(r => $"/api/v1/settlements/{month}/{supplierId}/payouts");
    }

    [EndpointSummary("A settled month's payouts to a supplier (finance: any supplier; a supplier: its own)")]
    public static async Task<Results<Ok<IReadOnlyList<PayoutView>>, ProblemHttpResult>> Payouts(string month, Guid supplierId, SupplierPayouts payouts,
        CancellationToken cancellationToken)
    {
        return (await payouts.ListAsync(month, supplierId, cancellationToken)).ToOk();
    }

    [EndpointSummary("Settle a supplier's month (Finance): its statement is frozen as it stands; the month must be over")]
    public static async Task<Results<Ok<SupplierStatement>, ProblemHttpResult>> Settle(string month, Guid supplierId, MonthSettlement settlement, CancellationToken cancellationToken)
    {
        return (await settlement.SettleAsync(month, supplierId, cancellationToken)).ToOk();
    }
}
