using System.Globalization;
using FluentValidation;
using Procurement.Core.Common;

namespace Procurement.UnitTests;

/// <summary>A validator's answer as the API's <c>errors</c> show it, in English so messages can be compared.</summary>
internal static class FieldErrors
{
    public static Dictionary<string, string[]> Of<T>(IValidator<T> validator, T request)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            return validator.Validate(request).ToFieldErrors();
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>Exactly one field named, with exactly this message.</summary>
    public static void AssertOnly(Dictionary<string, string[]> errors, string field, string message)
    {
        Assert.Equal([field], errors.Keys);
        Assert.Equal([message], errors[field]);
    }
}
