using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Procedures;

public sealed class CorrectProcedureTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly (string, string)[] Rf =
    [
        ("PerformedAt", "2026-11-02T10:00"), ("OperatorName", "Dr Test"), ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"),
        ("Complication", "None"), ("PrePain", "7"), ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"),
        ("Mode", "ConventionalThermal"), ("TemperatureC", "80"), ("LesionSeconds", "90"), ("LesionsPerNerve", "2"),
        ("ElectrodeGauge", "18"), ("ActiveTipMm", "10"), ("SensoryStimulationTested", "true"), ("MotorStimulationTested", "true"),
    ];

    private async Task<(HttpClient Client, int Id, string Version)> LoggedRfAsync(string mrn)
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, mrn);
        var url = $"/patients/{patientId}/procedures/new/rf";
        var logged = await clinician.PostFormAsync(url, url, Html.Fields(Rf));
        var id = int.Parse(Regex.Match(logged.Headers.Location!.OriginalString, @"/procedures/(\d+)").Groups[1].Value);
        var form = await clinician.GetStringAsync($"/procedures/{id}/correct");
        return (clinician, id, Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value);
    }

    [Fact]
    public async Task A_correction_changes_the_procedure_and_keeps_it_as_it_was_with_who_when_and_why()
    {
        var (clinician, id, version) = await LoggedRfAsync("CORR-1");
        var form = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/procedures/{id}/correct"));
        Assert.Contains("Correct: Medial-branch RF denervation", form);
        Assert.Contains("value=\"T12-L1\" selected", form.Replace("selected=\"selected\"", "selected"));

        var response = await clinician.PostFormAsync($"/procedures/{id}/correct", $"/procedures/{id}/correct/rf",
            Html.Fields([.. Rf.Replace("TemperatureC", "85").Replace("Targets[0].Side", "Right"), ("Version", version), ("Reason", "temperature and side entered wrong")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/procedures/{id}"));
        Assert.Contains("85 °C", page);
        Assert.Contains("T12-L1 right", page);
        Assert.Contains("temperature and side entered wrong", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var revision = await db.ProcedureRevisions.SingleAsync(r => r.ProcedureId == id);
        Assert.Equal("Procedure", revision.What);
        Assert.Contains("\"TemperatureC\": 80", revision.PreviousJson);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CorrectProcedure" && a.EntityId == id.ToString() && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task Bad_values_a_missing_reason_and_a_stale_form_are_refused_and_nothing_changes()
    {
        var (clinician, id, version) = await LoggedRfAsync("CORR-2");
        var url = $"/procedures/{id}/correct/rf";

        var tooHot = await clinician.PostFormAsync($"/procedures/{id}/correct", url, Html.Fields([.. Rf.Replace("TemperatureC", "120"), ("Version", version), ("Reason", "typo")]));
        var noReason = await clinician.PostFormAsync($"/procedures/{id}/correct", url, Html.Fields([.. Rf.Replace("TemperatureC", "85"), ("Version", version), ("Reason", "")]));
        var first = await clinician.PostFormAsync($"/procedures/{id}/correct", url, Html.Fields([.. Rf.Replace("TemperatureC", "85"), ("Version", version), ("Reason", "first correction")]));
        var stale = await clinician.PostFormAsync($"/procedures/{id}/correct", url, Html.Fields([.. Rf.Replace("TemperatureC", "90"), ("Version", version), ("Reason", "from a stale form")]));

        Assert.Equal(HttpStatusCode.BadRequest, tooHot.StatusCode);
        Assert.Contains("Temperature must be between 40 and 95 °C.", WebUtility.HtmlDecode(await tooHot.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Reason for the correction is required", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(85m, (await db.Procedures.SingleAsync(p => p.Id == id)).TemperatureC);
        Assert.Equal(1, await db.ProcedureRevisions.CountAsync(r => r.ProcedureId == id));
    }

    [Fact]
    public async Task A_procedure_is_corrected_only_with_its_own_kind_of_form_and_not_once_voided()
    {
        var (clinician, id, version) = await LoggedRfAsync("CORR-3");

        var wrongKind = await clinician.PostFormAsync($"/procedures/{id}/correct", $"/procedures/{id}/correct/steroid", Html.Fields(
        [
            .. Rf.Take(8), ("Technique", "IntraArticular"), ("Steroid", "Triamcinolone"), ("DoseMg", "40"), ("VolumeMlPerTarget", "1"),
            ("Version", version), ("Reason", "wrong form"),
        ]));
        await clinician.PostFormAsync($"/procedures/{id}/void", $"/procedures/{id}/void", Html.Fields(("Reason", "logged in error"), ("Version", version)));
        var afterVoid = await clinician.GetAsync($"/procedures/{id}/correct");

        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        Assert.Contains("it is corrected with its own form", await wrongKind.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, afterVoid.StatusCode);
    }
}
