using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Assessments;

[Requires(Capability.ViewPatients)]
public sealed class AssessmentsController(IMediator mediator) : Controller
{
    [HttpGet("patients/{patientId:int}/assessments/new"), Requires(Capability.RecordAssessments)]
    public async Task<IActionResult> Record(int patientId)
    {
        var form = await mediator.Send(new RecordAssessment.Query(patientId));
        return form.Succeeded ? View(form.Value) : StatusCode(form.StatusCode());
    }

    [HttpPost("patients/{patientId:int}/assessments/new"), Requires(Capability.RecordAssessments)]
    public async Task<IActionResult> Record(int patientId, RecordAssessment.Command command)
    {
        command.PatientId = patientId;
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Record), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return result.Outcome is Outcome.NotFound or Outcome.Forbidden
                ? StatusCode(result.StatusCode())
                : this.FormWithErrors(result, nameof(Record), command);
        }
        TempData["Flash"] = "Assessment recorded.";
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }

    [HttpGet("assessments/{id:int}")]
    public async Task<IActionResult> Details(int id)
    {
        var result = await mediator.Send(new GetAssessment.Query(id));
        return result.Succeeded ? View(result.Value) : StatusCode(result.StatusCode());
    }
}
