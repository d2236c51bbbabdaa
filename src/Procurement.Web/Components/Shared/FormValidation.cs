using FluentValidation;

namespace Procurement.Web.Components.Shared;

/// <summary>
/// Lets a MudForm ask a FluentValidation validator about one field at a time, so the page shows exactly the
/// messages the API would return (MudBlazor's FluentValidation example).
/// </summary>
public static class FormValidation
{
    public static Func<object, string, Task<IEnumerable<string>>> ForMudForm<T>(this IValidator<T> validator) =>
        async (model, propertyName) =>
        {
            var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, x => x.IncludeProperties(propertyName)));
            return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
        };
}
