using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Users;

public sealed class ResetPasswordTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Admin_confirms_then_resets_a_locked_out_users_password_and_the_user_signs_in_again()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var (email, oldPassword) = await app.UserAsync(Roles.Clinician);
        var user = app.Factory.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await user.SignInAsync(email, "Wrong-password-" + i);
        }
        await using var db = TestDatabases.Context(app.ConnectionString);
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();

        var confirm = await admin.GetStringAsync($"/admin/users/{id}/reset-password");
        Assert.Contains("Reset the password of Test Clinician?", confirm);
        var response = await admin.PostFormAsync($"/admin/users/{id}/reset-password", $"/admin/users/{id}/reset-password", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var newPassword = WebUtility.HtmlDecode(Regex.Match(page, "<code id=\"one-time-password\">([^<]+)</code>").Groups[1].Value);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Factory.CreateBrowserLikeClient().SignInAsync(email, oldPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Factory.CreateBrowserLikeClient().SignInAsync(email, newPassword)).StatusCode);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ResetPassword" && a.EntityId == id && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task Unknown_user_is_404_and_a_non_admin_is_403()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var someone = await db.Users.Select(u => u.Id).FirstAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/no-such-id/reset-password")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostFormAsync("/admin/users", "/admin/users/no-such-id/reset-password", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await coordinator.PostFormAsync("/", $"/admin/users/{someone}/reset-password", [])).StatusCode);
    }
}
