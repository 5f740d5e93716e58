using System.Security.Claims;

namespace ProcedureRegistry.Web.Infrastructure.Auditing;

/// <summary>Who is acting: the signed-in user of the current request, or "system" for jobs and command-line tasks.</summary>
public interface ICurrentUser
{
    string? UserId { get; }
    string UserName { get; }
    string? RemoteIp { get; }
    string? TraceId { get; }
    /// <summary>The request being served ("GET /patients?q=mai"), or null outside a request.</summary>
    string? RequestLine { get; }
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
    public string? RequestLine => Context?.Request is { } r ? $"{r.Method} {r.Path}{r.QueryString}" : null;
}
