using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Reports.Sample;

/// <summary>The sample report on screen and as PDF: the same Razor view both ways.</summary>
[Route("reports/sample"), Requires(Capability.GenerateReports)]
public sealed class SampleReportController(IReportRenderer renderer, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public IActionResult Show()
    {
        ReportStyles.AllowInlineStyle(Response);
        return View(SampleReport.ViewPath, new SampleReport { GeneratedAt = clock.GetUtcNow() });
    }

    [HttpGet("pdf")]
    public async Task<IActionResult> Pdf(CancellationToken cancellationToken)
    {
        var pdf = await renderer.RenderPdfAsync(new SampleReport { GeneratedAt = clock.GetUtcNow() }, cancellationToken);
        return File(pdf, "application/pdf", "sample-report.pdf");
    }
}
