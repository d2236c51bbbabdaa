namespace Procurement.Core.Common;

/// <summary>
/// Whom a download's column names and codes are written for. The API's files keep the columns and codes
/// <c>docs/api.md</c> promises, because programs read them; the portals' download links are read by people, so they
/// name columns and states in the reader's language (zh-CN by default). Columns added later are appended to both,
/// and every import of ours takes either kind of header back.
/// </summary>
public enum SheetLabels
{
    /// <summary>The API: the documented column names and the API's codes (<c>Pending</c>, <c>amountMismatch</c>).</summary>
    Contract,

    /// <summary>A portal link: column names and states in the reader's language (<c>发货单号</c>, <c>待发货</c>).</summary>
    Reader,
}
