using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Procurement.Web.Components.Shared;

/// <summary>
/// MudBlazor's own words (pager, grid) in Chinese when the UI is zh-CN. Keys it does not find fall back to
/// MudBlazor's English, which is also what English users get.
/// </summary>
public sealed class ChineseMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> _zh = new()
    {
        ["MudDataGridPager_RowsPerPage"] = "每页条数：",
        ["MudDataGridPager_InfoFormat"] = "第 {0}-{1} 条，共 {2} 条",
        ["MudDataGridPager_AllItems"] = "全部",
        ["MudDataGridPager_FirstPage"] = "首页",
        ["MudDataGridPager_PreviousPage"] = "上一页",
        ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_LastPage"] = "末页",
        ["MudDataGrid_Loading"] = "加载中…",
        ["MudDataGrid_Filter"] = "筛选",
        ["MudDataGrid_Clear"] = "清除",
        ["MudDataGrid_Apply"] = "应用",
        ["MudDataGrid_Cancel"] = "取消",
        ["MudDataGrid_Save"] = "保存",
        ["MudDataGrid_RefreshData"] = "刷新",
        ["MudDataGrid_Columns"] = "列",
        ["MudDataGrid_Contains"] = "包含",
        ["MudDataGrid_Equals"] = "等于",
    };

    public override LocalizedString this[string key] =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" && _zh.TryGetValue(key, out var text)
            ? new LocalizedString(key, text)
            : new LocalizedString(key, key, resourceNotFound: true);
}
