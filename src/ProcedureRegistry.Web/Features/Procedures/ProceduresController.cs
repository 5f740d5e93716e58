using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Procedures;

[Requires(Capability.ViewPatients)]
public sealed class ProceduresController(IMediator mediator) : Controller
{
    [HttpGet("patients/{patientId:int}/procedures/new/block"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> LogBlock(int patientId) => Form(new LogDiagnosticBlock.Query(patientId), "LogBlock");

    [HttpPost("patients/{patientId:int}/procedures/new/block"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> LogBlock(int patientId, LogDiagnosticBlock.Command command)
    {
        command.PatientId = patientId;
        return Submit(command, "LogBlock", "Diagnostic block logged.");
    }

    [HttpGet("patients/{patientId:int}/procedures/new/steroid"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> LogSteroid(int patientId) => Form(new LogSteroidInjection.Query(patientId), "LogSteroid");

    [HttpPost("patients/{patientId:int}/procedures/new/steroid"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> LogSteroid(int patientId, LogSteroidInjection.Command command)
    {
        command.PatientId = patientId;
        return Submit(command, "LogSteroid", "Steroid injection logged.");
    }

    [HttpGet("patients/{patientId:int}/procedures/new/rf"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> LogRf(int patientId) => Form(new LogRfDenervation.Query(patientId), "LogRf");

    [HttpPost("patients/{patientId:int}/procedures/new/rf"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> LogRf(int patientId, LogRfDenervation.Command command)
    {
        command.PatientId = patientId;
        return Submit(command, "LogRf", "RF denervation logged.");
    }

    [HttpGet("procedures/{id:int}")]
    public async Task<IActionResult> Details(int id)
    {
        var result = await mediator.Send(new GetProcedure.Query(id));
        return this.ShowPage(result);
    }

    [HttpGet("procedures/{id:int}/correct"), Requires(Capability.LogProcedures)]
    public async Task<IActionResult> Correct(int id)
    {
        var form = await mediator.Send(new CorrectProcedure.Query(id));
        return this.ShowPage(form, ViewFor(form.Value!));
    }

    [HttpPost("procedures/{id:int}/correct/block"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> CorrectBlock(int id, LogDiagnosticBlock.Command form) => SubmitCorrection(id, form);

    [HttpPost("procedures/{id:int}/correct/steroid"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> CorrectSteroid(int id, LogSteroidInjection.Command form) => SubmitCorrection(id, form);

    [HttpPost("procedures/{id:int}/correct/rf"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> CorrectRf(int id, LogRfDenervation.Command form) => SubmitCorrection(id, form);

    /// <summary>A correction is sent as it bound (the pipeline refuses input that did not): its refusal comes back with its page (a block's partner choices).</summary>
    private async Task<IActionResult> SubmitCorrection(int id, ProcedureForm form)
    {
        form.CorrectingId = id;
        var result = await mediator.Send(new CorrectProcedure.Command { Id = id, Form = form });
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, ViewFor(form), form);
        }
        TempData["Flash"] = "Correction saved; the procedure as it was is kept under Corrections.";
        return RedirectToAction(nameof(Details), new { id });
    }

    private static string ViewFor(ProcedureForm form) => form switch
    {
        LogDiagnosticBlock.Command => "LogBlock",
        LogSteroidInjection.Command => "LogSteroid",
        _ => "LogRf",
    };

    [HttpGet("procedures/{id:int}/diary"), Requires(Capability.LogProcedures)]
    public Task<IActionResult> Diary(int id) => Form(new UpdateBlockDiary.Query(id), "Diary");

    [HttpPost("procedures/{id:int}/diary"), Requires(Capability.LogProcedures)]
    public async Task<IActionResult> Diary(int id, UpdateBlockDiary.Command command)
    {
        command.Id = id;
        if (!ModelState.IsValid)
        {
            return this.InvalidForm("Diary", command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, "Diary", command);
        }
        TempData["Flash"] = "Diary saved; the previous diary is kept under Corrections.";
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpGet("procedures/{id:int}/void"), Requires(Capability.LogProcedures)]
    public async Task<IActionResult> Void(int id)
    {
        var result = await mediator.Send(new GetProcedure.Query(id));
        return this.ShowPage(result, "ConfirmVoid");
    }

    [HttpPost("procedures/{id:int}/void"), Requires(Capability.LogProcedures)]
    public async Task<IActionResult> Void(int id, VoidProcedure.Command command)
    {
        command.Id = id;
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedPage(result, "ConfirmVoid");
        }
        TempData["Flash"] = "Procedure voided. It stays in the record, struck through, and counts in no figure.";
        return RedirectToAction(nameof(Details), new { id });
    }

    private async Task<IActionResult> Form<TForm>(IRequest<Result<TForm>> query, string view)
    {
        var form = await mediator.Send(query);
        return this.ShowPage(form, view);
    }

    /// <summary>A log form is sent as it bound (the pipeline refuses input that did not): its refusal comes back with its page (a block's partner choices).</summary>
    private async Task<IActionResult> Submit<TCommand>(TCommand command, string view, string flash) where TCommand : ProcedureForm, IRequest<Result<int>>
    {
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, view, command);
        }
        TempData["Flash"] = flash;
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }
}
