using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.IntegrationTests.Features.Users;

/// <summary>
/// Issue 10, finding 1: an Admin of clinic NORTH administers only users all of whose clinics are NORTH's; a user of
/// SOUTH, or of NORTH and SOUTH, is invisible to them (404, absent from lists and counts).
/// </summary>
public sealed class UserAdministrationBoundaryTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_users_list_shows_and_counts_only_users_all_of_whose_clinics_are_the_admins()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "NORTH"));
        var north = await app.UserInClinicsAsync(Roles.Clinician, "NORTH");
        var south = await app.UserInClinicsAsync(Roles.Clinician, "SOUTH");
        var both = await app.UserInClinicsAsync(Roles.Clinician, "NORTH", "SOUTH");

        var list = await admin.GetStringAsync("/admin/users?search=clinician.");

        Assert.Contains(north.Email, list);
        Assert.DoesNotContain(south.Email, list);
        Assert.DoesNotContain(both.Email, list);
        Assert.Contains("1 users · page 1 of 1", await admin.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString(north.Email)));
        Assert.Contains("No user matches", await admin.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString(south.Email)));
        Assert.Contains("No user matches", await admin.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString(both.Email)));
    }

    [Fact]
    public async Task Every_action_on_a_user_of_another_clinic_answers_404_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "NORTH"));
        var south = await app.UserInClinicsAsync(Roles.Admin, "SOUTH");
        var both = await app.UserInClinicsAsync(Roles.Clinician, "NORTH", "SOUTH");
        var northId = await app.ClinicAsync("NORTH");
        await using var db = TestDatabases.Context(app.ConnectionString);
        var before = await db.Users.AsNoTracking().Where(u => u.Id == south.Id || u.Id == both.Id).ToListAsync();

        foreach (var user in new[] { south, both })
        {
            foreach (var page in new[] { "edit", "reset-password", "deactivate" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/users/{user.Id}/{page}")).StatusCode);
            }
            var edit = Html.Fields(("DisplayName", "Taken over"), ("Roles", Roles.Admin), ("ClinicIds", northId.ToString()));
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/edit", edit)).StatusCode);
            foreach (var action in new[] { "reset-password", "deactivate", "reactivate" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/admin/users", $"/admin/users/{user.Id}/{action}", [])).StatusCode);
            }
        }

        var after = await db.Users.AsNoTracking().Where(u => u.Id == south.Id || u.Id == both.Id).ToListAsync();
        Assert.Equal(
            before.OrderBy(u => u.Id).Select(u => (u.DisplayName, u.PasswordHash, u.SecurityStamp, u.DeactivatedAt)),
            after.OrderBy(u => u.Id).Select(u => (u.DisplayName, u.PasswordHash, u.SecurityStamp, u.DeactivatedAt)));
        Assert.Equal(2, await db.ClinicMemberships.CountAsync(m => m.UserId == both.Id));
        // The takeover of the review: the SOUTH Admin's own password still works, so nobody else got in.
        Assert.Equal(HttpStatusCode.Redirect, (await app.Factory.CreateBrowserLikeClient().SignInAsync(south.Email, south.Password)).StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_and_edits_users_only_into_their_own_clinics()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "NORTH"));
        var northId = await app.ClinicAsync("NORTH");
        var southId = await app.ClinicAsync("SOUTH");
        var north = await app.UserInClinicsAsync(Roles.Clinician, "NORTH");
        await using var db = TestDatabases.Context(app.ConnectionString);
        var usersBefore = await db.Users.CountAsync();

        var form = await admin.GetStringAsync("/admin/users/new");
        Assert.Contains("(NORTH)", form);
        Assert.DoesNotContain("(SOUTH)", form);
        foreach (var clinics in new[] { new[] { southId }, new[] { northId, southId }, new[] { 999999 } })
        {
            var created = await admin.PostFormAsync("/admin/users/new", "/admin/users/new", Html.Fields(
                [("Email", $"forged{clinics.Length}@test.clinic"), ("DisplayName", "Forged"), ("Role", Roles.Admin),
                 .. clinics.Select(id => ("ClinicIds", id.ToString()))]));
            Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
            Assert.Contains(AdministeredUsers.ClinicNotYours, await created.Content.ReadAsStringAsync());
        }
        var edited = await admin.PostFormAsync($"/admin/users/{north.Id}/edit", $"/admin/users/{north.Id}/edit", Html.Fields(
            ("DisplayName", "Moved"), ("Roles", Roles.Clinician), ("ClinicIds", northId.ToString()), ("ClinicIds", southId.ToString())));

        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
        Assert.Contains(AdministeredUsers.ClinicNotYours, await edited.Content.ReadAsStringAsync());
        Assert.Equal(usersBefore, await db.Users.CountAsync());
        Assert.Equal([northId], await db.ClinicMemberships.Where(m => m.UserId == north.Id).Select(m => m.ClinicId).ToListAsync());
        Assert.NotEqual("Moved", (await db.Users.SingleAsync(u => u.Id == north.Id)).DisplayName);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CreateUser" && a.Outcome == "Invalid"));
    }

    [Fact]
    public async Task Creating_a_clinic_makes_its_creator_a_member_who_administers_it()
    {
        var creator = await app.UserInClinicsAsync(Roles.Admin, "NORTH");
        var admin = await app.SignedInAsync(creator);
        await app.ClinicAsync("SOUTH");

        var response = await admin.PostFormAsync("/admin/clinics/new", "/admin/clinics/new",
            Html.Fields(("Code", "EAST"), ("Name", "East Clinic"), ("TimeZone", "UTC")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var east = await db.Clinics.SingleAsync(c => c.Code == "EAST");
        Assert.True(await db.ClinicMemberships.AnyAsync(m => m.UserId == creator.Id && m.ClinicId == east.Id));
        var clinics = await admin.GetStringAsync("/admin/clinics");
        Assert.Contains("East Clinic", clinics);
        Assert.DoesNotContain("Clinic SOUTH", clinics);
        Assert.Contains("(EAST)", await admin.GetStringAsync("/admin/users/new"));
    }
}
