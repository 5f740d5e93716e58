using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Account;

public sealed class ChangePasswordTests(StampCheckedOnEveryRequestFixture app) : IClassFixture<StampCheckedOnEveryRequestFixture>
{
    private const string NewPassword = "Brand-new-Passw0rd!";

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string confirm) =>
        client.PostFormAsync("/account/password", "/account/password",
            Html.Fields(("CurrentPassword", current), ("NewPassword", next), ("ConfirmPassword", confirm)));

    [Fact]
    public async Task A_user_changes_their_password_this_session_goes_on_and_their_other_sessions_end()
    {
        var (email, password) = await app.UserAsync(Roles.Coordinator);
        var here = app.Factory.CreateBrowserLikeClient();
        var elsewhere = app.Factory.CreateBrowserLikeClient();
        await here.SignInAsync(email, password);
        await elsewhere.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/")).StatusCode);

        var changed = await ChangeAsync(here, password, NewPassword, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("Your password was changed.", await here.GetStringAsync("/account/security"));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Factory.CreateBrowserLikeClient().SignInAsync(email, password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Factory.CreateBrowserLikeClient().SignInAsync(email, NewPassword)).StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ChangePassword" && a.EntityId == userId && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task Each_broken_rule_is_named_on_its_field_and_the_password_stays()
    {
        var (email, password) = await app.UserAsync(Roles.Clinician);
        var client = app.Factory.CreateBrowserLikeClient();
        await client.SignInAsync(email, password);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var hashBefore = await db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync();

        var empty = await ChangeAsync(client, "", "", "");
        var wrongCurrent = await ChangeAsync(client, "Not-the-password-1!", NewPassword, NewPassword);
        var weak = await ChangeAsync(client, password, "short", "short");
        var mismatch = await ChangeAsync(client, password, NewPassword, NewPassword + "x");

        Assert.All(new[] { empty, wrongCurrent, weak, mismatch }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Current password is required.", emptyPage);
        Assert.Contains("New password is required.", emptyPage);
        Assert.Contains("CurrentPassword: The current password is incorrect.", await wrongCurrent.Content.ReadAsStringAsync());
        var weakPage = await weak.Content.ReadAsStringAsync();
        Assert.Contains("NewPassword: Passwords must be at least 12 characters.", weakPage);
        Assert.Contains("NewPassword: Passwords must have at least one uppercase", weakPage);
        Assert.Contains("Confirm the new password: the two entries differ.", await mismatch.Content.ReadAsStringAsync());
        Assert.DoesNotContain(password, weakPage); // passwords are never echoed back
        Assert.Equal(hashBefore, await db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }
}
