using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Clinics;

public sealed class CreateClinicTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Admin_creates_a_clinic_through_the_form_and_the_change_is_audited()
    {
        var client = await app.SignedInClientAsync(Roles.Admin);

        var response = await client.PostFormAsync("/admin/clinics/new", "/admin/clinics/new",
            Html.Fields(("Code", "NORTH-1"), ("Name", "North Spine Clinic"), ("TimeZone", "Europe/Paris")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await client.GetStringAsync("/admin/clinics");
        Assert.Contains("North Spine Clinic", list);
        Assert.Contains("Clinic NORTH-1 created.", list);

        await using var db = TestDatabases.Context(app.ConnectionString);
        var clinic = await db.Clinics.SingleAsync(c => c.Code == "NORTH-1");
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "CreateClinic" && a.EntityId == clinic.Id.ToString());
        Assert.Equal("Succeeded", audit.Outcome);
        Assert.StartsWith("admin.", audit.UserName);
        Assert.NotNull(audit.UserId);
    }

    [Fact]
    public async Task Malformed_form_gets_400_with_each_field_named_and_nothing_is_written()
    {
        var client = await app.SignedInClientAsync(Roles.Admin);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var before = await db.Clinics.CountAsync();

        var response = await client.PostFormAsync("/admin/clinics/new", "/admin/clinics/new",
            Html.Fields(("Code", "bad code!"), ("Name", ""), ("TimeZone", "Mars/Olympus_Mons")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Code must be 2 to 20 upper-case letters, digits or dashes", page);
        Assert.Contains("Name is required.", page);
        Assert.Contains("Time zone must be an IANA time zone id", page);
        Assert.Equal(before, await db.Clinics.CountAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CreateClinic" && a.Outcome == "Invalid"));
    }

    [Fact]
    public async Task Duplicate_code_is_refused_with_a_message_naming_the_code()
    {
        var client = await app.SignedInClientAsync(Roles.Admin);
        var fields = Html.Fields(("Code", "DUP"), ("Name", "First"), ("TimeZone", "UTC"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/admin/clinics/new", "/admin/clinics/new", fields)).StatusCode);

        var again = await client.PostFormAsync("/admin/clinics/new", "/admin/clinics/new", fields);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("A clinic with code DUP already exists.", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Clinician_may_not_manage_clinics()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);

        var page = await client.GetAsync("/admin/clinics");
        var post = await client.PostFormAsync("/", "/admin/clinics/new", Html.Fields(("Code", "NOPE"), ("Name", "Nope"), ("TimeZone", "UTC")));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("You do not have access to this page", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Clinics.AnyAsync(c => c.Code == "NOPE"));
    }

    [Fact]
    public async Task Json_client_gets_rfc7807_problem_details_naming_the_field()
    {
        var client = await app.SignedInClientAsync(Roles.Admin);
        var token = Html.AntiforgeryToken(await client.GetStringAsync("/admin/clinics/new"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/clinics")
        {
            Content = JsonContent.Create(new { code = "x", name = "A valid name", timeZone = "UTC" }),
        };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var codeErrors = problem.RootElement.GetProperty("errors").GetProperty("Code");
        Assert.Contains("upper-case", codeErrors[0].GetString());
    }

    [Fact]
    public async Task Json_client_creates_a_clinic()
    {
        var client = await app.SignedInClientAsync(Roles.Admin);
        var token = Html.AntiforgeryToken(await client.GetStringAsync("/admin/clinics/new"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/clinics")
        {
            Content = JsonContent.Create(new { code = "API-1", name = "Created by API", timeZone = "America/New_York" }),
        };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = await client.GetStringAsync("/api/clinics");
        Assert.Contains("Created by API", listed);
    }

    [Fact]
    public async Task The_database_refuses_a_bad_code_and_a_duplicate_even_past_the_app()
    {
        await app.ClinicAsync("SQL-OK");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();

        var badCode = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("INSERT INTO clinics (code, name, time_zone) VALUES ('bad code', 'Name', 'UTC')", connection).ExecuteNonQueryAsync());
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand("INSERT INTO clinics (code, name, time_zone) VALUES ('SQL-OK', 'Other', 'UTC')", connection).ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, badCode.SqlState);
        Assert.Equal("ck_clinics_code_format", badCode.ConstraintName);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }

    [Fact]
    public async Task Concurrent_edits_of_a_clinic_conflict_on_xmin()
    {
        var id = await app.ClinicAsync("XMIN");
        await using var first = TestDatabases.Context(app.ConnectionString);
        await using var second = TestDatabases.Context(app.ConnectionString);
        var a = await first.Clinics.SingleAsync(c => c.Id == id);
        var b = await second.Clinics.SingleAsync(c => c.Id == id);

        a.Rename("Renamed first");
        await first.SaveChangesAsync();
        b.Rename("Renamed second");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }
}
