using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Clinics;

[Route("admin/clinics"), Requires(Capability.ManageClinics)]
public sealed class ClinicsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var result = await mediator.Send(new ListClinics.Query());
        return this.ShowPage(result);
    }

    [HttpGet("new")]
    public IActionResult Create() => View(new CreateClinic.Command());

    [HttpPost("new")]
    public async Task<IActionResult> Create(CreateClinic.Command command)
    {
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Create), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.FormWithErrors(result, nameof(Create), command);
        }
        TempData["Flash"] = $"Clinic {command.Code} created.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        var result = await mediator.Send(new EditClinic.Query(id));
        return this.ShowPage(result);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, EditClinic.Command command)
    {
        command.Id = id;
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Edit), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, nameof(Edit), command);
        }
        TempData["Flash"] = $"Settings of clinic {command.Code} saved.";
        return RedirectToAction(nameof(Index));
    }
}

/// <summary>The same use cases for JSON clients; failures come back as RFC 7807 problem details.</summary>
[ApiController, Route("api/clinics"), Requires(Capability.ManageClinics)]
public sealed class ClinicsApiController(IMediator mediator) : ControllerBase
{
    [HttpGet("")]
    public async Task<IActionResult> List() => Ok((await mediator.Send(new ListClinics.Query())).Value);

    [HttpPost("")]
    public async Task<IActionResult> Create(CreateClinic.Command command)
    {
        var result = await mediator.Send(command);
        return result.Succeeded
            ? Created($"/api/clinics/{result.Value}", new { id = result.Value })
            : this.Problem(result);
    }
}
