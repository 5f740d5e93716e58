using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Account;

public sealed class SignInTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Anonymous_visitor_to_the_root_lands_on_the_sign_in_form()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString.Replace("https://localhost", ""));
        var form = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("<h1>Sign in</h1>", form);
        Assert.Contains("name=\"__RequestVerificationToken\"", form);
    }

    [Fact]
    public async Task Correct_password_signs_in_and_lands_on_the_dashboard_and_is_audited()
    {
        var (email, password) = await app.UserAsync(Roles.Clinician);
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("registry.auth="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var dashboard = await client.GetStringAsync("/");
        Assert.Contains("Welcome, Test Clinician", dashboard);

        await using var db = TestDatabases.Context(app.ConnectionString);
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var audit = await db.AuditEntries.Where(a => a.Action == "SignIn" && a.Outcome == "Succeeded").ToListAsync();
        Assert.Contains(audit, a => a.EntityId == userId);
    }

    [Fact]
    public async Task Wrong_password_gets_a_clear_message_and_no_session()
    {
        var (email, _) = await app.UserAsync(Roles.Coordinator);
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync(email, "Not-the-password-1!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("The email or password is incorrect.", page);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith("registry.auth="));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "SignIn" && a.Outcome == "Invalid"));
    }

    [Fact]
    public async Task Unknown_email_gets_the_same_message_as_a_wrong_password()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.SignInAsync("nobody@nowhere.example", "Whatever-123!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The email or password is incorrect.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var (email, password) = await app.UserAsync(Roles.Analyst);
        var client = app.Factory.CreateBrowserLikeClient();

        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(email, "Wrong-password-" + i);
        }
        var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync());
        await using var db = TestDatabases.Context(app.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task Empty_form_names_each_missing_field()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/account/login", "/account/login", Html.Fields(("Email", ""), ("Password", "")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Email is required.", page);
        Assert.Contains("Password is required.", page);
    }

    [Fact]
    public async Task Forged_antiforgery_token_is_refused_with_400_and_nothing_is_written()
    {
        var (email, password) = await app.UserAsync(Roles.Clinician);
        var client = app.Factory.CreateBrowserLikeClient();
        await client.GetStringAsync("/account/login"); // gets the antiforgery cookie
        await using var db = TestDatabases.Context(app.ConnectionString);
        var auditBefore = await db.AuditEntries.CountAsync();

        var forged = await client.PostAsync("/account/login", new FormUrlEncodedContent(Html.Fields(
            ("Email", email), ("Password", password), ("__RequestVerificationToken", "CfDJ8forged-token-value"))));
        var missing = await client.PostAsync("/account/login", new FormUrlEncodedContent(Html.Fields(
            ("Email", email), ("Password", password))));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("could not be understood", await forged.Content.ReadAsStringAsync());
        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var response = await client.PostFormAsync("/", "/account/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
