using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// Renders a Razor view to a string outside any HTTP request (a Hangfire job): the same compiled view a controller
/// would return, with the caller's scope as request services. Scoped: views may inject scoped services.
/// </summary>
public sealed class RazorViewRenderer(
    IRazorViewEngine viewEngine,
    ITempDataProvider tempDataProvider,
    IModelMetadataProvider metadataProvider,
    IServiceProvider services)
{
    /// <summary>Renders the view at <paramref name="viewPath"/> (app-relative, e.g. "/Features/Reports/OutcomeReport.cshtml") with <paramref name="model"/>, layout included.</summary>
    public async Task<string> RenderAsync(string viewPath, object model, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var httpContext = new DefaultHttpContext { RequestServices = services, RequestAborted = cancellationToken };
        httpContext.Request.Scheme = "https";
        httpContext.Request.Host = new HostString("localhost");
        var actionContext = new ActionContext(httpContext, new RouteData(), new ActionDescriptor());

        var found = viewEngine.GetView(executingFilePath: null, viewPath, isMainPage: true);
        if (!found.Success)
        {
            throw new InvalidOperationException($"Report view {viewPath} not found (searched: {string.Join(", ", found.SearchedLocations)}).");
        }
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var viewData = new ViewDataDictionary(metadataProvider, new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(actionContext, found.View, viewData,
            new TempDataDictionary(httpContext, tempDataProvider), writer, new HtmlHelperOptions());
        await found.View.RenderAsync(viewContext);
        return writer.ToString();
    }
}
