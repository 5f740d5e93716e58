using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ProcedureRegistry.Web.Features.Errors;

/// <summary>Friendly error pages (and problem details for JSON clients). Never a stack trace outside Development.</summary>
[AllowAnonymous, ApiExplorerSettings(IgnoreApi = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : Controller
{
    [Route("/error")]
    public IActionResult Unexpected()
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        logger.LogError(failure?.Error, "Unhandled exception on {Path}", failure?.Path);
        return Show(StatusCodes.Status500InternalServerError);
    }

    [Route("/error/{code:int}")]
    public IActionResult Status([FromRoute] int code) => Show(code is >= 400 and <= 599 ? code : 500);

    private IActionResult Show(int code)
    {
        if (WantsJson())
        {
            return Problem(statusCode: code, title: Title(code));
        }
        var view = View("Error", new ErrorModel(code, Title(code), Explanation(code), HttpContext.TraceIdentifier));
        view.StatusCode = code;
        return view;
    }

    private bool WantsJson() =>
        Request.Headers.Accept.Any(a => a?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        || HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath.StartsWith("/api/", StringComparison.Ordinal) == true;

    private static string Title(int code) => code switch
    {
        400 => "The request could not be understood",
        403 => "You do not have access to this page",
        404 => "Page not found",
        405 => "This action is not allowed here",
        409 => "The record was changed by someone else",
        429 => "Too many requests",
        _ when code >= 500 => "Something went wrong on our side",
        _ => "The request could not be completed",
    };

    private static string Explanation(int code) => code switch
    {
        400 => "Some of the information sent was malformed or out of date. Go back, reload the form and try again.",
        403 => "Your role does not include this. If you need it, ask your registry Admin.",
        404 => "There is nothing at this address, or it belongs to a clinic you are not a member of.",
        _ when code >= 500 => "The error has been logged. Try again; if it keeps happening, give the reference below to your registry Admin.",
        _ => "Go back and try again.",
    };
}

public sealed record ErrorModel(int StatusCode, string Title, string Explanation, string Reference);
