using System.Threading.RateLimiting;

namespace ProcedureRegistry.Web.Infrastructure.Identity;

/// <summary>
/// Rate limits on the sign-in form: a fixed number of POSTs a minute per client address (password and code steps
/// together) and per account name, whoever sends them; then 429 with Retry-After. Lockout after 5 wrong passwords
/// stops guessing at one account; these stop spraying many accounts from one address and a guessing race on one.
/// </summary>
public static class SignInThrottle
{
    private const string AccountNameItem = "registry:sign-in-account";
    private static readonly PathString[] SignInPosts = ["/account/login", "/account/two-factor"];

    public static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && SignInPosts.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The limiter for every request; requests other than sign-in POSTs pass without a limit.</summary>
    public static PartitionedRateLimiter<HttpContext> Limiter(IConfiguration configuration)
    {
        var perAddress = configuration.GetValue("RateLimits:SignInPerMinutePerAddress", 30);
        var perAccount = configuration.GetValue("RateLimits:SignInPerMinutePerAccount", 10);
        return PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInPost(context.Request)
                ? PerMinute("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), perAddress)
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(context => context.Items[AccountNameItem] is string { Length: > 0 } account
                ? PerMinute("account:" + account, perAccount)
                : RateLimitPartition.GetNoLimiter("")));
    }

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>
    /// Reads the account name of a password POST ahead of the rate limiter, whose partitioning cannot wait for the
    /// body; MVC binds the same, already-read form later.
    /// </summary>
    public static IApplicationBuilder UseSignInAccountName(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsSignInPost(context.Request) && context.Request.HasFormContentType)
            {
                try
                {
                    var form = await context.Request.ReadFormAsync(context.RequestAborted);
                    context.Items[AccountNameItem] = form["Email"].ToString().Trim().ToUpperInvariant();
                }
                catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
                {
                    // A malformed body: no account to count; model binding refuses it with 400.
                }
            }
            await next(context);
        });
}
