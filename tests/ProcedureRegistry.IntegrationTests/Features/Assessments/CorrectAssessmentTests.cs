using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Assessments;

public sealed class CorrectAssessmentTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(HttpClient Clinician, int Id, string Version)> RecordedAsync(string mrn)
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, mrn);
        var recorded = await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment());
        var id = int.Parse(Regex.Match(recorded.Headers.Location!.OriginalString, @"/assessments/(\d+)").Groups[1].Value);
        var form = await clinician.GetStringAsync($"/assessments/{id}/correct");
        return (clinician, id, Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value);
    }

    [Fact]
    public async Task A_correction_reevaluates_the_criteria_and_keeps_the_assessment_as_it_was()
    {
        var (clinician, id, version) = await RecordedAsync("ACORR-1");
        var form = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/assessments/{id}/correct"));
        Assert.Contains("Correct the assessment of", form);

        var response = await clinician.PostFormAsync($"/assessments/{id}/correct", $"/assessments/{id}/correct",
            Html.Fields([.. ClinicalData.TypicalAssessment().Replace("SpontaneousPainAtLevel", "true").Replace("BaselinePain", "6"),
                ("Version", version), ("Reason", "spontaneous pain was present after all")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/assessments/{id}"));
        Assert.Contains("Diagnosis: criteria not met", page);
        Assert.Contains("spontaneous pain was present after all", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var revision = await db.AssessmentRevisions.SingleAsync(r => r.AssessmentId == id);
        Assert.Contains("\"BaselinePain\": 7", revision.PreviousJson);
        Assert.Equal(6, (await db.Assessments.SingleAsync(a => a.Id == id)).BaselinePain);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CorrectAssessment" && a.EntityId == id.ToString()));
    }

    [Fact]
    public async Task Bad_values_a_missing_reason_and_a_stale_form_are_refused()
    {
        var (clinician, id, version) = await RecordedAsync("ACORR-2");
        var url = $"/assessments/{id}/correct";

        var badPain = await clinician.PostFormAsync(url, url, Html.Fields([.. ClinicalData.TypicalAssessment().Replace("BaselinePain", "11"), ("Version", version), ("Reason", "typo")]));
        var noReason = await clinician.PostFormAsync(url, url, Html.Fields([.. ClinicalData.TypicalAssessment(), ("Version", version), ("Reason", "")]));
        var first = await clinician.PostFormAsync(url, url, Html.Fields([.. ClinicalData.TypicalAssessment().Replace("BaselinePain", "5"), ("Version", version), ("Reason", "first")]));
        var stale = await clinician.PostFormAsync(url, url, Html.Fields([.. ClinicalData.TypicalAssessment().Replace("BaselinePain", "4"), ("Version", version), ("Reason", "stale form")]));
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);

        Assert.Equal(HttpStatusCode.BadRequest, badPain.StatusCode);
        Assert.Contains("Baseline pain must be between 0 and 10.", await badPain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Reason for the correction is required", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync(url)).StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(5, (await db.Assessments.SingleAsync(a => a.Id == id)).BaselinePain);
    }
}
