using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Ordering;

/// <summary>What a recipients sheet gives an order: people, packages, the package's value, and where they live.</summary>
public sealed record RecipientsSummary(int Recipients, int Packages, decimal PackageValue, decimal Total, IReadOnlyList<ProvinceCount> Provinces,
    IReadOnlyList<PackageContent> Contents);

public sealed record PackageContent(string SkuCode, string ProductName, int PerPackage, decimal UnitPrice);

/// <summary>
/// A draft's recipients from a sheet (<c>姓名,手机号,省,市,区县,详细地址,份数</c>), all or nothing: every row is checked,
/// the packages they take must divide the order's lines, and only then are the old recipients replaced. The page
/// previews the same check without saving.
/// </summary>
public sealed class RecipientsImport(IRecipientSheetReader reader, IOrderStore orders, IRecipientStore recipients, IUnitOfWork unitOfWork,
    ICurrentUser user, ILogger<RecipientsImport> logger)
{
    /// <summary>Checks the sheet against the order and says what saving it would give; nothing is written.</summary>
    public async Task<Result<RecipientsSummary>> PreviewAsync(Guid orderId, Stream file, CancellationToken cancellationToken)
    {
        var checkedSheet = await CheckAsync(orderId, file, cancellationToken);
        return checkedSheet.Succeeded ? checkedSheet.Value!.Summary : checkedSheet.Error!;
    }

    public async Task<Result<RecipientsSummary>> ReplaceAsync(Guid orderId, Stream file, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var checkedSheet = await CheckAsync(orderId, file, cancellationToken);
        if (checkedSheet.Error is { } refused)
        {
            return refused;
        }
        var (order, list, summary) = checkedSheet.Value!;
        var checkedMs = clock.ElapsedMilliseconds;
        recipients.Replace(order.Id, list.Recipients);
        if (await unitOfWork.CommitAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        logger.LogInformation("Order {OrderNumber}: {Recipients} recipients, {Packages} packages saved in {Elapsed} ms (read and check {CheckMs} ms)",
            order.Number, summary.Recipients, summary.Packages, clock.ElapsedMilliseconds, checkedMs);
        return summary;
    }

    private sealed record Checked(Order Order, RecipientList List, RecipientsSummary Summary);

    private async Task<Result<Checked>> CheckAsync(Guid orderId, Stream file, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Purchase) is { } refused)
        {
            return refused;
        }
        if (await orders.FindAsync(orderId, cancellationToken) is not { } order)
        {
            return Error.NotFound();
        }
        if (order.Status != OrderStatus.Draft)
        {
            return Error.InvalidState(Texts.Pick("只有草稿订单可以更换收件人。", "Recipients can be changed on a draft order only."));
        }
        var read = reader.Read(file, cancellationToken);
        if (read.Error is { } unreadable)
        {
            return unreadable;
        }
        var list = RecipientRules.Check(order.Id, order.UnionId, read.Value!);
        if (list.Error is { } bad)
        {
            return bad;
        }
        var plan = order.PackInto(list.Value!.Packages, list.Value.Recipients.Count);
        if (plan.Error is { } uneven)
        {
            return new Error(ErrorKind.Validation,
                Texts.Pick($"收件人共 {list.Value.Packages} 份，订单商品数量须能平均分成这么多份。", $"The recipients take {list.Value.Packages} packages; every line's quantity must divide evenly into them."),
                uneven.Fields);
        }
        var summary = new RecipientsSummary(list.Value.Recipients.Count, list.Value.Packages, plan.Value!.PackageValue, order.Total,
            list.Value.Provinces, plan.Value.Contents.Select(c => new PackageContent(c.Line.SkuCode, c.Line.ProductName, c.PerPackage, c.Line.UnitPrice)).ToList());
        return new Checked(order, list.Value, summary);
    }
}
