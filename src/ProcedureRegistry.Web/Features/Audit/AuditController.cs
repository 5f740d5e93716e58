using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Audit;

[Route("admin/audit"), Requires(Capability.ViewAuditLog)]
public sealed class AuditController(IMediator mediator) : Controller
{
    [HttpGet("")]
    // [FromQuery]: "action" would otherwise bind to the route value of the same name.
    public async Task<IActionResult> Index(
        [FromQuery] string? user, [FromQuery] string? action, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] long? before,
        [FromQuery] int? patient = null)
    {
        var result = await mediator.Send(new ListAuditEntries.Query(user, action, from, to, before, patient));
        return this.ShowPage(result);
    }
}
