using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Patients;

[Route("patients"), Requires(Capability.ViewPatients)]
public sealed class PatientsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1)
    {
        var result = await mediator.Send(new SearchPatients.Query(q, page));
        return this.ShowPage(result);
    }

    [HttpGet("new"), Requires(Capability.EditPatients)]
    public async Task<IActionResult> Register()
    {
        await LoadClinics();
        return View(new RegisterPatient.Command { TimeZone = "Europe/Paris" });
    }

    [HttpPost("new"), Requires(Capability.EditPatients)]
    public async Task<IActionResult> Register(RegisterPatient.Command command)
    {
        if (!ModelState.IsValid)
        {
            await LoadClinics();
            return this.InvalidForm(nameof(Register), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            await LoadClinics();
            return this.FormWithErrors(result, nameof(Register), command);
        }
        TempData["Flash"] = $"Patient {command.FamilyName?.ToUpperInvariant()}, {command.GivenName} registered.";
        return RedirectToAction(nameof(Details), new { id = result.Value });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id)
    {
        var result = await mediator.Send(new GetPatient.Query(id));
        return this.ShowPage(result);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        var result = await mediator.Send(new EditPatient.Query(id));
        return this.ShowPage(result);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, EditPatient.Command command)
    {
        command.Id = id;
        // What the form locks comes from the user's role, never from the posted form.
        command.ContactOnly = !User.Can(Capability.EditPatients);
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Edit), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, nameof(Edit), command);
        }
        TempData["Flash"] = "Changes saved; the previous version is kept in the history below.";
        return RedirectToAction(nameof(Details), new { id });
    }

    private async Task LoadClinics() =>
        ViewBag.Clinics = (await mediator.Send(new ListMyClinics.Query())).Value;
}
