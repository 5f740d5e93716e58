using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Users;

[Route("admin/users"), Requires(Capability.ManageUsers)]
public sealed class UsersController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? search, int page = 1) =>
        View((await mediator.Send(new ListUsers.Query(search, page))).Value);

    [HttpGet("new")]
    public async Task<IActionResult> Create()
    {
        await LoadClinics();
        return View(new CreateUser.Command { Role = Roles.Clinician });
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(CreateUser.Command command)
    {
        if (!ModelState.IsValid)
        {
            await LoadClinics();
            return this.InvalidForm(nameof(Create), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            await LoadClinics();
            return this.FormWithErrors(result, nameof(Create), command);
        }
        // The initial password is shown on this response only; it is not kept anywhere.
        return View("Created", result.Value);
    }

    private async Task LoadClinics() => ViewBag.Clinics = (await mediator.Send(new ListClinics.Query())).Value;
}
