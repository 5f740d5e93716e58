using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Users;

public sealed class DeactivateUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_deactivated_user_loses_their_session_and_cannot_sign_in_until_reactivated()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var user = await app.UserInClinicsAsync(Roles.Coordinator, "TEST");
        var session = await CapturedSession.SignInAsync(app.Factory, user.Email, user.Password);

        var confirm = await admin.GetStringAsync($"/admin/users/{user.Id}/deactivate");
        Assert.Contains("Deactivate the account of Coordinator of TEST?", confirm);
        var deactivated = await admin.PostFormAsync($"/admin/users/{user.Id}/deactivate", $"/admin/users/{user.Id}/deactivate", []);

        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.False(await session.IsSignedInAsync());
        var refused = await app.Factory.CreateBrowserLikeClient().SignInAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // The same words as a wrong password: the form tells nobody that the account exists.
        Assert.Contains("The email or password is incorrect.", await refused.Content.ReadAsStringAsync());
        var list = await admin.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString(user.Email));
        Assert.Contains("<td>Deactivated</td>", list);
        Assert.Contains($"/admin/users/{user.Id}/reactivate", list);

        var reactivated = await admin.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/reactivate", []);

        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Factory.CreateBrowserLikeClient().SignInAsync(user.Email, user.Password)).StatusCode);
        Assert.Contains("<td>Active</td>", await admin.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString(user.Email)));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "DeactivateUser" && a.EntityId == user.Id && a.Outcome == "Succeeded"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ReactivateUser" && a.EntityId == user.Id && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task The_users_list_shows_a_locked_out_account_as_locked()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var user = await app.UserInClinicsAsync(Roles.Analyst, "TEST");
        for (var i = 0; i < 5; i++)
        {
            await app.Factory.CreateBrowserLikeClient().SignInAsync(user.Email, "Wrong-password-" + i);
        }

        Assert.Contains("<td>Locked out</td>", await admin.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString(user.Email)));
    }

    [Fact]
    public async Task Unknown_user_is_404_on_every_lifecycle_action()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/no-such-id/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/no-such-id/deactivate")).StatusCode);
        foreach (var action in new[] { "edit", "deactivate", "reactivate" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/admin/users", $"/admin/users/no-such-id/{action}", [])).StatusCode);
        }
    }
}
