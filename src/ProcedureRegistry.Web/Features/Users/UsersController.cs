using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Results;
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

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(string id)
    {
        var form = await mediator.Send(new EditUser.Query(id));
        if (!form.Succeeded || !await LoadTarget(id))
        {
            return NotFound();
        }
        await LoadClinics();
        return View(form.Value);
    }

    [HttpPost("{id}/edit")]
    public async Task<IActionResult> Edit(string id, EditUser.Command command)
    {
        command.UserId = id;
        var result = ModelState.IsValid ? await mediator.Send(command) : null;
        if (result is { Succeeded: true })
        {
            TempData["Flash"] = $"{command.DisplayName!.Trim()} saved.";
            return RedirectToAction(nameof(Index));
        }
        if ((result?.IsAboutTheRecord() ?? false) || !await LoadTarget(id))
        {
            return NotFound();
        }
        await LoadClinics();
        return result is null ? this.InvalidForm(nameof(Edit), command) : this.FormWithErrors(result, nameof(Edit), command);
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
        if (result.Succeeded)
        {
            TempData["Flash"] = "The account is deactivated and its sessions have ended.";
            return RedirectToAction(nameof(Index));
        }
        var target = await mediator.Send(new FindUser.Query(id));
        return target.Succeeded ? this.FormWithErrors(result, "ConfirmDeactivate", target.Value!) : NotFound();
    }

    [HttpPost("{id}/reactivate")]
    public async Task<IActionResult> Reactivate(string id, ReactivateUser.Command command)
    {
        command.UserId = id;
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return StatusCode(result.StatusCode());
        }
        TempData["Flash"] = "The account is active again.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> Confirm(string id, string view)
    {
        var target = await mediator.Send(new FindUser.Query(id));
        return target.Succeeded ? View(view, target.Value) : NotFound();
    }

    /// <summary>Who is being edited, for the page's heading; false when the Admin does not administer them.</summary>
    private async Task<bool> LoadTarget(string id)
    {
        var target = await mediator.Send(new FindUser.Query(id));
        ViewBag.Target = target.Value;
        return target.Succeeded;
    }

    private async Task LoadClinics() => ViewBag.Clinics = (await mediator.Send(new ListClinics.Query())).Value;
}

/// <summary>A password shown once, right after it was generated.</summary>
public sealed record OneTimePassword(string Title, string Email, string Password);
