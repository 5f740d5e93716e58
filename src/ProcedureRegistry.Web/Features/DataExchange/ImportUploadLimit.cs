using MediatR;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.DataExchange;

/// <summary>
/// The cap on an import upload, setting <c>Import:MaxUploadMegabytes</c> (environment <c>Import__MaxUploadMegabytes</c>;
/// 200 MB by default: a clinic's history is about 250 bytes a procedure row, so this is some 800,000 procedures,
/// while a mistaken upload of something else is refused early). A larger upload gets the import page with a clear
/// message and status 413, never a 500: the declared length is checked before anything is read, and a body without
/// a declared length (chunked) is read here, under the cap, before antiforgery and model binding would read it.
/// Runs as an authorization filter ordered before the antiforgery check, which reads the form too.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadLimitAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public const string Setting = "Import:MaxUploadMegabytes";
    public const int DefaultMegabytes = 200;

    /// <summary>Before <see cref="AutoValidateAntiforgeryTokenAttribute"/> (order 1000).</summary>
    public int Order => -2000;

    public static long MaxBytes(IConfiguration configuration) =>
        Math.Max(1, configuration.GetValue(Setting, DefaultMegabytes)) * 1024L * 1024;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var max = MaxBytes(http.RequestServices.GetRequiredService<IConfiguration>());
        if (http.Request.ContentLength > max)
        {
            context.Result = await TooLargeAsync(context, max);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max;
        }
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max }));
        if (!http.Request.HasFormContentType)
        {
            return;
        }
        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            context.Result = await TooLargeAsync(context, max);
        }
    }

    private static async Task<IActionResult> TooLargeAsync(AuthorizationFilterContext context, long max)
    {
        var services = context.HttpContext.RequestServices;
        var clinics = (await services.GetRequiredService<IMediator>().Send(new ListMyClinics.Query())).Value ?? [];
        Result<ImportCsv.Summary> refused = Fail.Invalid("Files",
            $"The upload is larger than the import accepts ({max / (1024 * 1024)} MB in all). Split the history into smaller files, or ask your administrator to raise {Setting}.");
        return new ViewResult
        {
            ViewName = "Index",
            StatusCode = StatusCodes.Status413PayloadTooLarge,
            ViewData = new ViewDataDictionary<DataExchangeController.PageModel>(services.GetRequiredService<IModelMetadataProvider>(), context.ModelState)
            {
                Model = new DataExchangeController.PageModel(clinics, refused, null),
            },
        };
    }
}
