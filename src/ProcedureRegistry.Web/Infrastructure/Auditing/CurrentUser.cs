using System.Security.Claims;

namespace ProcedureRegistry.Web.Infrastructure.Auditing;

/// <summary>Who is acting: the signed-in user of the current request, or "system" for jobs and command-line tasks.</summary>
public interface ICurrentUser
{
    string? UserId { get; }
    string UserName { get; }
    string? RemoteIp { get; }
    string? TraceId { get; }
    ClaimsPrincipal? Principal { get; }
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private HttpContext? Context => accessor.HttpContext;

    public ClaimsPrincipal? Principal => Context?.User;
    public string? UserId => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
    public string UserName => Principal?.Identity?.IsAuthenticated == true
        ? Principal.Identity.Name ?? "(unnamed)"
        : Context is null ? "system" : "anonymous";
    public string? RemoteIp => Context?.Connection.RemoteIpAddress?.ToString();
    public string? TraceId => Context?.TraceIdentifier;
}
