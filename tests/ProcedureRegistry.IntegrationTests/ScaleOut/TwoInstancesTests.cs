using System.Net;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.ScaleOut;

/// <summary>
/// Two instances of the app, each with its own DI container, data-protection key ring cache and Hangfire server,
/// on one database: what a load balancer in front of N instances sees.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private string _connectionString = "";
    private RegistryFactory _a = null!;
    private RegistryFactory _b = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateAsync(nameof(TwoInstancesTests));
        // Made by the owner role, as a migration would: its default privileges let the app's role write to it.
        await TestDatabases.ExecuteAsync(TestDatabases.OwnerConnectionString(_connectionString),
            "CREATE TABLE job_probe (n int NOT NULL, server_id text NOT NULL, ran_at timestamptz NOT NULL DEFAULT now())");
        _a = Instance("instance-a");
        _b = Instance("instance-b");
        _ = _a.Server;
        _ = _b.Server;
    }

    private RegistryFactory Instance(string name) => new(_connectionString, new Dictionary<string, string?>
    {
        ["Hangfire:ServerEnabled"] = "true",
        ["Hangfire:ServerName"] = name,
        ["Hangfire:WorkerCount"] = "4",
        ["Hangfire:QueuePollMilliseconds"] = "100",
    });

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_user_signed_in_on_one_instance_posts_a_form_on_the_other()
    {
        var (email, password) = await CreateAdminAsync();
        var cookies = new CookieContainer();
        var onA = _a.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
        var onB = _b.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));

        Assert.Equal(HttpStatusCode.Redirect, (await onA.SignInAsync(email, password)).StatusCode);
        Assert.Contains("Welcome, Scale Admin", await onB.GetStringAsync("/"));

        // The form and its antiforgery token come from A; the post goes to B.
        var token = Html.AntiforgeryToken(await onA.GetStringAsync("/admin/clinics/new"));
        var posted = await onB.PostAsync("/admin/clinics/new", new FormUrlEncodedContent(Html.Fields(
            ("Code", "ACROSS"), ("Name", "Posted across instances"), ("TimeZone", "UTC"), ("__RequestVerificationToken", token))));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await using var db = TestDatabases.Context(_connectionString);
        Assert.True(await db.Clinics.AnyAsync(c => c.Code == "ACROSS"));
        Assert.Single(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task Both_instances_run_hangfire_jobs_and_no_job_runs_twice()
    {
        const int jobs = 300;
        var client = _a.Services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < jobs; i++)
        {
            var n = i;
            client.Enqueue<ProbeJob>(job => job.RunAsync(n, null!));
        }

        var deadline = DateTime.UtcNow.AddSeconds(90);
        long done;
        while ((done = await ScalarAsync("SELECT count(*) FROM job_probe")) < jobs && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        await Task.Delay(1000); // a duplicate would show up after the last first run

        Assert.Equal(jobs, await ScalarAsync("SELECT count(*) FROM job_probe"));
        Assert.Equal(jobs, await ScalarAsync("SELECT count(DISTINCT n) FROM job_probe"));
        Assert.Equal(2, await ScalarAsync("SELECT count(DISTINCT split_part(server_id, ':', 1)) FROM job_probe"));
        Assert.True(done == jobs);
    }

    [Fact]
    public async Task Instances_with_a_Hangfire_server_register_the_every_minute_follow_up_job_once()
    {
        Assert.Equal(1, await ScalarAsync(
            $"SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = '{Web.Jobs.FollowUpScheduler.RecurringJobId}'"));
        Assert.Equal("* * * * *", await TextAsync(
            $"SELECT value FROM hangfire.hash WHERE key = 'recurring-job:{Web.Jobs.FollowUpScheduler.RecurringJobId}' AND field = 'Cron'"));
    }

    private async Task<string> TextAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return (string)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    private async Task<(string Email, string Password)> CreateAdminAsync()
    {
        await using var scope = _a.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var clinic = await mediator.Send(new Web.Features.Clinics.CreateClinic.Command { Code = "SCALE", Name = "Scale clinic", TimeZone = "UTC" });
        var user = await mediator.Send(new Web.Features.Users.CreateUser.Command
        {
            Email = "scale.admin@test.clinic", DisplayName = "Scale Admin", Role = Roles.Admin, ClinicIds = [clinic.Value],
        });
        await Authenticator.EnrolAsync(_a.Services, user.Value!.Email); // Admins administer only after two-factor sign-in
        return (user.Value!.Email, user.Value.InitialPassword);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }
}

/// <summary>A job that records which server ran it, activated by the running instance's own container.</summary>
public sealed class ProbeJob(NpgsqlDataSource dataSource)
{
    public async Task RunAsync(int n, PerformContext context)
    {
        await Task.Delay(10);
        await using var command = dataSource.CreateCommand("INSERT INTO job_probe (n, server_id) VALUES ($1, $2)");
        command.Parameters.Add(new() { Value = n });
        command.Parameters.Add(new() { Value = context.ServerId });
        await command.ExecuteNonQueryAsync();
    }
}
