using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// User administration. Every action reaches only users the signed-in Admin administers (<see cref="AdministeredUsers"/>):
/// any other id answers 404. The id always comes from the route.
/// </summary>
[Route("admin/users"), Requires(Capability.ManageUsers)]
public sealed class UsersController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? search, int page = 1)
    {
        var result = await mediator.Send(new ListUsers.Query(search, page));
        return this.ShowPage(result);
    }

    [HttpGet("new")]
    public async Task<IActionResult> Create()
    {
        var clinics = await mediator.Send(new ListClinics.Query());
        return this.WhenSucceeded(clinics, own => View(new CreateUser.Command { Role = Roles.Clinician, Clinics = own }));
    }

    /// <summary>Sent as it bound (the pipeline refuses input that did not): a refusal comes back with the clinics to choose from.</summary>
    [HttpPost("new")]
    public async Task<IActionResult> Create(CreateUser.Command command)
    {
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.FormWithErrors(result, nameof(Create), command);
        }
        // The initial password is shown on this response only; it is not kept anywhere.
        return View(nameof(OneTimePassword), new OneTimePassword("User created", result.Value!.Email, result.Value.InitialPassword));
    }

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(string id)
    {
        var form = await mediator.Send(new EditUser.Query(id));
        return this.ShowPage(form);
    }

    /// <summary>Sent as it bound (the pipeline refuses input that did not): a refusal comes back with whom it edits and the clinics.</summary>
    [HttpPost("{id}/edit")]
    public async Task<IActionResult> Edit(string id, EditUser.Command command)
    {
        command.UserId = id;
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, nameof(Edit), command);
        }
        TempData["Flash"] = $"{command.DisplayName!.Trim()} saved.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id}/reset-password")]
    public Task<IActionResult> ResetPassword(string id) => Confirm(id, "ConfirmResetPassword");

    [HttpPost("{id}/reset-password")]
    public async Task<IActionResult> ResetPassword(string id, ResetPassword.Command command)
    {
        command.UserId = id;
        command.Email = null;
        var result = await mediator.Send(command);
        return this.WhenSucceeded(result, reset => View(nameof(OneTimePassword), new OneTimePassword("Password reset", reset.Email, reset.NewPassword)));
    }

    [HttpGet("{id}/deactivate")]
    public Task<IActionResult> Deactivate(string id) => Confirm(id, "ConfirmDeactivate");

    [HttpPost("{id}/deactivate")]
    public async Task<IActionResult> Deactivate(string id, DeactivateUser.Command command)
    {
        command.UserId = id;
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedPage(result, "ConfirmDeactivate");
        }
        TempData["Flash"] = "The account is deactivated and its sessions have ended.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id}/reactivate")]
    public async Task<IActionResult> Reactivate(string id, ReactivateUser.Command command)
    {
        command.UserId = id;
        var result = await mediator.Send(command);
        return this.WhenSucceeded(result, () =>
        {
            TempData["Flash"] = "The account is active again.";
            return RedirectToAction(nameof(Index));
        });
    }

    private async Task<IActionResult> Confirm(string id, string view)
    {
        var target = await mediator.Send(new FindUser.Query(id));
        return this.ShowPage(target, view);
    }
}

/// <summary>A password shown once, right after it was generated.</summary>
public sealed record OneTimePassword(string Title, string Email, string Password);
