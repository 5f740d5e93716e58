using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.IntegrationTests.Platform;

public sealed class PlatformTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Health_checks_answer_anonymously_and_ready_checks_the_database()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_unhealthy_when_the_database_is_unreachable()
    {
        await using var broken = new RegistryFactory("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
        var client = broken.CreateBrowserLikeClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        // HSTS is never sent to localhost, so ask as a real host name would.
        var client = app.Factory.CreateClient(new() { BaseAddress = new Uri("https://registry.example") });

        var response = await client.GetAsync("/account/login");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task Jobs_dashboard_is_for_admins_only()
    {
        var anonymous = await app.Factory.CreateBrowserLikeClient().GetAsync("/jobs");
        var clinician = await (await app.SignedInClientAsync(Roles.Clinician)).GetAsync("/jobs");
        var admin = await (await app.SignedInClientAsync(Roles.Admin)).GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clinician.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("ProcedureRegistry jobs", await admin.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Settings_given_by_the_test_reach_the_app_before_services_are_registered()
    {
        // The default fixture switches the Hangfire server off; the scale-out tests switch it on.
        var hosted = app.Factory.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.DoesNotContain(hosted, n => n.Contains("BackgroundJobServer"));
        Assert.NotNull(app.Factory.Services.GetRequiredService<JobStorage>());
    }

    [Fact]
    public async Task The_migrations_cover_the_whole_model()
    {
        await using var db = TestDatabases.Context(app.ConnectionString);

        Assert.False(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database),
            "The EF model has changes no migration covers: dotnet ef migrations add NAME --project src/ProcedureRegistry.Web --output-dir Data/Migrations");
    }

    [Fact]
    public async Task Db_schema_sql_is_the_idempotent_script_of_the_migrations()
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        var generated = DatabaseSetup.GenerateIdempotentScript(db);
        var path = Path.Combine(RepositoryRoot.Path, "db", "schema.sql");
        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "(missing)";

        Assert.True(generated == committed,
            "db/schema.sql is out of date with the EF migrations. Regenerate it: " +
            "dotnet run --project src/ProcedureRegistry.Web -- schema-script \"$PWD/db/schema.sql\"");
    }
}
