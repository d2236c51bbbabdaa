using FluentValidation;

namespace Procurement.Core.Common;

/// <summary>
/// How fields are named in messages ("统一社会信用代码 格式不正确") and in the problem details' <c>errors</c>
/// keys ("uscc", "budgets[0].amount"). Set once at start-up by <see cref="Configure"/>.
/// </summary>
public static class FieldNames
{
    private static readonly Dictionary<string, (string Zh, string En)> _labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Name"] = ("名称", "Name"),
        ["Uscc"] = ("统一社会信用代码", "Unified social credit code"),
        ["CountyCode"] = ("区县", "County"),
        ["ProvinceCode"] = ("省份", "Province"),
        ["ParentId"] = ("上级工会", "Parent union"),
        ["ContactName"] = ("联系人", "Contact name"),
        ["ContactPhone"] = ("联系电话", "Contact phone"),
        ["MemberCount"] = ("会员人数", "Member count"),
        ["AnnualCapPerMember"] = ("每人年度福利上限", "Annual cap per member"),
        ["ApprovalThreshold"] = ("审批阈值", "Approval threshold"),
        ["Budgets"] = ("年度预算", "Budgets"),
        ["Year"] = ("年度", "Year"),
        ["Amount"] = ("金额", "Amount"),
        ["Email"] = ("邮箱", "Email"),
        ["Password"] = ("密码", "Password"),
        ["DisplayName"] = ("姓名", "Display name"),
        ["Role"] = ("角色", "Role"),
        ["UnionId"] = ("所属工会", "Union"),
        ["SupplierId"] = ("所属供应商", "Supplier"),
        ["Page"] = ("页码", "Page"),
        ["PageSize"] = ("每页条数", "Page size"),
        ["Q"] = ("关键词", "Query"),
        ["RefreshToken"] = ("刷新令牌", "Refresh token"),
        ["Reason"] = ("原因", "Reason"),
        ["CategoryCode"] = ("商品分类", "Category"),
        ["Description"] = ("商品描述", "Description"),
        ["Certificate"] = ("帮扶认定证书", "Certificate"),
        ["Number"] = ("证书编号", "Certificate number"),
        ["Issuer"] = ("认定机构", "Issuer"),
        ["ValidFrom"] = ("有效期起", "Valid from"),
        ["ValidTo"] = ("有效期止", "Valid to"),
        ["Skus"] = ("规格", "SKUs"),
        ["Code"] = ("规格编码", "SKU code"),
        ["Spec"] = ("规格", "Spec"),
        ["Price"] = ("单价", "Price"),
        ["Stock"] = ("库存", "Stock"),
        ["MinOrderQuantity"] = ("起订量", "Minimum order quantity"),
        ["TierPrices"] = ("阶梯价", "Tier prices"),
        ["MinQuantity"] = ("起订数量", "From quantity"),
        ["File"] = ("文件", "File"),
    };

    public static string Label(string member) =>
        _labels.TryGetValue(member, out var label) ? Texts.Pick(label.Zh, label.En) : member;

    /// <summary>"Budgets[0].Amount" → "budgets[0].amount": the JSON names callers sent.</summary>
    public static string ToKey(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));

    public static void Configure()
    {
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Label(member.Name);
        ValidatorOptions.Global.LanguageManager.Enabled = true;
    }

    public static Dictionary<string, string[]> ToFieldErrors(this FluentValidation.Results.ValidationResult result) =>
        result.Errors
            .GroupBy(e => ToKey(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
}
