using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Features.Audit;

[Route("admin/audit"), Requires(Capability.ViewAuditLog)]
public sealed class AuditController(IMediator mediator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? user, string? action, DateOnly? from, DateOnly? to, long? before) =>
        View((await mediator.Send(new ListAuditEntries.Query(user, action, from, to, before))).Value);
}
