using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Cli;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>The commands deploy/run.sh and compose use: migrate, seed-demo, ensure-admin, reset-password.</summary>
public sealed class OperatorCommandsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await RegistryCommands.RunAsync(app.Factory.Services, args, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Seed_demo_creates_one_user_per_role_once_and_migrate_is_repeatable()
    {
        var (migrated, _) = await RunAsync("migrate");
        var (first, firstOutput) = await RunAsync("seed-demo");
        var (second, secondOutput) = await RunAsync("seed-demo");
        var (ensured, ensureOutput) = await RunAsync("ensure-admin", "another.admin@registry.local");

        Assert.Equal((0, 0, 0, 0), (migrated, first, second, ensured));
        foreach (var role in Roles.All)
        {
            Assert.Matches($@"{role}\s+{role.ToLowerInvariant()}@demo\.clinic\s+password: \S{{20}}", firstOutput);
            Assert.Matches($@"{role}\s+{role.ToLowerInvariant()}@demo\.clinic\s+\(exists", secondOutput);
        }
        Assert.Contains("admin@demo.clinic", ensureOutput); // an Admin exists: no second one is made
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(Roles.All.Count, await db.Users.CountAsync(u => u.Email!.EndsWith("@demo.clinic")));
        Assert.True(await db.UserRoles.CountAsync(r => r.RoleId == "role-preparer" || r.RoleId == "role-clinician") >= 3); // the preparer is a Clinician too
        Assert.False(await db.Users.AnyAsync(u => u.Email == "another.admin@registry.local"));
        Assert.Equal(Roles.All.Count, await db.AuditEntries.CountAsync(a => a.Action == "CreateUser" && a.UserName == "system" && a.Outcome == "Succeeded"));

        var password = System.Text.RegularExpressions.Regex.Match(firstOutput, @"admin@demo\.clinic\s+password: (\S+)").Groups[1].Value;
        var client = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SignInAsync("admin@demo.clinic", password)).StatusCode);

        var (reset, resetOutput) = await RunAsync("reset-password", "analyst@demo.clinic");
        var (missing, missingOutput) = await RunAsync("reset-password", "nobody@demo.clinic");
        Assert.Equal(0, reset);
        Assert.Contains("New password for analyst@demo.clinic", resetOutput);
        Assert.Equal(1, missing);
        Assert.Contains("no user with email nobody@demo.clinic", missingOutput);
    }

    [Fact]
    public async Task Create_admin_refuses_a_bad_email_with_the_rule()
    {
        var (code, output) = await RunAsync("create-admin", "not-an-email");

        Assert.Equal(1, code);
        Assert.Contains("Email must be an email address such as name@example.org", output);
    }

    [Fact]
    public async Task Unknown_command_prints_usage()
    {
        var (code, output) = await RunAsync("schema-script");

        Assert.Equal(64, code);
        Assert.StartsWith("usage:", output);
    }
}
