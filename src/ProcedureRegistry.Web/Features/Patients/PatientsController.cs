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
        var clinics = await mediator.Send(new ListMyClinics.Query());
        return this.WhenSucceeded(clinics, mine => View(new RegisterPatient.Command { TimeZone = "Europe/Paris", Clinics = mine }));
    }

    /// <summary>Sent as it bound (the pipeline refuses input that did not): a refusal comes back with the clinics to choose from.</summary>
    [HttpPost("new"), Requires(Capability.EditPatients)]
    public async Task<IActionResult> Register(RegisterPatient.Command command)
    {
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
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
}
