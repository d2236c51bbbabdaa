using Microsoft.AspNetCore.Http.Features;
using Procurement.Core.Common;

namespace Procurement.Web.Platform;

/// <summary>
/// Every 4xx/5xx under /api is RFC 9457 problem details with <c>type = urn:procurement:problem:&lt;code&gt;</c> and a
/// title in the caller's language, including the ones the framework raises itself (bad JSON, 413, 415, 401, 403).
/// </summary>
public static class ProblemsSetup
{
    public const string TypePrefix = "urn:procurement:problem:";

    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            var code = problem.Type is { } type && type.StartsWith(TypePrefix, StringComparison.Ordinal)
                ? type[TypePrefix.Length..]
                : CodeFor(status);
            problem.Type = TypePrefix + code;
            // The framework's own English titles give way to ours unless a handler wrote a specific one.
            if (problem.Title is null || IsFrameworkTitle(problem.Title))
            {
                problem.Title = TitleFor(code);
            }
            problem.Detail ??= context.Exception is BadHttpRequestException && status == StatusCodes.Status400BadRequest
                ? Texts.Pick("请求体无法解析，请检查 JSON 格式与字段类型。", "The request body could not be read; check the JSON syntax and field types.")
                : null;
            // A value of the wrong type ("stock": 12.5, "price": "abc") names its field, as validation errors do.
            if (context.Exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { Length: > 2 } path } }
                && status == StatusCodes.Status400BadRequest && !problem.Extensions.ContainsKey("errors"))
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]>
                {
                    [FieldNames.ToKey(path.TrimStart('$', '.'))] = [Texts.Pick("值的类型不正确（如须为整数或数字）。", "The value has the wrong type (e.g. a whole number or a number is expected).")],
                };
            }
            problem.Extensions.Remove("traceId");
            problem.Extensions["traceId"] = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<UnexpectedExceptionHandler>();
        // Binding failures throw instead of answering a bare 400, so the handler can name the offending JSON field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static string CodeFor(int status) => status switch
    {
        400 => "validation",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        429 => "too-many-requests",
        503 => "unavailable",
        _ => status >= 500 ? "server-error" : "bad-request",
    };

    public static string TitleFor(string code) => code switch
    {
        "validation" => Texts.Pick("请求数据有误", "The request is invalid"),
        "unauthorized" => Texts.Pick("未登录或登录已过期", "Not signed in or the sign-in has expired"),
        "forbidden" => Texts.Pick("无权执行此操作", "You may not do this"),
        "not-found" => Texts.Pick("未找到", "Not found"),
        "method-not-allowed" => Texts.Pick("不支持该请求方法", "Method not allowed"),
        "conflict" => Texts.Pick("数据冲突", "Conflict"),
        "payload-too-large" => Texts.Pick("请求体过大", "The request body is too large"),
        "unsupported-media-type" => Texts.Pick("不支持的内容类型，请使用 application/json", "Unsupported content type; send application/json"),
        "too-many-requests" => Texts.Pick("请求过于频繁", "Too many requests"),
        "invalid-state" => Texts.Pick("当前状态不允许此操作", "The action does not fit the current state"),
        "insufficient-stock" => Texts.Pick("库存不足", "Insufficient stock"),
        "idempotency-key-reused" => Texts.Pick("幂等键已用于不同的请求", "The idempotency key was used for a different request"),
        "welfare-cap-exceeded" => Texts.Pick("超出年度福利上限", "The annual welfare cap would be exceeded"),
        "budget-exceeded" => Texts.Pick("超出工会年度预算", "The union's budget would be exceeded"),
        "unknown-sku" => Texts.Pick("规格编码不对应唯一的在售规格", "A SKU code names no single published SKU"),
        "payment-provider-unavailable" => Texts.Pick("在线支付暂不可用", "The payment provider is unavailable"),
        _ => Texts.Pick("服务器内部错误", "Something went wrong on our side"),
    };

    private static bool IsFrameworkTitle(string title) =>
        title is "Bad Request" or "Unauthorized" or "Forbidden" or "Not Found" or "Method Not Allowed" or "Conflict"
            or "Payload Too Large" or "Content Too Large" or "Unsupported Media Type" or "An error occurred while processing your request."
            or "One or more validation errors occurred." or "Too Many Requests" or "Service Unavailable";
}
