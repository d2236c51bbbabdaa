using Microsoft.AspNetCore.Diagnostics;

namespace Procurement.Web.Platform;

/// <summary>
/// The one place that reports exceptions. Bad request bodies the framework detects (malformed JSON, a body over the
/// limit) are the caller's fault and answer with their own status; anything else is a bug or an outage: logged, 500.
/// </summary>
public sealed class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A unique value taken by a concurrent request, or a row changed underneath: the contract's 409 conflict,
        // wherever in the pipeline the database said so (use cases map it themselves through the unit of work).
        if (Infrastructure.Persistence.DbErrors.ConflictOf(exception) is { } conflict)
        {
            logger.LogInformation("Conflict on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.InnerException?.Message ?? exception.Message);
            await Api.Problems.ToProblem(conflict).ExecuteAsync(httpContext);
            return true;
        }
        var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status },
        });
    }
}
