using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>Core's <see cref="Error"/> values, mapped once to HTTP problems.</summary>
public static class Problems
{
    public static ProblemHttpResult ToProblem(this Error error)
    {
        var (status, code) = error.Kind switch
        {
            ErrorKind.Validation => (400, "validation"),
            ErrorKind.NotFound => (404, "not-found"),
            ErrorKind.Forbidden => (403, "forbidden"),
            ErrorKind.Conflict => (409, "conflict"),
            ErrorKind.InvalidState => (409, "invalid-state"),
            ErrorKind.InsufficientStock => (409, "insufficient-stock"),
            ErrorKind.IdempotencyKeyReused => (422, "idempotency-key-reused"),
            ErrorKind.WelfareCapExceeded => (422, "welfare-cap-exceeded"),
            ErrorKind.BudgetExceeded => (422, "budget-exceeded"),
            ErrorKind.UnknownSku => (422, "unknown-sku"),
            ErrorKind.PaymentProviderUnavailable => (503, "payment-provider-unavailable"),
            ErrorKind.TooLarge => (413, "payload-too-large"),
            ErrorKind.Unauthorized => (401, "unauthorized"),
            _ => (500, "server-error"),
        };
        Dictionary<string, object?>? extensions = null;
        if (error.Fields is not null || error.Data is not null)
        {
            extensions = error.Data?.ToDictionary() ?? [];
            if (error.Fields is not null)
            {
                extensions["errors"] = error.Fields;
            }
        }
        return TypedResults.Problem(error.Detail, statusCode: status, title: ProblemsSetup.TitleFor(code),
            type: ProblemsSetup.TypePrefix + code, extensions: extensions);
    }

    /// <summary>The one mapping of a use case's answer: its value as 200, or its error as a problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();

    /// <summary>The same, with the value shaped into its response first.</summary>
    public static Results<Ok<TResponse>, ProblemHttpResult> ToOk<T, TResponse>(this Result<T> result, Func<T, TResponse> toResponse) =>
        result.Succeeded ? TypedResults.Ok(toResponse(result.Value!)) : result.Error!.ToProblem();

    /// <summary>A use case's answer that made something: 201 at its address, or the error as a problem.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Created(location(result.Value!), result.Value) : result.Error!.ToProblem();

    /// <summary>A use case's answer that queued work: 202 with where to follow it, or the error as a problem.</summary>
    public static Results<Accepted<T>, ProblemHttpResult> ToAccepted<T>(this Result<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Accepted(location(result.Value!), result.Value) : result.Error!.ToProblem();

    /// <summary>Validates a query or body with its validator; null when it passes.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync<T>(this IValidator<T> validator, T value, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(value, cancellationToken);
        return result.IsValid ? null : Error.Invalid(result.ToFieldErrors()).ToProblem();
    }
}

/// <summary>Uploads: a request without its <c>file</c>, or with an empty one, is named before anything reads it.</summary>
public static class Uploads
{
    public static ProblemHttpResult? Missing(IFormFile? file) => Refusal(file)?.ToProblem();

    public static Error? Refusal(IFormFile? file) =>
        file is null || file.Length == 0
            ? Error.Invalid("file", file is null
                ? Texts.Pick("请上传文件（表单字段 file）。", "Upload a file (form field `file`).")
                : Texts.Pick("文件是空的。", "The file is empty."))
            : null;
}

/// <summary><c>{ id }</c>, what a create answers with.</summary>
public sealed record IdResponse(Guid Id);
