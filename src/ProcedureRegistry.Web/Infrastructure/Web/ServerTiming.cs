using System.Diagnostics;
using System.Globalization;

namespace ProcedureRegistry.Web.Infrastructure.Web;

/// <summary>
/// Adds <c>Server-Timing: app;dur=…</c> (milliseconds in the app, from this middleware to the first byte) to every
/// response, so benchmarks and browsers' developer tools see server time apart from the network.
/// </summary>
public static class ServerTiming
{
    public static IApplicationBuilder UseServerTiming(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["Server-Timing"] =
                    "app;dur=" + Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });
}
