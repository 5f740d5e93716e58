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
    public async Task<IActionResult> New() => await Form(new RequestReport.Command());

    [HttpPost("new")]
    public async Task<IActionResult> New(RequestReport.Command command)
    {
        if (!ModelState.IsValid)
        {
            return await Form(command, StatusCodes.Status400BadRequest);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            result.AddTo(ModelState);
            return await Form(command, result.StatusCode());
        }
        return Redirect($"/reports/{result.Value}");
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Show(long id)
    {
        var result = await mediator.Send(new GetReport.Query(id));
        if (!result.Succeeded)
        {
            return StatusCode(result.StatusCode());
        }
        if (result.Value!.InProgress)
        {
            // The page refreshes itself every 2 s while the job runs: no script needed.
            Response.Headers["Refresh"] = "2";
        }
        return View(result.Value);
    }

    [HttpGet("{id:long}/view")]
    public async Task<IActionResult> OnScreen(long id)
    {
        var result = await mediator.Send(new ViewReport.Query(id));
        if (!result.Succeeded)
        {
            return StatusCode(result.StatusCode());
        }
        Response.Headers.ContentSecurityPolicy = ViewReport.ContentSecurityPolicy;
        Response.Headers.XFrameOptions = "SAMEORIGIN"; // as frame-ancestors 'self', for browsers that only know this header
        Response.Headers.XContentTypeOptions = "nosniff";
        return Content(result.Value!, "text/html; charset=utf-8");
    }

    [HttpGet("{id:long}/{format:regex(^(pdf|json|csv)$)}")]
    public async Task<IActionResult> Download(long id, string format)
    {
        var result = await mediator.Send(new DownloadReport.Query(id, Enum.Parse<DownloadReport.Format>(format, ignoreCase: true)));
        return result.Succeeded
            ? File(result.Value!.Content, result.Value.ContentType, result.Value.FileName)
            : StatusCode(result.StatusCode());
    }

    private async Task<IActionResult> Form(RequestReport.Command command, int status = StatusCodes.Status200OK)
    {
        ViewData["Clinics"] = (await mediator.Send(new ListMyClinics.Query())).Value ?? [];
        var view = View("New", command);
        view.StatusCode = status;
        return view;
    }
}
