using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Users;

/// <summary>
/// Issue 10, finding 2: sign-out, a password reset, a role or clinic change and deactivation end every session of the
/// user at its next request, copies of its cookie included.
/// </summary>
public sealed class SessionEndTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_captured_cookie_stops_working_after_sign_out()
    {
        var user = await app.UserInClinicsAsync(Roles.Clinician, "TEST");
        var session = await CapturedSession.SignInAsync(app.Factory, user.Email, user.Password);
        var otherBrowser = await CapturedSession.SignInAsync(app.Factory, user.Email, user.Password);
        Assert.True(await session.IsSignedInAsync());

        var signedOut = await session.Browser.PostFormAsync("/", "/account/logout", []);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.False(await session.IsSignedInAsync());
        Assert.False(await otherBrowser.IsSignedInAsync());
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await app.Factory.CreateBrowserLikeClient().SignInAsync(user.Email, user.Password)).StatusCode);
    }

    public static TheoryData<string> AccessChanges => ["reset-password", "roles", "clinics", "deactivate"];

    [Theory, MemberData(nameof(AccessChanges))]
    public async Task An_admins_change_to_a_users_access_ends_the_users_open_session(string change)
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "TEST", "OTHER"));
        var user = await app.UserInClinicsAsync(Roles.Clinician, "TEST");
        var session = await CapturedSession.SignInAsync(app.Factory, user.Email, user.Password);
        Assert.True(await session.IsSignedInAsync());
        var test = (await app.ClinicAsync("TEST")).ToString();
        var other = (await app.ClinicAsync("OTHER")).ToString();

        var response = change switch
        {
            "reset-password" => await admin.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/reset-password", []),
            "deactivate" => await admin.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/deactivate", []),
            "roles" => await EditAsync(admin, user, ("Roles", Roles.Coordinator), ("ClinicIds", test)),
            _ => await EditAsync(admin, user, ("Roles", Roles.Clinician), ("ClinicIds", test), ("ClinicIds", other)),
        };

        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Redirect, response.StatusCode.ToString());
        Assert.False(await session.IsSignedInAsync());
    }

    [Fact]
    public async Task Renaming_a_user_leaves_their_session_open()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var user = await app.UserInClinicsAsync(Roles.Clinician, "TEST");
        var session = await CapturedSession.SignInAsync(app.Factory, user.Email, user.Password);

        var response = await EditAsync(admin, user, ("DisplayName", "Renamed Clinician"), ("Roles", Roles.Clinician),
            ("ClinicIds", (await app.ClinicAsync("TEST")).ToString()));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await session.IsSignedInAsync());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal("Renamed Clinician", (await db.Users.SingleAsync(u => u.Id == user.Id)).DisplayName);
    }

    private static Task<HttpResponseMessage> EditAsync(HttpClient admin, TestUser user, params (string Name, string Value)[] fields) =>
        admin.PostFormAsync($"/admin/users/{user.Id}/edit", $"/admin/users/{user.Id}/edit",
            Html.Fields(fields.Any(f => f.Name == "DisplayName") ? fields : [("DisplayName", "Same Name"), .. fields]));
}
