using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Infrastructure.Seeding;

/// <summary>
/// The demo's finance desk has something to reconcile: eight 江苏工会APP orders of two days ago, that day's JSGH
/// statement (stored as any statement is: checked, hashed, every row kept), and its reconciliation run, its
/// differences left open for the demo user to resolve. Seeded with the catalog, once.
/// </summary>
public sealed class DemoReconciliation(
    ProcurementDbContext db, IOrderStore orders, IStatementFiles files, StatementPulls statements, ReconciliationPipeline pipeline, IReconciliationStore runs,
    IUnitOfWork unitOfWork, TimeProvider clock, ILogger<DemoReconciliation> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var date = BusinessDate.Today(clock).AddDays(-2);
        var skus = await db.Skus.OrderBy(s => s.Code).Take(4).Select(s => new { s.Id, s.Code, s.ProductId, s.SupplierId, s.Price }).ToListAsync(cancellationToken);
        if (skus.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var keys = new List<(string Key, decimal Paid)>();
        for (var i = 1; i <= 8; i++)
        {
            var sku = skus[i % skus.Count];
            var quantity = 1 + i % 3;
            var paid = Money.Round(sku.Price * quantity);
            var key = $"JSGH{date:yyyyMMdd}{i:D4}";
            var placedAt = BusinessDate.StartOf(date).AddHours(8 + i);
            db.PartnerOrders.Add(new PartnerOrder(PartnerCodes.Jsgh, key, await orders.NextNumberAsync(date, cancellationToken), placedAt, "苏州工业园区总工会",
                [new PartnerOrderLine(sku.Id, sku.Code, sku.ProductId, sku.SupplierId, quantity, sku.Price, 0)],
                new PartnerRecipient("周敏", "13962100000", "江苏省", "苏州市", "姑苏区", "人民路 1188 号"), paid, PartnerOrderStatus.Completed, "", now));
            keys.Add((key, paid));
        }
        if (await unitOfWork.CommitAsync(cancellationToken) is { } failed)
        {
            logger.LogWarning("Demo partner orders not seeded: {Detail}", failed.Detail);
            return;
        }
        // 1 is two yuan higher on their side, 6 refunded on theirs, 2 listed twice, one order is not ours, 7 and 8 are missing.
        var day = date.ToString("yyyy-MM-dd");
        var items = keys.Take(6).Select((k, i) => new
        {
            partnerOrderNo = k.Key, orderNo = "", amount = k.Paid + (i == 0 ? 2m : 0m), refundAmount = i == 5 ? k.Paid : 0m,
            status = i == 5 ? "Refunded" : "Completed", settledAt = day,
        }).ToList();
        items.Add(items[1]);
        items.Add(new { partnerOrderNo = $"JSGH{date:yyyyMMdd}0099", orderNo = "", amount = 58m, refundAmount = 0m, status = "Completed", settledAt = day });
        var path = Path.Combine(Path.GetTempPath(), $"demo-jsgh-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { date = day, items }), cancellationToken);
            await using var content = File.OpenRead(path);
            await using var spooled = await files.SpoolAsync(content, $"JSGH-{day}.json", StatementFormats.MaxBytes, cancellationToken);
            if ((await statements.StoreAsync(PartnerCodes.Jsgh, date, spooled!, cancellationToken)).Error is { } refused)
            {
                logger.LogWarning("Demo statement not seeded: {Detail}", refused.Detail);
                return;
            }
        }
        finally
        {
            File.Delete(path);
        }
        var run = new ReconciliationRun(PartnerCodes.Jsgh, date, null, now);
        runs.Add(run);
        await unitOfWork.CommitAsync(cancellationToken);
        var status = await pipeline.RunAsync(run.Id, cancellationToken);
        logger.LogInformation("Seeded a demo reconciliation of JSGH {Date:yyyy-MM-dd}: run {RunId} {Status}", date, run.Id, status);
    }
}
