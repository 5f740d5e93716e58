using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// The one way from a handler's <see cref="Result"/> to a response: a view, a redirect, a status code, ModelState
/// errors for a form, RFC 7807 problem details for JSON. Controllers never read a result's outcome or status themselves
/// (ArchitectureTests).
/// </summary>
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

    /// <inheritdoc cref="WhenSucceeded{T}(Controller, Result{T}, Func{T, IActionResult})"/>
    public static IActionResult WhenSucceeded(this Controller controller, Result result, Func<IActionResult> succeeded) =>
        result.Succeeded ? succeeded() : controller.StatusCode(result.StatusCode());

    /// <summary>What a success answers with once it has written the response itself (a streamed file), or the failure's status code.</summary>
    public static async Task<IActionResult> WhenSucceeded<T>(this Controller controller, Result<T> result, Func<T, Task<IActionResult>> succeeded) =>
        result.Succeeded ? await succeeded(result.Value!) : controller.StatusCode(result.StatusCode());

    /// <summary>A page loaded by a query: its view with the value, or the failure's status code.</summary>
    public static IActionResult ShowPage<T>(this Controller controller, Result<T> result, string? viewName = null) =>
        result.Succeeded ? controller.View(viewName, result.Value) : controller.StatusCode(result.StatusCode());

    /// <summary>A refused form: the failure's status when it is about the record, otherwise the form again with its errors.</summary>
    public static IActionResult RefusedForm(this Controller controller, Result failure, string viewName, object model) =>
        failure.IsAboutTheRecord() ? controller.StatusCode(failure.StatusCode()) : controller.FormWithErrors(failure, viewName, model);

    /// <summary>
    /// A refused command on a page (a confirmation, a details page) whose result carries that page
    /// (<see cref="Result{T}.Refused"/>): the page again with the failure's errors, or the failure's status when it is
    /// about the record or came back without its page (a race the database stopped after the handler had looked).
    /// </summary>
    public static IActionResult RefusedPage<TPage>(this Controller controller, Result<TPage> failure, string viewName) =>
        controller.RefusedPage(failure, viewName, page => page!);

    /// <summary><inheritdoc cref="RefusedPage{TPage}(Controller, Result{TPage}, string)"/> The view's model is made from the page (a form about it).</summary>
    public static IActionResult RefusedPage<TPage>(this Controller controller, Result<TPage> failure, string viewName, Func<TPage, object> model) =>
        failure.IsAboutTheRecord() || failure.Value is null
            ? controller.StatusCode(failure.StatusCode())
            : controller.FormWithErrors(failure, viewName, model(failure.Value));

    /// <summary>
    /// A page that shows a command's outcome itself (an import's summary, or every row it rejected): the page with the
    /// result's status, or the failure's status alone when it is about the record.
    /// </summary>
    public static IActionResult OutcomePage(this Controller controller, Result result, string viewName, object model) =>
        result.IsAboutTheRecord() ? controller.StatusCode(result.StatusCode()) : InvalidForm(controller, viewName, model, result.StatusCode());

    /// <summary>Re-renders a form with its errors and the failure's status code.</summary>
    public static IActionResult FormWithErrors(this Controller controller, Result result, string viewName, object model)
    {
        result.AddTo(controller.ModelState);
        return InvalidForm(controller, viewName, model, result.StatusCode());
    }

    /// <summary>Renders a view with a status: a form whose input did not even bind (ModelState already holds the reasons), 400 by default.</summary>
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
