using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Patients;

public sealed class PatientTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static (string, string)[] Valid(string mrn, string family = "Dupré-Müller", string given = "Hélène", string dob = "1961-04-23") =>
    [
        ("Mrn", mrn), ("FamilyName", family), ("GivenName", given), ("DateOfBirth", dob), ("Sex", "Female"),
        ("Email", "helene@example.org"), ("Phone", "+33 6 12 34 56 78"), ("ReminderConsent", "true"),
        ("PreferredChannel", "Email"), ("TimeZone", "Europe/Paris"),
    ];

    private async Task<HttpResponseMessage> RegisterAsync(HttpClient client, params (string, string)[] fields)
    {
        var clinicId = await app.ClinicAsync();
        return await client.PostFormAsync("/patients/new", "/patients/new", Html.Fields([.. fields, ("ClinicId", clinicId.ToString())]));
    }

    private static int IdFrom(HttpResponseMessage redirect) =>
        int.Parse(Regex.Match(redirect.Headers.Location!.OriginalString, @"/patients/(\d+)").Groups[1].Value);

    [Fact]
    public async Task Clinician_registers_a_patient_and_the_record_view_is_audited()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);

        var response = await RegisterAsync(client, Valid("REG-001"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = IdFrom(response);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/patients/{id}"));
        Assert.Contains("DUPRÉ-MÜLLER, Hélène", page);
        Assert.Contains("REG-001", page);
        Assert.Contains("consented", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "RegisterPatient" && a.EntityId == id.ToString() && a.Outcome == "Succeeded"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewPatient" && a.EntityId == id.ToString() && a.Outcome == "Succeeded"));
    }

    [Theory]
    [InlineData("DateOfBirth", "2999-01-01", "Date of birth cannot be in the future.")]
    [InlineData("DateOfBirth", "1899-12-31", "Date of birth must be on or after 1900-01-01.")]
    [InlineData("DateOfBirth", "", "Date of birth is required.")]
    [InlineData("Mrn", "", "MRN is required.")]
    [InlineData("Mrn", "bad mrn!", "MRN must be 1 to 32 letters, digits, dots, slashes or dashes.")]
    [InlineData("FamilyName", "", "Family name is required.")]
    [InlineData("Sex", "Robot", "Sex must be one of Female, Male, Other, Unknown.")]
    [InlineData("Email", "not-an-email", "Email must be an email address such as name@example.org")]
    [InlineData("Phone", "call me", "Phone must be digits")]
    [InlineData("TimeZone", "Atlantis/Lost", "Time zone must be an IANA time zone id")]
    [InlineData("PreferredChannel", "None", "choose Email or SMS for a patient who consents")]
    public async Task Bad_input_gets_a_message_naming_the_field_and_nothing_is_written(string field, string value, string message)
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        var fields = Valid("BAD-" + Guid.NewGuid().ToString("N")[..8]).Select(f => f.Item1 == field ? (field, value) : f).ToArray();
        await using var db = TestDatabases.Context(app.ConnectionString);
        var before = await db.Patients.CountAsync();

        var response = await RegisterAsync(client, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await db.Patients.CountAsync());
    }

    [Fact]
    public async Task Email_channel_without_an_email_is_refused()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        var fields = Valid("NOMAIL-1").Select(f => f.Item1 == "Email" ? ("Email", "") : f).ToArray();

        var response = await RegisterAsync(client, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Email is required when reminders go by email.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Duplicate_mrn_in_the_same_clinic_is_refused_but_another_clinic_may_use_it()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(client, Valid("DUP-7"))).StatusCode);

        var again = await RegisterAsync(client, Valid("DUP-7", family: "Other"));

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("MRN DUP-7 is already registered in this clinic.", await again.Content.ReadAsStringAsync());

        var other = await app.SignedInClientAsync(Roles.Clinician, clinic: "OTHER");
        var otherClinic = await app.ClinicAsync("OTHER");
        var elsewhere = await other.PostFormAsync("/patients/new", "/patients/new", Html.Fields([.. Valid("DUP-7"), ("ClinicId", otherClinic.ToString())]));
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    [Fact]
    public async Task The_database_refuses_bad_patients_even_past_the_app()
    {
        var clinicId = await app.ClinicAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        async Task<PostgresException> Insert(string dob, string channel, bool consent, string? email) =>
            await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var cmd = new NpgsqlCommand(
                    "INSERT INTO patients (clinic_id, mrn, family_name, given_name, date_of_birth, sex, email, reminder_consent, preferred_channel, time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key) " +
                    "VALUES ($1, 'SQL-1', 'A', 'B', $2::date, 'Female', $3, $4, $5, 'UTC', now(), now(), 'sql-1', 'a', 'b')", connection);
                cmd.Parameters.Add(new() { Value = clinicId });
                cmd.Parameters.Add(new() { Value = dob });
                cmd.Parameters.Add(new() { Value = (object?)email ?? DBNull.Value });
                cmd.Parameters.Add(new() { Value = consent });
                cmd.Parameters.Add(new() { Value = channel });
                await cmd.ExecuteNonQueryAsync();
            });

        Assert.Equal("ck_patients_date_of_birth_range", (await Insert("2999-01-01", "None", false, null)).ConstraintName);
        Assert.Equal("ck_patients_channel_needs_consent", (await Insert("1960-01-01", "Email", false, "a@b.org")).ConstraintName);
        Assert.Equal("ck_patients_email_channel_needs_email", (await Insert("1960-01-01", "Email", true, null)).ConstraintName);
    }

    [Fact]
    public async Task Search_is_by_prefix_ignoring_case_and_accents_and_sees_only_the_users_clinics()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        await RegisterAsync(client, Valid("SRCH-1", family: "Lefèvre", given: "Amélie", dob: "1970-02-03"));
        await RegisterAsync(client, Valid("SRCH-2", family: "Lefebvre", given: "Jean", dob: "1980-05-06"));
        var stranger = await app.SignedInClientAsync(Roles.Clinician, clinic: "ELSEWHERE");

        var byFamily = await Page(client, "/patients?q=LEFE");
        var byGiven = await Page(client, "/patients?q=amel");
        var byBoth = await Page(client, "/patients?q=lef%20jean");
        var byDob = await Page(client, "/patients?q=03/02/1970");
        var byMrn = await Page(client, "/patients?q=srch-2");
        var none = await Page(client, "/patients?q=zzz");
        var otherClinic = await Page(stranger, "/patients?q=lef");

        Assert.Contains("LEFÈVRE, Amélie", byFamily);
        Assert.Contains("LEFEBVRE, Jean", byFamily);
        Assert.Contains("LEFÈVRE, Amélie", byGiven);
        Assert.DoesNotContain("Jean", byGiven);
        Assert.Contains("LEFEBVRE, Jean", byBoth);
        Assert.DoesNotContain("Amélie", byBoth);
        Assert.Contains("SRCH-1", byDob);
        Assert.DoesNotContain("SRCH-2", byDob);
        Assert.Contains("SRCH-2", byMrn);
        Assert.Contains("No patient matches", none);
        Assert.DoesNotContain("SRCH-", otherClinic);
    }

    private static async Task<string> Page(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    [Fact]
    public async Task Another_clinics_patient_is_not_found_and_an_analyst_may_not_see_patients()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(client, Valid("HIDDEN-1")));
        var stranger = await app.SignedInClientAsync(Roles.Clinician, clinic: "ELSEWHERE");
        var analyst = await app.SignedInClientAsync(Roles.Analyst);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/patients/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/patients/{id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/patients/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/patients")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/patients/{id}")).StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewPatient" && a.Outcome == "NotFound"));
    }

    [Fact]
    public async Task An_edit_keeps_the_previous_version_with_who_when_and_why()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(client, Valid("EDIT-1")));
        var form = await client.GetStringAsync($"/patients/{id}/edit");
        var version = Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var response = await client.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. Valid("EDIT-1").Select(f => f.Item1 == "Phone" ? ("Phone", "+33 7 00 00 00 01") : f), ("Version", version), ("Reason", "New mobile number")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/patients/{id}"));
        Assert.Contains("New mobile number", page);
        Assert.Contains("Phone: +33 6 12 34 56 78 → +33 7 00 00 00 01", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var revision = await db.PatientRevisions.SingleAsync(r => r.PatientId == id);
        Assert.Contains("+33 6 12 34 56 78", revision.PreviousDetailsJson);
        Assert.Equal(1, revision.Number);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_as_a_conflict_and_nothing_is_written()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(client, Valid("STALE-1")));
        var version = Regex.Match(await client.GetStringAsync($"/patients/{id}/edit"), "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. Valid("STALE-1", given: "First"), ("Version", version), ("Reason", "first edit")]))).StatusCode);

        var stale = await client.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. Valid("STALE-1", given: "Second"), ("Version", version), ("Reason", "second edit, from a stale form")]));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal("First", (await db.Patients.SingleAsync(p => p.Id == id)).GivenName);
        Assert.Equal(1, await db.PatientRevisions.CountAsync(r => r.PatientId == id));
    }

    [Fact]
    public async Task Two_saves_of_one_patient_at_the_same_moment_give_one_success_and_one_conflict()
    {
        var first = await app.SignedInClientAsync(Roles.Clinician);
        var second = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(first, Valid("RACE-1")));
        var outcomes = new List<HttpStatusCode>();
        for (var round = 0; round < 8; round++)
        {
            // Both forms are opened first, then both posts are released together.
            var posts = new List<Func<Task<HttpResponseMessage>>>();
            foreach (var (client, name) in new[] { (first, $"First{round}"), (second, $"Second{round}") })
            {
                var form = await client.GetStringAsync($"/patients/{id}/edit");
                var version = Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
                var fields = Html.Fields([.. Valid("RACE-1", given: name), ("Version", version), ("Reason", "simultaneous edit"),
                    ("__RequestVerificationToken", Html.AntiforgeryToken(form))]);
                posts.Add(() => client.PostAsync($"/patients/{id}/edit", new FormUrlEncodedContent(fields)));
            }
            using var barrier = new Barrier(2);
            var responses = await Task.WhenAll(posts.Select(post => Task.Run(() =>
            {
                barrier.SignalAndWait();
                return post();
            })));
            var codes = responses.Select(r => r.StatusCode).Order().ToList();
            outcomes.AddRange(codes);
            Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Conflict], codes);
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Contains("Someone else changed this record", WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync()));
        }
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(8, await db.PatientRevisions.CountAsync(r => r.PatientId == id));
    }

    [Fact]
    public async Task Every_unique_index_that_numbers_rows_in_sequence_is_read_as_a_conflict()
    {
        // A unique index whose last column is a sequence number (number, attempt, seq...) has the race of the test
        // above: the behaviour must know it.
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT i.relname FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[x.indnatts - 1]
            WHERE x.indisunique AND NOT x.indisprimary AND n.nspname = 'public' AND x.indnatts > 1
              AND (a.attname IN ('number', 'attempt', 'revision', 'sequence', 'seq') OR a.attname LIKE '%\_number')
            """, connection);
        var found = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetString(0));
            }
        }
        Assert.NotEmpty(found);
        Assert.Equal(found.Order(), ProcedureRegistry.Web.Infrastructure.Mediation.DatabaseRuleBehavior<object, object>.SequenceIndexes.Order());
    }

    [Fact]
    public async Task An_edit_needs_a_reason_and_a_change()
    {
        var client = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(client, Valid("REASON-1")));
        var version = Regex.Match(await client.GetStringAsync($"/patients/{id}/edit"), "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var noReason = await client.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit", Html.Fields([.. Valid("REASON-1", given: "X"), ("Version", version), ("Reason", "")]));
        var noChange = await client.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit", Html.Fields([.. Valid("REASON-1"), ("Version", version), ("Reason", "nothing")]));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Reason for the change is required", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noChange.StatusCode);
        Assert.Contains("Nothing was changed.", await noChange.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_coordinator_changes_contact_details_but_not_identity()
    {
        var clinician = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(clinician, Valid("COORD-1")));
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        var version = Regex.Match(await coordinator.GetStringAsync($"/patients/{id}/edit"), "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var rename = await coordinator.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. Valid("COORD-1", family: "Renamed"), ("Version", version), ("Reason", "try a rename")]));
        var withdraw = await coordinator.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. Valid("COORD-1").Select(f => f.Item1 switch { "ReminderConsent" => ("ReminderConsent", "false"), "PreferredChannel" => ("PreferredChannel", "None"), _ => f }),
                ("Version", version), ("Reason", "Patient withdrew consent by phone")]));

        Assert.Equal(HttpStatusCode.BadRequest, rename.StatusCode);
        Assert.Contains("Family name cannot be changed by your role: a Coordinator changes contact details and consent only.",
            WebUtility.HtmlDecode(await rename.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var patient = await db.Patients.SingleAsync(p => p.Id == id);
        Assert.False(patient.ReminderConsent);
        Assert.Null(patient.ConsentRecordedAt);
        Assert.Equal("Dupré-Müller", patient.FamilyName);
    }

    [Theory]
    [InlineData("DiedOn", "2026-01-15", "Date of death")]
    [InlineData("Mrn", "COORD-X", "MRN")]
    [InlineData("FamilyName", "Renamed", "Family name")]
    [InlineData("GivenName", "Renamed", "Given name")]
    [InlineData("DateOfBirth", "1961-04-24", "Date of birth")]
    [InlineData("Sex", "Male", "Sex")]
    public async Task A_coordinator_may_not_change_a_clinical_field_nor_record_a_death(string field, string value, string label)
    {
        var clinician = await app.SignedInClientAsync(Roles.Clinician);
        var mrn = $"COORD-{field}";
        var id = IdFrom(await RegisterAsync(clinician, Valid(mrn)));
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        var form = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/patients/{id}/edit"));
        var version = Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = Valid(mrn).Where(f => f.Item1 != field).Append((field, value));

        var response = await coordinator.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. fields, ("Version", version), ("Reason", "tried by a coordinator")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches($"data-valmsg-for=\"{field}\"[^>]*>{label} cannot be changed by your role: a Coordinator changes contact details and consent only.<", page);
        // The form shows the field read-only (the select: its other choices disabled), as it did before the post.
        Assert.Matches(field == "Sex" ? "<option value=\"Male\" disabled=\"disabled\">" : $"<input(?=[^>]*id=\"{field}\")[^>]*readonly=\"readonly\"", form);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var patient = await db.Patients.SingleAsync(p => p.Id == id);
        Assert.Null(patient.DiedOn);
        Assert.Equal((mrn, "Dupré-Müller", "Hélène"), (patient.Mrn, patient.FamilyName, patient.GivenName));
        Assert.Equal(0, await db.PatientRevisions.CountAsync(r => r.PatientId == id));
        Assert.Equal(0, await db.FollowUps.CountAsync(f => f.PatientId == id && f.CancelReason != null));
    }

    [Fact]
    public async Task A_clinician_records_a_death_and_the_form_leaves_every_field_editable()
    {
        var clinician = await app.SignedInClientAsync(Roles.Clinician);
        var id = IdFrom(await RegisterAsync(clinician, Valid("DEATH-1")));
        var form = await clinician.GetStringAsync($"/patients/{id}/edit");
        var version = Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var response = await clinician.PostFormAsync($"/patients/{id}/edit", $"/patients/{id}/edit",
            Html.Fields([.. Valid("DEATH-1"), ("DiedOn", "2026-01-15"), ("Version", version), ("Reason", "Died, letter from the GP")]));

        Assert.DoesNotContain("readonly", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(new DateOnly(2026, 1, 15), (await db.Patients.SingleAsync(p => p.Id == id)).DiedOn);
    }

    [Fact]
    public async Task Registering_needs_a_clinicians_role()
    {
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/patients/new")).StatusCode);
        var clinicId = await app.ClinicAsync();
        var post = await coordinator.PostFormAsync("/patients", "/patients/new", Html.Fields([.. Valid("NOPE-1"), ("ClinicId", clinicId.ToString())]));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }
}
