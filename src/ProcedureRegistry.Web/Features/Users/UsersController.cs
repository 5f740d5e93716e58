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
        return View(nameof(OneTimePassword), new OneTimePassword("User created", result.Value!.Email, result.Value.InitialPassword));
    }

    [HttpGet("{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id)
    {
        var target = await mediator.Send(new ResetPassword.Query(id));
        return target.Succeeded ? View("ConfirmResetPassword", target.Value) : NotFound();
    }

    [HttpPost("{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id, ResetPassword.Command command)
    {
        command.UserId = id;
        command.Email = null;
        var result = await mediator.Send(command);
        return result.Succeeded
            ? View(nameof(OneTimePassword), new OneTimePassword("Password reset", result.Value!.Email, result.Value.NewPassword))
            : StatusCode(result.StatusCode());
    }

    private async Task LoadClinics() => ViewBag.Clinics = (await mediator.Send(new ListClinics.Query())).Value;
}

/// <summary>A password shown once, right after it was generated.</summary>
public sealed record OneTimePassword(string Title, string Email, string Password);
