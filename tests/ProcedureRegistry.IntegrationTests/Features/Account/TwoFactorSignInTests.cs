using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Account;

/// <summary>
/// Security stamps are checked on every request here, as they are once sessions end within seconds: a session's
/// two-factor proof must survive the principal's refresh, and a stamp change must end the user's other sessions.
/// </summary>
public sealed class StampCheckedOnEveryRequestFixture : AppFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
}

public sealed partial class TwoFactorSignInTests(StampCheckedOnEveryRequestFixture app) : IClassFixture<StampCheckedOnEveryRequestFixture>
{
    [GeneratedRegex("<code id=\"shared-key\">([^<]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCode();

    /// <summary>Signs in with the password only (no authenticator yet) and enrols through the pages, as a person would.</summary>
    private async Task<(HttpClient Client, string Email, string Password, string Key, IReadOnlyList<string> RecoveryCodes)> EnrolledThroughThePagesAsync(
        string role = Roles.Clinician, string clinic = "TEST")
    {
        var (email, password) = await app.UserAsync(role, clinic: clinic, enrolTwoFactor: false);
        var client = app.Factory.CreateBrowserLikeClient();
        await client.SignInAsync(email, password);
        var (key, codes) = await EnrolAsync(client);
        return (client, email, password, key, codes);
    }

    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/account/two-factor/enrol");
        var key = WebUtility.HtmlDecode(SharedKey().Match(page).Groups[1].Value);
        var confirmed = await client.PostFormAsync("/account/two-factor/enrol", "/account/two-factor/enrol",
            Html.Fields(("Code", Authenticator.CodeFor(key))));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = RecoveryCode().Matches(await confirmed.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        return (key, codes);
    }

    private async Task<HttpResponseMessage> PasswordStepAsync(HttpClient client, string email, string password) =>
        await client.PostFormAsync("/account/login", "/account/login", Html.Fields(("Email", email), ("Password", password)));

    private static Task<HttpResponseMessage> CodeStepAsync(HttpClient client, string code) =>
        client.PostFormAsync("/account/two-factor", "/account/two-factor", Html.Fields(("Code", code)));

    [Fact]
    public async Task Staff_enrol_with_a_QR_code_and_then_sign_in_with_password_and_code()
    {
        var (email, password) = await app.UserAsync(Roles.Clinician, enrolTwoFactor: false);
        var client = app.Factory.CreateBrowserLikeClient();
        await client.SignInAsync(email, password);

        var page = await client.GetAsync("/account/two-factor/enrol");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("style=", html); // the CSP allows no inline style
        var key = WebUtility.HtmlDecode(SharedKey().Match(html).Groups[1].Value);
        Assert.Equal(32, key.Replace(" ", "").Length);

        var wrong = await client.PostFormAsync("/account/two-factor/enrol", "/account/two-factor/enrol", Html.Fields(("Code", "12345")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Code must be the 6 digits your authenticator app shows.", await wrong.Content.ReadAsStringAsync());

        var confirmed = await client.PostFormAsync("/account/two-factor/enrol", "/account/two-factor/enrol",
            Html.Fields(("Code", Authenticator.CodeFor(key))));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True(confirmed.Headers.CacheControl?.NoStore);
        var codes = RecoveryCode().Matches(await confirmed.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.Contains("On: signing in asks for a code", await client.GetStringAsync("/account/security"));

        var other = app.Factory.CreateBrowserLikeClient();
        var passwordStep = await PasswordStepAsync(other, email, password);
        Assert.Equal(HttpStatusCode.Redirect, passwordStep.StatusCode);
        Assert.StartsWith("/account/two-factor?", passwordStep.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/")).StatusCode); // not signed in yet

        var badCode = await CodeStepAsync(other, "000000" == Authenticator.CodeFor(key) ? "111111" : "000000");
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("The code is incorrect.", await badCode.Content.ReadAsStringAsync());

        var codeStep = await CodeStepAsync(other, Authenticator.CodeFor(key));
        Assert.Equal(HttpStatusCode.Redirect, codeStep.StatusCode);
        Assert.Contains("Welcome, Test Clinician", await other.GetStringAsync("/"));

        await using var db = TestDatabases.Context(app.ConnectionString);
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "EnableTwoFactor" && a.EntityId == userId && a.Outcome == "Succeeded"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "SignInTwoFactor" && a.EntityId == userId && a.Outcome == "Succeeded"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "SignInTwoFactor" && a.Outcome == "Invalid"));
        Assert.DoesNotContain(codes[0], string.Join("|", await db.UserTokens.Select(t => t.Value).ToListAsync()));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (_, email, password, _, codes) = await EnrolledThroughThePagesAsync();

        var first = app.Factory.CreateBrowserLikeClient();
        await PasswordStepAsync(first, email, password);
        var used = await CodeStepAsync(first, codes[3].Replace("-", " ").ToLowerInvariant()); // as a person might type it
        var second = app.Factory.CreateBrowserLikeClient();
        await PasswordStepAsync(second, email, password);
        var reused = await CodeStepAsync(second, codes[3]);

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("Recovery codes left: 9 of 10.", await first.GetStringAsync("/account/security"));
    }

    [Fact]
    public async Task Wrong_codes_count_towards_lockout()
    {
        var (_, email, password, key, _) = await EnrolledThroughThePagesAsync();
        var client = app.Factory.CreateBrowserLikeClient();
        await PasswordStepAsync(client, email, password);
        var wrong = Authenticator.CodeFor(key) == "123456" ? "654321" : "123456";

        for (var i = 0; i < 5; i++)
        {
            await CodeStepAsync(client, wrong);
        }
        var right = await CodeStepAsync(client, Authenticator.CodeFor(key));

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True((await db.Users.SingleAsync(u => u.Email == email)).LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task An_Admin_without_two_factor_is_sent_to_enrolment_before_administering_anything()
    {
        var (email, password) = await app.UserAsync(Roles.Admin, enrolTwoFactor: false);
        var client = app.Factory.CreateBrowserLikeClient();

        var signedIn = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account/two-factor/enrol", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("Admins must set up two-factor sign-in", await client.GetStringAsync("/account/two-factor/enrol"));

        foreach (var administrative in new[] { "/admin/users", "/admin/clinics", "/protocols", "/admin/audit", "/jobs" })
        {
            var response = await client.GetAsync(administrative);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/two-factor/enrol?returnUrl=" + Uri.EscapeDataString(administrative), response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/clinics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await EnrolAsync(client);

        // Every request re-checks the stamp here and rebuilds the principal: the session's proof survives it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/clinics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/clinics")).StatusCode);
    }

    [Fact]
    public async Task A_clinic_that_requires_two_factor_sends_its_staff_to_enrolment_and_allows_nothing_else()
    {
        var clinicId = await app.ClinicAsync("STRICT");
        var (email, password) = await app.UserAsync(Roles.Clinician, clinic: "STRICT");
        var admin = await app.SignedInClientAsync(Roles.Admin, clinic: "STRICT");
        var saved = await admin.PostFormAsync($"/admin/clinics/{clinicId}/edit", $"/admin/clinics/{clinicId}/edit", Html.Fields(
            ("Name", "Clinic STRICT"), ("TimeZone", "Europe/Paris"), ("RequireTwoFactor", "true"), ("Version", await VersionAsync(clinicId))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var client = app.Factory.CreateBrowserLikeClient();
        var signedIn = await client.SignInAsync(email, password);
        Assert.Equal("/account/two-factor/enrol", signedIn.Headers.Location!.OriginalString);
        Assert.Contains("Your clinic requires two-factor sign-in.", await client.GetStringAsync("/account/two-factor/enrol"));
        foreach (var path in new[] { "/", "/patients", "/account/security", "/account/password" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/two-factor/enrol", response.Headers.Location!.OriginalString);
        }

        await EnrolAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/patients")).StatusCode);

        var disable = await client.PostFormAsync("/account/security", "/account/two-factor/disable", Html.Fields(("password", password)));
        Assert.Equal(HttpStatusCode.BadRequest, disable.StatusCode);
        Assert.Contains("Two-factor sign-in is required by clinic STRICT.", WebUtility.HtmlDecode(await disable.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True((await db.Users.SingleAsync(u => u.Email == email)).TwoFactorEnabled);
    }

    [Fact]
    public async Task Staff_of_a_clinic_that_does_not_require_it_may_turn_two_factor_off_with_their_password()
    {
        var (client, email, password, _, _) = await EnrolledThroughThePagesAsync();

        var wrongPassword = await client.PostFormAsync("/account/security", "/account/two-factor/disable", Html.Fields(("password", "Not-my-password-1!")));
        var disabled = await client.PostFormAsync("/account/security", "/account/two-factor/disable", Html.Fields(("password", password)));

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Contains("The password is incorrect.", await wrongPassword.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode); // this session goes on
        var again = await PasswordStepAsync(app.Factory.CreateBrowserLikeClient(), email, password);
        Assert.Equal("/", again.Headers.Location!.OriginalString); // one step again
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "DisableTwoFactor" && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task Resetting_the_authenticator_retires_the_old_key_and_asks_to_enrol_again()
    {
        var (client, email, password, oldKey, _) = await EnrolledThroughThePagesAsync();

        var reset = await client.PostFormAsync("/account/security", "/account/two-factor/reset", Html.Fields(("password", password)));

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/account/two-factor/enrol", reset.Headers.Location!.OriginalString);
        var (newKey, _) = await EnrolAsync(client);
        Assert.NotEqual(oldKey, newKey);
        var other = app.Factory.CreateBrowserLikeClient();
        await PasswordStepAsync(other, email, password);
        Assert.Equal(HttpStatusCode.BadRequest, (await CodeStepAsync(other, Authenticator.CodeFor(oldKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CodeStepAsync(other, Authenticator.CodeFor(newKey))).StatusCode);
    }

    private async Task<string> VersionAsync(int clinicId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return (await db.Clinics.SingleAsync(c => c.Id == clinicId)).Version.ToString();
    }
}
