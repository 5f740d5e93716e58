using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// One instance of the real app (its own DI container, Hangfire client and, when asked, Hangfire server) on a
/// given database. Environment "Testing": the production error page and HSTS, not the developer page.
/// </summary>
public sealed class RegistryFactory(
    string connectionString,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    private bool _plainHttp;

    /// <summary>The superuser's connection to the database, for tests that arrange or assert below the app.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>What the app connects as: the application role, so a missing or an over-broad grant fails a test.</summary>
    public string ApplicationConnectionString => TestDatabases.ApplicationConnectionString(ConnectionString);

    /// <summary>
    /// Serves the app on real Kestrel at a free loopback port (for a real browser) instead of the in-memory
    /// test server, and returns its root URL.
    /// </summary>
    public Uri StartOnKestrel()
    {
        _plainHttp = true;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        // Browse as "localhost": browsers accept the app's Secure cookies over plain HTTP only there.
        return new Uri(address.Replace("127.0.0.1", "localhost"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Explicit, so that hosts started outside the test project (the benchmarks) find the views too.
        builder.UseContentRoot(Path.Combine(RepositoryRoot.Path, "src", "ProcedureRegistry.Web"));
        builder.UseSetting("ConnectionStrings:Registry", ApplicationConnectionString);
        builder.UseSetting("ConnectionStrings:RegistryOwner", TestDatabases.OwnerConnectionString(ConnectionString));
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        // TEST_LOG_LEVEL=Debug shows the app's full log while a test is investigated.
        builder.UseSetting("Serilog:MinimumLevel:Default", Environment.GetEnvironmentVariable("TEST_LOG_LEVEL") ?? "Warning");
        // A test class signs in many users from one (in-memory) address; the sign-in limits get their own tests.
        builder.UseSetting("RateLimits:SignInPerMinutePerAddress", "100000");
        builder.UseSetting("RateLimits:SignInPerMinutePerAccount", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (_plainHttp)
        {
            // Plain HTTP on loopback: cookies follow the request's scheme (they are Secure-only over HTTPS).
            builder.UseSetting("Security:CookieSecurePolicy", "SameAsRequest");
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    /// <summary>An HTTPS client (the app's cookies are Secure) that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });
}
