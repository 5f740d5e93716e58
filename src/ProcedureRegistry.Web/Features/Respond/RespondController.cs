using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Respond;

/// <summary>
/// The patient's page, reached from a reminder link: the only page besides sign-in that needs no account. The
/// token in the path is the credential; requests are rate limited per address.
/// </summary>
[AllowAnonymous, Route("r"), EnableRateLimiting(RespondController.RateLimitPolicy)]
public sealed class RespondController(IMediator mediator) : Controller
{
    public const string RateLimitPolicy = "patient-link";

    [HttpGet("{token}")]
    public async Task<IActionResult> Answer([FromRoute] string token)
    {
        var result = await mediator.Send(new AnswerFollowUp.Query { Token = token });
        return result.Succeeded ? Form(result.Value!, new AnswerFollowUp.Command { Token = token }) : Unavailable(result);
    }

    /// <summary>One command: its result carries the page, so a refused answer is shown again without a second request.</summary>
    [HttpPost("{token}")]
    public async Task<IActionResult> Answer([FromRoute] string token, AnswerFollowUp.Command command)
    {
        command.Token = token;
        var result = await mediator.Send(command);
        if (result.Succeeded)
        {
            return View("Thanks", result.Value);
        }
        // A refused answer to a link still open comes back with the link's page: the form again, with the rules it broke.
        if (result.Value is { Unavailable: null } page)
        {
            SetPage(page);
            return this.FormWithErrors(result, nameof(Answer), command);
        }
        return Unavailable(result);
    }

    private ViewResult Form(LinkPage page, AnswerFollowUp.Command command)
    {
        SetPage(page);
        return View(nameof(Answer), command);
    }

    private void SetPage(LinkPage page)
    {
        ViewData["Clinic"] = page.ClinicName;
        ViewData["ClosesAt"] = page.ClosesAt;
    }

    /// <summary>The link cannot be used: its reason picks the message; a link that is not valid answers 404, any other 410.</summary>
    private ViewResult Unavailable(Result<LinkPage> failure)
    {
        var reason = FollowUpLink.ReasonFor(failure);
        var view = View("Unavailable", FollowUpLink.Message(reason));
        view.StatusCode = reason == LinkUnavailableReason.NotValid ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return view;
    }
}
