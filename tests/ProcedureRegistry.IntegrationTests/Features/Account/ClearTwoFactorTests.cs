using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Cli;

namespace ProcedureRegistry.IntegrationTests.Features.Account;

/// <summary>The operator's reset-two-factor command (deploy/run.sh --reset-two-factor).</summary>
public sealed class ClearTwoFactorTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Reset_two_factor_lets_an_Admin_who_lost_phone_and_codes_enrol_again_at_the_next_sign_in()
    {
        var (email, password) = await app.UserAsync(Roles.Admin);
        var before = await app.Factory.CreateBrowserLikeClient().PostFormAsync("/account/login", "/account/login",
            Html.Fields(("Email", email), ("Password", password)));

        var output = new StringWriter();
        var code = await RegistryCommands.RunAsync(app.Factory.Services, ["reset-two-factor", email], output);
        var missing = await RegistryCommands.RunAsync(app.Factory.Services, ["reset-two-factor", "nobody@demo.clinic"], new StringWriter());
        var after = await app.Factory.CreateBrowserLikeClient().SignInAsync(email, password);

        Assert.StartsWith("/account/two-factor?", before.Headers.Location!.OriginalString);
        Assert.Equal((0, 1), (code, missing));
        Assert.Contains($"Two-factor sign-in of {email} is off", output.ToString());
        Assert.Equal("/account/two-factor/enrol", after.Headers.Location!.OriginalString);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ClearTwoFactor" && a.UserName == "system" && a.Outcome == "Succeeded"));
    }
}
