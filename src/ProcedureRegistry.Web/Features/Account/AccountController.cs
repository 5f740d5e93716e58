using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Web.Infrastructure.Identity;
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
        switch (result.Value!.Next)
        {
            case Features.Account.SignIn.NextStep.TwoFactorCode:
                return RedirectToAction(nameof(TwoFactorCode), new { returnUrl = command.ReturnUrl, rememberMe = command.RememberMe });
            case Features.Account.SignIn.NextStep.Enrol:
                TempData["Flash"] = result.Value.Message;
                return Redirect(TwoFactor.EnrolUrl(command.ReturnUrl));
            default:
                return ToReturnUrl(command.ReturnUrl);
        }
    }

    [AllowAnonymous, HttpGet("two-factor")]
    public IActionResult TwoFactorCode(string? returnUrl, bool rememberMe) =>
        View(new SignInWithCode.Command { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [AllowAnonymous, HttpPost("two-factor")]
    public async Task<IActionResult> TwoFactorCode(SignInWithCode.Command command)
    {
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(TwoFactorCode), command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            command.Code = null;
            return this.FormWithErrors(result, nameof(TwoFactorCode), command);
        }
        return ToReturnUrl(command.ReturnUrl);
    }

    [HttpGet("security")]
    public async Task<IActionResult> Security()
    {
        var result = await mediator.Send(new GetAccountSecurity.Query());
        return this.ShowPage(result);
    }

    [HttpGet("password")]
    public IActionResult ChangePassword() => View(new ChangePassword.Command());

    [HttpPost("password")]
    public async Task<IActionResult> ChangePassword(ChangePassword.Command command)
    {
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(ChangePassword), new ChangePassword.Command());
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.FormWithErrors(result, nameof(ChangePassword), new ChangePassword.Command());
        }
        TempData["Flash"] = "Your password was changed. Other sessions of your account have been signed out.";
        return RedirectToAction(nameof(Security));
    }

    [HttpGet("two-factor/enrol")]
    public async Task<IActionResult> Enrol(string? returnUrl)
    {
        var setup = await mediator.Send(new GetAuthenticatorSetup.Query());
        return this.WhenSucceeded(setup, key => EnrolPage(this.View(nameof(Enrol), new EnableAuthenticator.Command { ReturnUrl = returnUrl, Setup = key })));
    }

    /// <summary>Sent as it bound (the pipeline refuses input that did not): any refusal comes back with the key, to show the page again.</summary>
    [HttpPost("two-factor/enrol")]
    public async Task<IActionResult> Enrol(EnableAuthenticator.Command command)
    {
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            command.Code = null;
            return command.Setup is null ? NotFound() : EnrolPage(this.FormWithErrors(result, nameof(Enrol), command));
        }
        // The recovery codes are shown this once and must not stay in a cache.
        Response.Headers.CacheControl = "no-store";
        ViewData["ReturnUrl"] = Url.IsLocalUrl(command.ReturnUrl) ? command.ReturnUrl : "/";
        return View("RecoveryCodes", result.Value);
    }

    [HttpPost("two-factor/reset")]
    public Task<IActionResult> ResetAuthenticator(string? password) =>
        TurnOff(new TurnOffAuthenticator.Command { Password = password, Disable = false },
            "Your authenticator key was reset. Set up the app again with the new key.", thenEnrol: true);

    [HttpPost("two-factor/disable")]
    public Task<IActionResult> DisableTwoFactor(string? password) =>
        TurnOff(new TurnOffAuthenticator.Command { Password = password, Disable = true },
            "Two-factor sign-in is off.", thenEnrol: false);

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

    private IActionResult ToReturnUrl(string? returnUrl) =>
        Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl!) : RedirectToAction("Index", "Home");

    /// <summary>The enrolment page holds the shared key: it must not stay in a cache.</summary>
    private IActionResult EnrolPage(IActionResult page)
    {
        Response.Headers.CacheControl = "no-store";
        return page;
    }

    private async Task<IActionResult> TurnOff(TurnOffAuthenticator.Command command, string done, bool thenEnrol)
    {
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedPage(result, nameof(Security));
        }
        TempData["Flash"] = done;
        return thenEnrol ? Redirect(TwoFactor.EnrolPath) : RedirectToAction(nameof(Security));
    }
}
