using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.IntegrationTests.Features.Users;

public sealed class EditUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Admin_changes_a_users_name_roles_and_clinics_and_the_change_is_audited()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "TEST", "OTHER"));
        var user = await app.UserInClinicsAsync(Roles.Clinician, "TEST");
        var test = await app.ClinicAsync("TEST");
        var other = await app.ClinicAsync("OTHER");

        var form = await admin.GetStringAsync($"/admin/users/{user.Id}/edit");
        Assert.Contains($"value=\"{Roles.Clinician}\" checked", form);
        Assert.Contains($"value=\"{test}\" checked", form);
        var response = await admin.PostFormAsync($"/admin/users/{user.Id}/edit", $"/admin/users/{user.Id}/edit", Html.Fields(
            ("DisplayName", "  Dr Two Hats "), ("Roles", Roles.Clinician), ("Roles", Roles.Coordinator), ("ClinicIds", other.ToString())));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Dr Two Hats saved.", await admin.GetStringAsync("/admin/users"));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal("Dr Two Hats", (await db.Users.SingleAsync(u => u.Id == user.Id)).DisplayName);
        Assert.Equal([other], await db.ClinicMemberships.Where(m => m.UserId == user.Id).Select(m => m.ClinicId).ToListAsync());
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id orderby r.Name select r.Name).ToListAsync();
        Assert.Equal([Roles.Clinician, Roles.Coordinator], roles);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "EditUser" && a.EntityId == user.Id && a.Outcome == "Succeeded"));

        var home = await (await app.SignedInAsync(user)).GetStringAsync("/");
        Assert.Contains("role: Clinician, Coordinator", home);
        Assert.Contains("clinics: Clinic OTHER", home);
    }

    [Fact]
    public async Task An_invalid_edit_names_each_field_answers_400_and_changes_nothing()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var user = await app.UserInClinicsAsync(Roles.Analyst, "TEST");
        await using var db = TestDatabases.Context(app.ConnectionString);
        var before = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);

        var empty = await admin.PostFormAsync($"/admin/users/{user.Id}/edit", $"/admin/users/{user.Id}/edit", Html.Fields(("DisplayName", " ")));
        var unknownRole = await admin.PostFormAsync($"/admin/users/{user.Id}/edit", $"/admin/users/{user.Id}/edit", Html.Fields(
            ("DisplayName", new string('x', 101)), ("Roles", "Superuser"), ("ClinicIds", "not-a-number")));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var page = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Display name is required.", page);
        Assert.Contains("Choose at least one role.", page);
        Assert.Contains("Choose at least one clinic.", page);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Contains("ClinicIds", await unknownRole.Content.ReadAsStringAsync());
        var valid = await admin.PostFormAsync($"/admin/users/{user.Id}/edit", $"/admin/users/{user.Id}/edit", Html.Fields(
            ("DisplayName", new string('x', 101)), ("Roles", "Superuser"), ("ClinicIds", (await app.ClinicAsync()).ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, valid.StatusCode);
        var messages = await valid.Content.ReadAsStringAsync();
        Assert.Contains("Display name must be at most 100 characters.", messages);
        Assert.Contains("Roles must be among: Admin, Clinician, Coordinator, Analyst, Preparer.", messages);
        var after = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
        Assert.Equal((before.DisplayName, before.SecurityStamp, before.ConcurrencyStamp), (after.DisplayName, after.SecurityStamp, after.ConcurrencyStamp));
    }

    [Fact]
    public async Task An_admin_cannot_drop_their_own_admin_role_leave_their_clinic_or_deactivate_themselves()
    {
        var me = await app.UserInClinicsAsync(Roles.Admin, "TEST", "OTHER");
        var admin = await app.SignedInAsync(me);
        var test = (await app.ClinicAsync("TEST")).ToString();
        var other = (await app.ClinicAsync("OTHER")).ToString();

        var demoted = await admin.PostFormAsync($"/admin/users/{me.Id}/edit", $"/admin/users/{me.Id}/edit", Html.Fields(
            ("DisplayName", "Me"), ("Roles", Roles.Clinician), ("ClinicIds", test), ("ClinicIds", other)));
        var left = await admin.PostFormAsync($"/admin/users/{me.Id}/edit", $"/admin/users/{me.Id}/edit", Html.Fields(
            ("DisplayName", "Me"), ("Roles", Roles.Admin), ("ClinicIds", test)));
        var deactivated = await admin.PostFormAsync($"/admin/users/{me.Id}/deactivate", $"/admin/users/{me.Id}/deactivate", []);

        Assert.Equal(HttpStatusCode.BadRequest, demoted.StatusCode);
        Assert.Contains(EditUser.OwnAdminRole, await demoted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, left.StatusCode);
        Assert.Contains(EditUser.OwnClinic, await left.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, deactivated.StatusCode);
        Assert.Contains(DeactivateUser.OwnAccount, await deactivated.Content.ReadAsStringAsync());
        // Still an Admin of both clinics, still signed in; adding a role to oneself is fine.
        var renamed = await admin.PostFormAsync($"/admin/users/{me.Id}/edit", $"/admin/users/{me.Id}/edit", Html.Fields(
            ("DisplayName", "Me"), ("Roles", Roles.Admin), ("ClinicIds", test), ("ClinicIds", other)));
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(2, await db.ClinicMemberships.CountAsync(m => m.UserId == me.Id));
        Assert.Null((await db.Users.SingleAsync(u => u.Id == me.Id)).DeactivatedAt);
    }

    [Fact]
    public async Task Another_admin_of_the_same_clinics_may_demote_an_admin()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "TEST"));
        var colleague = await app.UserInClinicsAsync(Roles.Admin, "TEST");

        var response = await admin.PostFormAsync($"/admin/users/{colleague.Id}/edit", $"/admin/users/{colleague.Id}/edit", Html.Fields(
            ("DisplayName", "Former Admin"), ("Roles", Roles.Analyst), ("ClinicIds", (await app.ClinicAsync("TEST")).ToString())));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(colleague)).GetAsync("/admin/users")).StatusCode);
    }

    [Theory]
    [InlineData("DELETE FROM clinic_memberships WHERE user_id = $1", "ck_users_keep_a_clinic")]
    [InlineData("DELETE FROM user_roles WHERE user_id = $1", "ck_users_keep_a_role")]
    public async Task The_database_refuses_to_leave_a_user_without_a_clinic_or_a_role(string sql, string rule)
    {
        var user = await app.UserInClinicsAsync(Roles.Analyst, "TEST");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var delete = new NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = user.Id } } };
        Assert.Equal(1, await delete.ExecuteNonQueryAsync());

        var refused = await Assert.ThrowsAsync<PostgresException>(() => transaction.CommitAsync());

        Assert.Equal(rule, refused.ConstraintName);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(1, await db.ClinicMemberships.CountAsync(m => m.UserId == user.Id));
        Assert.Equal(1, await db.UserRoles.CountAsync(ur => ur.UserId == user.Id));
    }
}
