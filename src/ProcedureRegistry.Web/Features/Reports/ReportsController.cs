using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>Outcome reports: request one (a Hangfire job makes it), follow its progress, view it on screen, download the PDF, JSON and CSV.</summary>
[Route("reports"), Requires(Capability.GenerateReports)]
public sealed class ReportsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1)
    {
        var result = await mediator.Send(new ListReports.Query(page));
        return this.ShowPage(result);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New()
    {
        var clinics = await mediator.Send(new ListMyClinics.Query());
        return this.WhenSucceeded(clinics, mine => View(new RequestReport.Command { Clinics = mine }));
    }

    /// <summary>Sent as it bound (the pipeline refuses input that did not): a refusal comes back with the clinics to choose from.</summary>
    [HttpPost("new")]
    public async Task<IActionResult> New(RequestReport.Command command)
    {
        var result = await mediator.Send(command);
        return result.Succeeded ? Redirect($"/reports/{result.Value}") : this.FormWithErrors(result, nameof(New), command);
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Show(long id)
    {
        var result = await mediator.Send(new GetReport.Query(id));
        // While the job runs, the page follows it by itself (wwwroot/js/report-progress.js) or the reader checks by hand.
        return this.ShowPage(result);
    }

    [HttpGet("{id:long}/view")]
    public async Task<IActionResult> OnScreen(long id)
    {
        var result = await mediator.Send(new ViewReport.Query(id));
        return this.WhenSucceeded(result, html =>
        {
            Response.Headers.ContentSecurityPolicy = ViewReport.ContentSecurityPolicy;
            Response.Headers.XFrameOptions = "SAMEORIGIN"; // as frame-ancestors 'self', for browsers that only know this header
            Response.Headers.XContentTypeOptions = "nosniff";
            return Content(html, "text/html; charset=utf-8");
        });
    }

    [HttpGet("{id:long}/{format:regex(^(pdf|json|csv)$)}")]
    public async Task<IActionResult> Download(long id, string format)
    {
        var result = await mediator.Send(new DownloadReport.Query(id, Enum.Parse<DownloadReport.Format>(format, ignoreCase: true)));
        return this.WhenSucceeded(result, file => File(file.Content, file.ContentType, file.FileName));
    }
}
