using MudBlazor;
using Procurement.Core.Catalog;

namespace Procurement.Web.Components.SupplierPortal;

public static class ProductStatusColors
{
    public static Color Of(ProductStatus status) => status switch
    {
        ProductStatus.Published => Color.Success,
        ProductStatus.PendingReview => Color.Warning,
        ProductStatus.Rejected => Color.Error,
        ProductStatus.Unlisted => Color.Dark,
        _ => Color.Default,
    };
}
