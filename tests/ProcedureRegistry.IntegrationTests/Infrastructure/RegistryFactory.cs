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
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Registry", ConnectionString);
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        // TEST_LOG_LEVEL=Debug shows the app's full log while a test is investigated.
        builder.UseSetting("Serilog:MinimumLevel:Default", Environment.GetEnvironmentVariable("TEST_LOG_LEVEL") ?? "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
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
