using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Procedures;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>Blinded, randomised controlled-block protocols: defined and started by a Clinician or Admin, their lists seen only by a preparer.</summary>
public sealed class BlindedProtocolsController(IMediator mediator) : Controller
{
    private const string Views = "~/Features/Blinding/";

    [HttpGet("blinded-protocols"), Requires(Capability.DefineBlindedProtocols)]
    public async Task<IActionResult> Index()
    {
        var result = await mediator.Send(new ListBlindedProtocols.Query());
        return this.ShowPage(result, Views + "Index.cshtml");
    }

    [HttpGet("blinded-protocols/new"), Requires(Capability.DefineBlindedProtocols)]
    public async Task<IActionResult> Define()
    {
        var result = await mediator.Send(new DefineBlindedProtocol.Query());
        return this.ShowPage(result, Views + "Define.cshtml");
    }

    [HttpPost("blinded-protocols/new"), Requires(Capability.DefineBlindedProtocols)]
    public async Task<IActionResult> Define(DefineBlindedProtocol.Command command)
    {
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedForm(result, Views + "Define.cshtml", command);
        }
        TempData["Flash"] = "Protocol defined. Start it to draw its allocation list.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("blinded-protocols/{id:int}/start"), Requires(Capability.DefineBlindedProtocols)]
    public async Task<IActionResult> Start(int id, uint version)
    {
        var result = await mediator.Send(new StartBlindedProtocol.Command { Id = id, Version = version });
        if (!result.Succeeded)
        {
            return this.RefusedPage(result, Views + "Index.cshtml");
        }
        TempData["Flash"] = "Protocol started: its allocation list is drawn and only a preparer can see it.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("blinded-protocols/{id:int}/list"), Requires(Capability.PrepareBlocks)]
    public async Task<IActionResult> AllocationList(int id)
    {
        var result = await mediator.Send(new ViewAllocationList.Query(id));
        return this.ShowPage(result, Views + "AllocationList.cshtml");
    }

    [HttpGet("procedures/{id:int}/unblind"), Requires(Capability.LogProcedures)]
    public async Task<IActionResult> Unblind(int id)
    {
        var result = await mediator.Send(new GetProcedure.Query(id));
        return this.ShowPage(result, Views + "ConfirmUnblind.cshtml");
    }

    [HttpPost("procedures/{id:int}/unblind"), Requires(Capability.LogProcedures)]
    public async Task<IActionResult> Unblind(int id, UnblindBlock.Command command)
    {
        command.Id = id;
        var result = await mediator.Send(command);
        if (!result.Succeeded)
        {
            return this.RefusedPage(result, Views + "ConfirmUnblind.cshtml");
        }
        TempData["Flash"] = "Block unblinded; the unblinding and its reason are kept and audited.";
        return Redirect($"/procedures/{id}");
    }
}
