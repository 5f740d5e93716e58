using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>The coordinators' worklist and what they do to one follow-up: answer by phone, resend, cancel.</summary>
[Route("follow-ups"), Requires(Capability.WorkFollowUps)]
public sealed class FollowUpsController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(WorklistBucket bucket = WorklistBucket.DueToday, int? clinic = null, string? @operator = null,
        ProcedureKind? kind = null, int page = 1)
    {
        var result = await mediator.Send(new ListFollowUps.Query(bucket, clinic, @operator, kind, page));
        return this.ShowPage(result);
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Details(long id)
    {
        var result = await mediator.Send(new GetFollowUp.Query(id));
        return this.ShowPage(result);
    }

    [HttpGet("{id:long}/answer")]
    public async Task<IActionResult> Answer(long id)
    {
        var result = await mediator.Send(new GetFollowUp.Query(id));
        return this.WhenSucceeded(result, followUp => View(new RecordPhoneAnswer.Command { Id = id, Version = followUp.FollowUp.Version, FollowUp = followUp }));
    }

    [HttpPost("{id:long}/answer")]
    public async Task<IActionResult> Answer([FromRoute] long id, RecordPhoneAnswer.Command command)
    {
        command.Id = id;
        var result = await mediator.Send(command);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Answer recorded (taken by phone).";
            return RedirectToAction(nameof(Details), new { id });
        }
        return this.RefusedPage(result, nameof(Answer), followUp =>
        {
            command.FollowUp = followUp;
            return command;
        });
    }

    [HttpPost("{id:long}/resend")]
    public async Task<IActionResult> Resend([FromRoute] long id)
    {
        var result = await mediator.Send(new ResendReminder.Command { Id = id });
        if (result.Succeeded)
        {
            TempData["Flash"] = "Reminder queued: it goes out within a minute (outside the patient's quiet hours).";
            return RedirectToAction(nameof(Details), new { id });
        }
        return this.RefusedPage(result, nameof(Details));
    }

    [HttpPost("{id:long}/retry-reminder")]
    public async Task<IActionResult> RetryReminder([FromRoute] long id)
    {
        var result = await mediator.Send(new RetryFailedReminder.Command { Id = id });
        if (result.Succeeded)
        {
            TempData["Flash"] = "Failed reminder queued again: it goes out within a minute (outside the patient's quiet hours).";
            return RedirectToAction(nameof(Details), new { id });
        }
        return this.RefusedPage(result, nameof(Details));
    }

    [HttpGet("{id:long}/cancel")]
    public async Task<IActionResult> Cancel(long id)
    {
        var result = await mediator.Send(new GetFollowUp.Query(id));
        return this.ShowPage(result, "ConfirmCancel");
    }

    [HttpPost("{id:long}/cancel")]
    public async Task<IActionResult> Cancel([FromRoute] long id, CancelFollowUp.Command command)
    {
        command.Id = id;
        var result = await mediator.Send(command);
        if (result.Succeeded)
        {
            TempData["Flash"] = "Follow-up cancelled; its waiting reminders will not be sent.";
            return RedirectToAction(nameof(Details), new { id });
        }
        return this.RefusedPage(result, "ConfirmCancel");
    }
}
