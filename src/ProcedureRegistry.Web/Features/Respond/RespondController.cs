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
        if (!result.Succeeded)
        {
            return Unavailable(result);
        }
        SetPage(result.Value!);
        return View(new AnswerFollowUp.Command { Token = token });
    }

    [HttpPost("{token}")]
    public async Task<IActionResult> Answer([FromRoute] string token, AnswerFollowUp.Command command)
    {
        command.Token = token;
        var page = await mediator.Send(new AnswerFollowUp.Query { Token = token });
        if (!page.Succeeded)
        {
            return Unavailable(page);
        }
        SetPage(page.Value!);
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(nameof(Answer), command);
        }
        var result = await mediator.Send(command);
        if (result.Outcome == Outcome.Invalid)
        {
            return this.FormWithErrors(result, nameof(Answer), command);
        }
        if (!result.Succeeded)
        {
            return Unavailable(result);
        }
        var thanks = View("Thanks", page.Value);
        return thanks;
    }

    private void SetPage(AnswerFollowUp.Form form)
    {
        ViewData["Clinic"] = form.ClinicName;
        ViewData["ClosesAt"] = form.ClosesAt;
    }

    private ViewResult Unavailable(Result result)
    {
        var message = result.Outcome == Outcome.Conflict && result.Errors.Count > 0 && IsOneOfOurs(result.Errors[0].Message)
            ? result.Errors[0].Message
            : result.Outcome == Outcome.Conflict ? FollowUpLink.AlreadyAnswered : FollowUpLink.NotValid;
        var view = View("Unavailable", message);
        view.StatusCode = result.Outcome == Outcome.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return view;
    }

    private static bool IsOneOfOurs(string message) =>
        message is FollowUpLink.Expired or FollowUpLink.AlreadyAnswered or FollowUpLink.NotOpenYet or FollowUpLink.NoLongerNeeded;
}
