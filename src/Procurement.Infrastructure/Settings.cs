using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Procurement.Infrastructure;

/// <summary>
/// Every settings class is read one way: bound from its section once, at start-up, and checked there with its rules,
/// so a bad value stops the process before it listens, naming the key (<c>Settlement:ServiceFeeRate</c>) and what is
/// wrong. A value that does not convert (<c>Ordering:ReservationHours=abc</c>) is named the same way. Settings are read
/// while the host is built (rate-limit policies and the statement client's retries are made from them), which is
/// earlier than <c>ValidateOnStart</c> would check, and one path serves both kinds.
/// </summary>
public static class Settings
{
    public static T Read<T>(this IConfiguration configuration, string section, Action<InlineValidator<T>>? rules = null) where T : class, new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value);
        }
        catch (InvalidOperationException unconvertible)
        {
            throw new OptionsValidationException(section, typeof(T), [unconvertible.Message]);
        }
        if (rules is not null)
        {
            var validator = new InlineValidator<T>();
            rules(validator);
            var result = validator.Validate(value);
            if (!result.IsValid)
            {
                throw new OptionsValidationException(section, typeof(T),
                    result.Errors.Select(e => $"{section}:{e.PropertyName}: {e.ErrorMessage} (was '{e.AttemptedValue}')").ToList());
            }
        }
        return value;
    }

    /// <summary>An absolute http(s) address, or unset.</summary>
    public static bool IsHttpUrlOrEmpty(string? url) =>
        string.IsNullOrWhiteSpace(url) || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
