using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using ProcedureRegistry.Web.Features.Errors;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// The address names the record; a form or query value of the same name (Id, patientId...) that says otherwise is
/// refused with 400 before the action runs, so nothing is written. Model binding reads form values before route
/// values, so without this POST /patients/316/edit with Id=315 would edit patient 315.
/// </summary>
public sealed class RouteIdMustMatchFilter(IModelMetadataProvider metadata) : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        // An error page re-executed for a refused request sees that request's form: its own route value ({code})
        // is not the form's business.
        if (context.HttpContext.GetEndpoint() is not RouteEndpoint endpoint
            || context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null)
        {
            return;
        }
        var request = context.HttpContext.Request;
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            var inAddress = Convert.ToString(context.RouteData.Values[parameter.Name], System.Globalization.CultureInfo.InvariantCulture);
            var (field, other) = Values(request, parameter.Name).FirstOrDefault(v => !string.Equals(v.Value, inAddress, StringComparison.Ordinal));
            if (field is not null)
            {
                context.Result = Refusal(context, field, other, inAddress);
                return;
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    /// <summary>Every value the form and the query string give for <paramref name="name"/>, whatever its case, with the name as given.</summary>
    private static IEnumerable<(string? Field, string? Value)> Values(HttpRequest request, string name)
    {
        var form = request.HasFormContentType ? request.Form.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) : [];
        var query = request.Query.Where(q => string.Equals(q.Key, name, StringComparison.OrdinalIgnoreCase));
        return form.Concat(query).SelectMany(kv => kv.Value.Select(v => ((string?)kv.Key, v)));
    }

    private ViewResult Refusal(ActionExecutingContext context, string field, string? given, string? inAddress) => new()
    {
        ViewName = "Error",
        StatusCode = StatusCodes.Status400BadRequest,
        ViewData = new ViewDataDictionary<ErrorModel>(metadata, context.ModelState)
        {
            Model = new ErrorModel(StatusCodes.Status400BadRequest, "The form does not match its address",
                $"The form says {field} {Shorten(given)}, but the address is for {field} {inAddress}: nothing was saved. " +
                "Go back, reload the page and try again.", context.HttpContext.TraceIdentifier),
        },
    };

    private static string Shorten(string? value) => value is null ? "(none)" : value.Length > 64 ? value[..64] + "…" : value;
}
