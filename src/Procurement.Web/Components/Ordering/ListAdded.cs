using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Web.Components.Ordering;

/// <summary>
/// What adding to the purchase list tells the purchaser, the same from a tile and a product page: added, or already
/// there (nothing doubled) with a way to change the quantity in the package builder. One per circuit: the
/// navigation's count (<see cref="PurchaseListBadge"/>) listens to <see cref="Changed"/>.
/// </summary>
public sealed class ListAdded
{
    public event Action? Changed;

    public void Tell(Result<ListAddition> added, ISnackbar snackbar, IStringLocalizer<SharedResource> l, NavigationManager navigation)
    {
        if (added.Error is { } error)
        {
            snackbar.Add(error.Summary, Severity.Error);
            return;
        }
        var addition = added.Value!;
        if (addition.AlreadyListed)
        {
            snackbar.Add(l["Orders.AlreadyListed", addition.PerPackage].Value, Severity.Info, o =>
            {
                o.Action = l["Orders.ChangeQuantity"];
                o.OnClick = _ =>
                {
                    navigation.NavigateTo("/orders/new");
                    return Task.CompletedTask;
                };
            }, key: $"listed-{addition.SkuId}");
            return;
        }
        snackbar.Add(l["Orders.Added"].Value, Severity.Success, o =>
        {
            o.Action = l["Orders.Builder"];
            o.OnClick = _ =>
            {
                navigation.NavigateTo("/orders/new");
                return Task.CompletedTask;
            };
        }, key: $"added-{addition.SkuId}");
        Changed?.Invoke();
    }

    /// <summary>The list changed elsewhere (the builder removed or swapped a line).</summary>
    public void Tell() => Changed?.Invoke();
}
