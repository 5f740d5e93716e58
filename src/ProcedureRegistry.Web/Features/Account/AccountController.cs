using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Account;

[Route("account")]
public sealed class AccountController(IMediator mediator) : Controller
{
    [AllowAnonymous, HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new SignIn.Command { ReturnUrl = returnUrl });

    [AllowAnonymous, HttpPost("login")]
    public async Task<IActionResult> Login(SignIn.Command command)
    {
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Login), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            command.Password = null;
            return this.FormWithErrors(result, nameof(Login), command);
        }
        return Url.IsLocalUrl(command.ReturnUrl) ? LocalRedirect(command.ReturnUrl!) : RedirectToAction("Index", "Home");
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await mediator.Send(new SignOut.Command());
        return RedirectToAction(nameof(Login));
    }

    [AllowAnonymous, HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
