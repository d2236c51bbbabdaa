using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;

namespace Procurement.Web.Api;

/// <summary>
/// Every list pages one way: <c>?page=</c> from 1 and <c>?pageSize=</c> from 1 to <see cref="ListQuery.MaxPageSize"/>
/// (the recipients table's <c>?skip=</c> from 0 and <c>?take=</c> from 1 to 500). The query string is checked once,
/// for every API route, after authorization and before the handler's parameters are bound (so <c>pageSize=abc</c> is
/// named too): a value out of range or not a whole number answers 400 naming the field,
/// never a silently clamped page (before, <c>pageSize=500</c> was a 400 on one list and 100 rows on another).
/// </summary>
public static class Paging
{
    public static IApplicationBuilder UseCheckedPaging(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
        {
            if (Check(context.Request.Query) is { } invalid)
            {
                await invalid.ExecuteAsync(context);
                return;
            }
            await next(context);
        }));

    public static ProblemHttpResult? Check(IQueryCollection query)
    {
        var fields = new Dictionary<string, string[]>();
        Range(query, "page", 1, int.MaxValue, fields);
        Range(query, "pageSize", 1, ListQuery.MaxPageSize, fields);
        Range(query, "skip", 0, int.MaxValue, fields);
        Range(query, "take", 1, PageBounds.MaxWindow, fields);
        return fields.Count == 0 ? null : Error.Invalid(fields).ToProblem();
    }

    private static void Range(IQueryCollection query, string name, int min, int max, Dictionary<string, string[]> fields)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return;
        }
        if (values.Count != 1 || !int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            fields[name] = [max == int.MaxValue
                ? Texts.Pick($"{name} 须为不小于 {min} 的整数。", $"{name} must be a whole number of at least {min}.")
                : Texts.Pick($"{name} 须为 {min} 到 {max} 之间的整数。", $"{name} must be a whole number from {min} to {max}.")];
        }
    }
}
