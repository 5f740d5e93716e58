using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>Admins edit the follow-up protocols (views beside the follow-up slice).</summary>
[Route("protocols"), Requires(Capability.ManageProtocols)]
public sealed class ProtocolsController(IMediator mediator) : Controller
{
    private const string Views = "~/Features/FollowUps/";

    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var result = await mediator.Send(new ListProtocolPoints.Query());
        return this.ShowPage(result, Views + "Protocols.cshtml");
    }

    [HttpGet("new")]
    public IActionResult Add(ProcedureKind? kind = null) =>
        View(Views + "AddProtocolPoint.cshtml", new AddProtocolPoint.Command { Kind = kind, WindowDaysBefore = 7, WindowDaysAfter = 7 });

    [HttpPost("new")]
    public async Task<IActionResult> Add(AddProtocolPoint.Command command)
    {
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(Views + "AddProtocolPoint.cshtml", command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, Views + "AddProtocolPoint.cshtml", command);
        }
        TempData["Flash"] = $"Point \u201c{command.Label?.Trim()}\u201d added. Procedures logged from now on get it.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        var result = await mediator.Send(new EditProtocolPoint.Query(id));
        return this.ShowPage(result, Views + "EditProtocolPoint.cshtml");
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, EditProtocolPoint.Command command)
    {
        command.Id = id;
        if (!ModelState.IsValid)
        {
            return this.InvalidForm(Views + "EditProtocolPoint.cshtml", command);
        }
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, Views + "EditProtocolPoint.cshtml", command);
        }
        TempData["Flash"] = "Point saved. Procedures logged from now on follow it; follow-ups already planned keep their dates.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/deactivate")]
    public Task<IActionResult> Deactivate(int id, uint version) => SetActive(id, version, false);

    [HttpPost("{id:int}/activate")]
    public Task<IActionResult> Activate(int id, uint version) => SetActive(id, version, true);

    private async Task<IActionResult> SetActive(int id, uint version, bool active)
    {
        var result = await mediator.Send(new SetProtocolPointActive.Command { Id = id, Version = version, Active = active });
        return this.WhenSucceeded(result, () =>
        {
            TempData["Flash"] = active
                ? "Point reactivated: procedures logged from now on get it again."
                : "Point deactivated: procedures logged from now on do not get it; follow-ups already planned stay.";
            return RedirectToAction(nameof(Index));
        });
    }
}
