using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Clinics;

public sealed class EditClinicTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<string> VersionAsync(int clinicId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return (await db.Clinics.SingleAsync(c => c.Id == clinicId)).Version.ToString();
    }

    [Fact]
    public async Task An_Admin_changes_the_settings_of_their_clinic_and_the_change_is_audited()
    {
        var clinicId = await app.ClinicAsync("EDIT-A");
        var admin = await app.SignedInClientAsync(Roles.Admin, clinic: "EDIT-A");
        Assert.Contains("value=\"Clinic EDIT-A\"", await admin.GetStringAsync($"/admin/clinics/{clinicId}/edit"));

        var saved = await admin.PostFormAsync($"/admin/clinics/{clinicId}/edit", $"/admin/clinics/{clinicId}/edit", Html.Fields(
            ("Name", "Edited clinic"), ("TimeZone", "America/New_York"), ("RequireTwoFactor", "true"), ("Version", await VersionAsync(clinicId))));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var clinic = await db.Clinics.SingleAsync(c => c.Id == clinicId);
        Assert.Equal(("Edited clinic", "America/New_York", true, "EDIT-A"), (clinic.Name, clinic.TimeZone, clinic.RequireTwoFactor, clinic.Code));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "EditClinic" && a.EntityId == clinicId.ToString() && a.Outcome == "Succeeded"));
        Assert.Contains("Required", await admin.GetStringAsync("/admin/clinics"));
    }

    [Fact]
    public async Task Another_clinic_answers_404_and_is_not_changed()
    {
        var theirs = await app.ClinicAsync("EDIT-B");
        await app.ClinicAsync("EDIT-C");
        var admin = await app.SignedInClientAsync(Roles.Admin, clinic: "EDIT-C");
        var form = await admin.GetStringAsync("/admin/clinics/new"); // any page, for an antiforgery token

        var get = await admin.GetAsync($"/admin/clinics/{theirs}/edit");
        var post = await admin.PostAsync($"/admin/clinics/{theirs}/edit", new FormUrlEncodedContent(Html.Fields(
            ("Name", "Taken over"), ("TimeZone", "UTC"), ("RequireTwoFactor", "true"), ("Version", await VersionAsync(theirs)),
            ("__RequestVerificationToken", Html.AntiforgeryToken(form)))));
        var missing = await admin.GetAsync("/admin/clinics/999999/edit");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, post.StatusCode, missing.StatusCode));
        await using var db = TestDatabases.Context(app.ConnectionString);
        var clinic = await db.Clinics.SingleAsync(c => c.Id == theirs);
        Assert.Equal(("Clinic EDIT-B", false), (clinic.Name, clinic.RequireTwoFactor));
    }

    [Fact]
    public async Task Invalid_settings_name_each_field_and_nothing_is_written()
    {
        var clinicId = await app.ClinicAsync("EDIT-D");
        var admin = await app.SignedInClientAsync(Roles.Admin, clinic: "EDIT-D");

        var response = await admin.PostFormAsync($"/admin/clinics/{clinicId}/edit", $"/admin/clinics/{clinicId}/edit", Html.Fields(
            ("Name", " "), ("TimeZone", "Mars/Olympus"), ("RequireTwoFactor", "true"), ("Version", await VersionAsync(clinicId))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Time zone must be an IANA time zone id", page);
        Assert.Contains("Name is required.", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal("Clinic EDIT-D", (await db.Clinics.SingleAsync(c => c.Id == clinicId)).Name);
    }

    [Fact]
    public async Task Clinicians_may_not_open_clinic_settings()
    {
        var clinicId = await app.ClinicAsync();
        var clinician = await app.SignedInClientAsync(Roles.Clinician);

        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync($"/admin/clinics/{clinicId}/edit")).StatusCode);
    }
}
