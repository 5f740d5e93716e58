using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>Turns a failed <see cref="Result"/> into what the client expects: ModelState errors for a form, RFC 7807 problem details for JSON.</summary>
public static class ResultMapping
{
    public static void AddTo(this Result result, ModelStateDictionary modelState, string prefix = "")
    {
        foreach (var error in result.Errors)
        {
            var key = error.Field.Length == 0 ? "" : prefix.Length == 0 ? error.Field : $"{prefix}.{error.Field}";
            // Input errors found while binding come back in the result too (RejectedInput): say each once.
            if (modelState.TryGetValue(key, out var entry) && entry.Errors.Any(e => e.ErrorMessage == error.Message))
            {
                continue;
            }
            modelState.AddModelError(key, error.Message);
        }
    }

    /// <summary>The status code a failed result should answer with: invalid 400, not found 404, forbidden 403, conflict 409.</summary>
    public static int StatusCode(this Result result) => result.Outcome switch
    {
        Outcome.Succeeded => StatusCodes.Status200OK,
        Outcome.Invalid => StatusCodes.Status400BadRequest,
        Outcome.NotFound => StatusCodes.Status404NotFound,
        Outcome.Forbidden => StatusCodes.Status403Forbidden,
        Outcome.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A failure about the record itself (no such id, another clinic's, not allowed): it answers with its status, never a form.</summary>
    public static bool IsAboutTheRecord(this Result result) => result.Outcome is Outcome.NotFound or Outcome.Forbidden;

    /// <summary>What a success answers with (a view, a redirect, a file), or the failure's status code.</summary>
    public static IActionResult WhenSucceeded<T>(this Controller controller, Result<T> result, Func<T, IActionResult> succeeded) =>
        result.Succeeded ? succeeded(result.Value!) : controller.StatusCode(result.StatusCode());

    /// <inheritdoc cref="WhenSucceeded{T}"/>
    public static IActionResult WhenSucceeded(this Controller controller, Result result, Func<IActionResult> succeeded) =>
        result.Succeeded ? succeeded() : controller.StatusCode(result.StatusCode());

    /// <summary>A page loaded by a query: its view with the value, or the failure's status code.</summary>
    public static IActionResult ShowPage<T>(this Controller controller, Result<T> result, string? viewName = null) =>
        result.Succeeded ? controller.View(viewName, result.Value) : controller.StatusCode(result.StatusCode());

    /// <summary>A refused form: the failure's status when it is about the record, otherwise the form again with its errors.</summary>
    public static IActionResult RefusedForm(this Controller controller, Result failure, string viewName, object model) =>
        failure.IsAboutTheRecord() ? controller.StatusCode(failure.StatusCode()) : controller.FormWithErrors(failure, viewName, model);

    /// <summary>
    /// A refused action on a page (a confirmation, a details page): the failure's status when it is about the record,
    /// otherwise the page, loaded only then, with the failure's errors.
    /// </summary>
    public static async Task<IActionResult> RefusedPage<T>(this Controller controller, Result failure, string viewName, Func<Task<Result<T>>> loadPage) =>
        failure.IsAboutTheRecord() ? controller.StatusCode(failure.StatusCode()) : controller.PageWithErrors(failure, viewName, await loadPage());

    /// <summary>Re-renders a form with its errors and the failure's status code.</summary>
    public static IActionResult FormWithErrors(this Controller controller, Result result, string viewName, object model)
    {
        result.AddTo(controller.ModelState);
        return InvalidForm(controller, viewName, model, result.StatusCode());
    }

    /// <summary>
    /// Re-renders a page (a confirmation, a details page) with a failure's errors, from its freshly loaded model. When the
    /// record itself cannot be loaded (no such id, another clinic's) the load's status answers instead (404), so that a
    /// view never gets a null model, even when the input was refused before the handler looked the record up.
    /// </summary>
    public static IActionResult PageWithErrors<T>(this Controller controller, Result failure, string viewName, Result<T> page)
    {
        if (!page.Succeeded)
        {
            return controller.StatusCode(page.StatusCode());
        }
        failure.AddTo(controller.ModelState);
        return InvalidForm(controller, viewName, page.Value!, failure.StatusCode());
    }

    /// <summary>Re-renders a form whose input did not even bind (ModelState already holds the reasons).</summary>
    public static IActionResult InvalidForm(this Controller controller, string viewName, object model, int status = StatusCodes.Status400BadRequest)
    {
        var view = controller.View(viewName, model);
        view.StatusCode = status;
        return view;
    }

    /// <summary>RFC 7807 problem details: a validation problem (with errors by field) or a plain problem.</summary>
    public static IActionResult Problem(this ControllerBase controller, Result result)
    {
        if (result.Outcome == Outcome.Invalid)
        {
            var errors = result.Errors
                .GroupBy(e => e.Field)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return controller.ValidationProblem(new ValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
            });
        }
        return controller.Problem(
            statusCode: result.StatusCode(),
            title: result.Outcome.ToString(),
            detail: string.Join(" ", result.Errors.Select(e => e.Message)));
    }
}
