using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.Home;

public sealed class HomeController(IMediator mediator) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index()
    {
        var result = await mediator.Send(new GetDashboard.Query());
        return this.ShowPage(result);
    }
}
