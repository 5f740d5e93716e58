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
        return this.ShowPage(form);
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
            return this.RefusedForm(result, nameof(Record), command);
        }
        TempData["Flash"] = "Assessment recorded.";
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }

    [HttpGet("assessments/{id:int}/correct"), Requires(Capability.RecordAssessments)]
    public async Task<IActionResult> Correct(int id)
    {
        var form = await mediator.Send(new CorrectAssessment.Query(id));
        return this.ShowPage(form, nameof(Record));
    }

    [HttpPost("assessments/{id:int}/correct"), Requires(Capability.RecordAssessments)]
    public async Task<IActionResult> Correct(int id, RecordAssessment.Command form)
    {
        form.CorrectingId = id;
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Record), form);
        }
        var result = await mediator.Send(new CorrectAssessment.Command { Id = id, Form = form });
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, nameof(Record), form);
        }
        TempData["Flash"] = "Correction saved; the assessment as it was is kept under Corrections.";
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("assessments/{id:int}")]
    public async Task<IActionResult> Details(int id)
    {
        var result = await mediator.Send(new GetAssessment.Query(id));
        return this.ShowPage(result);
    }
}
