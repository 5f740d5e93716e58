using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Assessments;

public sealed class RecordAssessmentTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_typical_case_is_recorded_and_shown_as_suspected_with_each_criterion_explained()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "ASSESS-1");

        var response = await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/assessments/(\d+)").Groups[1].Value);
        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/assessments/{id}"));
        Assert.Contains("Diagnosis: suspected", page);
        Assert.Matches(@"<td>1</td><td>[^<]+</td><td class=""state-met"">met</td>", page);
        Assert.Matches(@"<td>2</td><td>[^<]+</td><td class=""state-met"">met</td>", page);
        Assert.Matches(@"<td>4</td><td>[^<]+</td><td class=""state-pending"">pending</td>", page);
        Assert.Contains("L4-L5", page); // imaging's level is shown, and said not to localise
        var timeline = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/patients/{patientId}"));
        Assert.Contains("diagnosis suspected; pain 7/10", timeline);

        await using var db = TestDatabases.Context(app.ConnectionString);
        var saved = await db.Assessments.SingleAsync(a => a.Id == id);
        Assert.Equal(2, saved.Territories.Count);
        Assert.Equal("T12-L1", Assert.Single(saved.SuspectedSegments).Segment);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "RecordAssessment" && a.EntityId == id.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewAssessment" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task Spontaneous_pain_at_the_level_means_the_criteria_are_not_met()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "ASSESS-2");

        var response = await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment().Replace("SpontaneousPainAtLevel", "true"));

        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Diagnosis: criteria not met", page);
        Assert.Matches(@"<td>2</td><td>[^<]+</td><td class=""state-notmet"">not met</td>", page);
    }

    [Fact]
    public async Task A_veiled_level_meets_criterion_two()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "ASSESS-3");
        var fields = ClinicalData.TypicalAssessment().Replace("TenderSegments[0].Segment", "").Replace("TenderSegments[0].Side", "").Replace("LevelVeiled", "true");

        var response = await clinician.RecordAssessmentAsync(patientId, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Diagnosis: suspected", page);
        Assert.Contains("veiled (none found)", page);
    }

    [Theory]
    [InlineData("BaselinePain", "11", "Baseline pain must be between 0 and 10.")]
    [InlineData("BaselinePain", "", "Baseline pain (0–10) is required.")]
    [InlineData("OswestryIndex", "101", "Oswestry Disability Index must be between 0 and 100 %.")]
    [InlineData("TenderSegments[0].Segment", "L6-S2", "Segment must be a facet segment from C2-C3 to L5-S1")]
    [InlineData("SuspectedSegments[0].Segment", "S1-S2", "Segment must be a facet segment from C2-C3 to L5-S1")]
    [InlineData("SuspectedSegments[0].Side", "", "Side is required for a segment.")]
    [InlineData("Territories[1].Side", "", "Side is required for a painful territory.")]
    [InlineData("LevelVeiled", "true", "record tender segments or tick veiled, not both")]
    [InlineData("AssessedOn", "2999-01-01", "Date of the assessment cannot be in the future.")]
    [InlineData("AssessedOn", "1950-01-01", "Date of the assessment cannot be before the patient's date of birth.")]
    [InlineData("Imaging", "None", "Imaging findings and a suggested level need an imaging modality")]
    [InlineData("ImagingSuggestedSegment", "L6-S1", "Level suggested by imaging must be a facet segment")]
    [InlineData("SpontaneousPainAtLevel", "", "Spontaneous pain at the spinal level: answer yes or no.")]
    public async Task Bad_input_names_the_field_and_the_rule_and_nothing_is_written(string field, string value, string message)
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "BAD-" + Guid.NewGuid().ToString("N")[..8]);

        var response = await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment().Replace(field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Assessments.AnyAsync(a => a.PatientId == patientId));
    }

    [Fact]
    public async Task The_database_refuses_an_impossible_level_and_an_out_of_range_pain()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "SQL-ASSESS");
        var response = await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment());
        var id = Regex.Match(response.Headers.Location!.OriginalString, @"/assessments/(\d+)").Groups[1].Value;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();

        var level = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand($"INSERT INTO assessment_tender_segments (assessment_id, segment, side) VALUES ({id}, 'L6-S2', 'Left')", connection).ExecuteNonQueryAsync());
        var pain = await Assert.ThrowsAsync<PostgresException>(() =>
            new NpgsqlCommand($"UPDATE assessments SET baseline_pain = 11 WHERE id = {id}", connection).ExecuteNonQueryAsync());

        Assert.Equal("ck_assessment_tender_segments_segment", level.ConstraintName);
        Assert.Equal("ck_assessments_baseline_pain", pain.ConstraintName);
    }

    [Fact]
    public async Task Only_clinicians_record_assessments_and_only_for_their_clinics_patients()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "SCOPE-1");
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        var stranger = await app.ClinicianAsync(clinic: "ELSEWHERE");

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync($"/patients/{patientId}/assessments/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/patients/{patientId}/assessments/new")).StatusCode);
        var token = Html.AntiforgeryToken(await stranger.GetStringAsync("/patients"));
        var post = await stranger.PostAsync($"/patients/{patientId}/assessments/new",
            new FormUrlEncodedContent(Html.Fields([.. ClinicalData.TypicalAssessment(), ("__RequestVerificationToken", token)])));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}
