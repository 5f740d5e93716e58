using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so the patient link's limit per address
/// would throttle all patients together. With ForwardedHeaders:KnownProxies (addresses) or ForwardedHeaders:KnownNetworks
/// (CIDR ranges) set, X-Forwarded-For and X-Forwarded-Proto are honoured from those peers only, one hop deep, and
/// the client's address becomes the connection's (the rate limiter and the audit trail see the patient, not the proxy).
/// From any other peer the header is ignored. ASPNETCORE_FORWARDEDHEADERS_ENABLED=true alone would make ASP.NET Core
/// trust the header from every peer; here it trusts only loopback unless proxies are listed.
/// </summary>
public static class ProxyHeaders
{
    private static bool Configured(IConfiguration configuration) =>
        configuration.GetValue("FORWARDEDHEADERS_ENABLED", false)
        || !string.IsNullOrWhiteSpace(configuration["ForwardedHeaders:KnownProxies"])
        || !string.IsNullOrWhiteSpace(configuration["ForwardedHeaders:KnownNetworks"]);

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // PostConfigure: runs after the host's own set-up for ASPNETCORE_FORWARDEDHEADERS_ENABLED, which clears the lists.
        services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in List(configuration["ForwardedHeaders:KnownProxies"]))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in List(configuration["ForwardedHeaders:KnownNetworks"]))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
            {
                options.KnownProxies.Add(IPAddress.Loopback);
                options.KnownProxies.Add(IPAddress.IPv6Loopback);
            }
        });
    }

    /// <summary>First in the pipeline, so everything after sees the client's address. The host adds it itself when ASPNETCORE_FORWARDEDHEADERS_ENABLED is set.</summary>
    public static void Use(WebApplication app)
    {
        if (Configured(app.Configuration) && !app.Configuration.GetValue("FORWARDEDHEADERS_ENABLED", false))
        {
            app.UseForwardedHeaders();
        }
    }

    private static IEnumerable<string> List(string? setting) =>
        (setting ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
