using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Ordering;

/// <summary>
/// Recipients sheets (<c>姓名,手机号,省,市,区县,详细地址,份数</c>) through the same readers and bounds as the stock import.
/// Headers match loosely (手机 / 电话 / mobile, 区 / 县 / district, 地址, 数量 …); extra columns are ignored.
/// </summary>
public sealed class RecipientSheetReader : IRecipientSheetReader
{
    private static readonly (string Column, string[] Names, bool Required)[] Columns =
    [
        (RecipientRules.NameColumn, ["姓名", "收件人", "name"], true),
        (RecipientRules.MobileColumn, ["手机号", "手机", "手机号码", "电话", "联系电话", "mobile", "phone"], true),
        (Addresses.Province, ["省", "省份", "province"], true),
        (Addresses.City, ["市", "城市", "city"], true),
        (Addresses.District, ["区县", "区/县", "区", "县", "district"], true),
        (RecipientRules.AddressColumn, ["详细地址", "地址", "address"], true),
        (RecipientRules.PackagesColumn, ["份数", "数量", "packages"], true),
    ];

    public Result<IReadOnlyList<RecipientSheetRow>> Read(Stream content, CancellationToken cancellationToken) =>
        SheetFile.ReadTable(content, Columns,
            (row, missing, header) => Error.Invalid("file", Texts.Pick(
                $"第 {row} 行的表头应为 {string.Join(",", RecipientRules.Columns)}，缺少：{string.Join("、", missing)}（实际为：{header}）。请使用模板。",
                $"The header in row {row} should be {string.Join(",", RecipientRules.Columns)}; missing: {string.Join(", ", missing)} (found: {header}). Use the template.")),
            Error.Invalid("file", Texts.Pick("文件只有表头，没有收件人。", "The file has a header but no recipients.")),
            RecipientRules.MaxRows, (row, cell) => new RecipientSheetRow(row, cell(0), cell(1), cell(2), cell(3), cell(4), cell(5), cell(6)), cancellationToken);
}
