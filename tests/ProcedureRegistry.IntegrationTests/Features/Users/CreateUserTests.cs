using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Users;

public sealed class CreateUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Admin_creates_a_user_who_then_signs_in_with_the_password_shown_once()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var clinicId = await app.ClinicAsync();

        var response = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", Html.Fields(
            ("Email", "new.coordinator@test.clinic"), ("DisplayName", "New Coordinator"),
            ("Role", Roles.Coordinator), ("ClinicIds", clinicId.ToString())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var password = WebUtility.HtmlDecode(Regex.Match(page, "<code id=\"one-time-password\">([^<]+)</code>").Groups[1].Value);
        Assert.True(password.Length >= 12);

        var user = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await user.SignInAsync("new.coordinator@test.clinic", password)).StatusCode);
        Assert.Contains("role: Coordinator", await user.GetStringAsync("/"));

        var list = await admin.GetStringAsync("/admin/users?search=new.coord");
        Assert.Contains("New Coordinator", list);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CreateUser" && a.Outcome == "Succeeded"));
        Assert.DoesNotContain(password, string.Join("|", await db.Users.Select(u => u.PasswordHash).ToListAsync()));
    }

    [Fact]
    public async Task Invalid_user_form_names_each_field_and_writes_nothing()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var before = await db.Users.CountAsync();

        var response = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", Html.Fields(
            ("Email", "not-an-email"), ("DisplayName", ""), ("Role", "Superuser")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Email must be an email address such as name@example.org", page);
        Assert.Contains("Display name is required.", page);
        Assert.Contains("Role must be one of: Admin, Clinician, Coordinator, Analyst, Preparer.", page);
        Assert.Contains("Choose at least one clinic.", page);
        Assert.Equal(before, await db.Users.CountAsync());
    }

    [Fact]
    public async Task A_value_that_does_not_bind_is_reported_not_a_500()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);

        var response = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", Html.Fields(
            ("Email", "x@test.clinic"), ("DisplayName", "X"), ("Role", Roles.Analyst), ("ClinicIds", "not-a-number")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not valid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Users_list_is_paginated()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        for (var i = 0; i < 27; i++)
        {
            await app.UserAsync(Roles.Analyst, $"pager{i:00}@page.test");
        }

        var first = await admin.GetStringAsync("/admin/users?search=page.test");
        var second = await admin.GetStringAsync("/admin/users?search=page.test&page=2");

        Assert.Contains("27 users · page 1 of 2", first);
        Assert.Contains("pager00@page.test", first);
        Assert.DoesNotContain("pager26@page.test", first);
        Assert.Contains("pager26@page.test", second);
    }
}
