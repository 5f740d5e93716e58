namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>Security headers on every response, and no caching of anything but static files. The Hangfire dashboard needs inline script and style, so /jobs gets a looser policy.</summary>
public static class SecurityHeaders
{
    private const string AppPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string DashboardPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Stylesheets, scripts and images: cached for an hour (they are not fingerprinted).</summary>
    public static void StaticFileCaching(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext file) =>
        file.Context.Response.Headers.CacheControl = "public, max-age=3600";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/jobs") ? DashboardPolicy : AppPolicy;
            // Every page and download may show patient data (the patient's own page /r/ too): no browser or proxy keeps a
            // copy. Static files, which show none, replace this with a cache lifetime (StaticFileCaching).
            headers.CacheControl = "no-store";
            return next(context);
        });
}
