using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Procedures;

public sealed class LogProcedureTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static (string, string)[] Common(string performedAt = "2026-10-05T09:30") =>
    [
        ("PerformedAt", performedAt), ("OperatorName", "Dr Test"), ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"),
        ("Complication", "None"), ("PrePain", "8"), ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"),
    ];

    /// <summary>Relief 75 → 100% within 2 h, for as long as the agent lasts: 1 h 30 min of lidocaine-like relief unless longer.</summary>
    private static (string, string)[] Diary(params int[] painsAt15m30m1h2h3h4h6h8h24h) =>
        [.. new[] { 15, 30, 60, 120, 180, 240, 360, 480, 1440 }.Zip(painsAt15m30m1h2h3h4h6h8h24h)
            .SelectMany((x, i) => new[] { ($"Diary[{i}].MinutesAfter", x.First.ToString()), ($"Diary[{i}].Pain", x.Second.ToString()) })];

    private static (string, string)[] Block(string agent, string concentration, string sequence, string? partner, string performedAt, params int[] diary) =>
    [
        .. Common(performedAt), ("Technique", "MedialBranch"), ("Agent", agent), ("ConcentrationPercent", concentration),
        ("VolumeMlPerTarget", "0.5"), ("Sequence", sequence), ("PartnerProcedureId", partner ?? ""), ("TendernessAbolished", "true"),
        .. Diary(diary),
    ];

    private static async Task<int> LogAsync(HttpClient client, string url, (string, string)[] fields)
    {
        var response = await client.PostFormAsync(url, url, Html.Fields(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/procedures/(\d+)").Groups[1].Value);
    }

    private static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    private static (string, string)[] Rf(string temperature = "80") =>
    [
        .. Common("2026-11-02T10:00"), ("Mode", "ConventionalThermal"), ("TemperatureC", temperature), ("LesionSeconds", "90"),
        ("LesionsPerNerve", "2"), ("ElectrodeGauge", "18"), ("ActiveTipMm", "10"), ("SensoryStimulationTested", "true"), ("MotorStimulationTested", "true"),
    ];

    [Fact]
    public async Task A_concordant_comparative_pair_at_T12_L1_confirms_the_diagnosis_and_an_RF_follows()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "PAIR-1");
        var assessmentUrl = (await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment("2026-10-01"))).Headers.Location!.OriginalString;

        // Pain 8 before. Lidocaine: relief of 87.5% at 30 min-1 h, below 80% from 2 h. Bupivacaine a week later: 87.5% until 4 h.
        var first = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/block",
            Block("Lidocaine", "2", "FirstOfComparativePair", null, "2026-10-05T09:30", 2, 1, 1, 2, 6, 8, 8, 8, 8));
        var second = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/block",
            Block("Bupivacaine", "0.5", "Confirmatory", first.ToString(), "2026-10-12T09:30", 3, 2, 1, 1, 1, 1, 2, 6, 8));

        var firstPage = await PageAsync(clinician, $"/procedures/{first}");
        var secondPage = await PageAsync(clinician, $"/procedures/{second}");
        Assert.Contains("Block positive", firstPage);
        Assert.Contains("peak relief 87.5%", firstPage);
        Assert.Contains("Block positive", secondPage);
        Assert.Contains("Comparative pair: concordant", secondPage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Comparative pair: concordant", firstPage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Diagnosis: confirmed", await PageAsync(clinician, assessmentUrl));

        var rf = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/rf", Rf());
        var rfPage = await PageAsync(clinician, $"/procedures/{rf}");
        Assert.Contains("Medial-branch RF denervation", rfPage);
        Assert.Contains("T12-L1", rfPage);
        var timeline = await PageAsync(clinician, $"/patients/{patientId}");
        Assert.Contains("RF denervation", timeline);
        Assert.Contains("Diagnostic block (lidocaine, first of comparative pair)", timeline);
        Assert.Contains("diagnosis confirmed", timeline);
        // The pain chart: the assessment, each procedure's pre-procedure pain, 2 × 9 diary scores; 3 procedure markers.
        Assert.Contains("<svg class=\"pain-chart\"", timeline);
        Assert.Equal(1 + 3 + 18, Regex.Matches(timeline, "<circle ").Count);
        Assert.Equal(3, Regex.Matches(timeline, "class=\"procedure-mark\"").Count);

        await using var db = TestDatabases.Context(app.ConnectionString);
        var saved = await db.Procedures.SingleAsync(p => p.Id == second);
        Assert.Equal(9, saved.Diary.Count);
        Assert.Equal(first, saved.PartnerProcedureId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "LogRfDenervation" && a.EntityId == rf.ToString()));
    }

    [Fact]
    public async Task A_steroid_injection_is_logged_with_a_dose_warning_outside_the_usual_range()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "STEROID-1");

        var id = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/steroid",
        [
            .. Common(), ("Technique", "IntraArticular"), ("Steroid", "Dexamethasone"), ("DoseMg", "40"),
            ("MixedAnesthetic", "Lidocaine"), ("ConcentrationPercent", "1"), ("VolumeMlPerTarget", "1"),
        ]);

        var page = await PageAsync(clinician, $"/procedures/{id}");
        Assert.Contains("Dexamethasone 40 mg", page);
        Assert.Contains("class=\"flag\"", page);
    }

    [Theory]
    [InlineData("block", "Diary[1].Pain", "11", "Diary pain scores must be between 0 and 10.")]
    [InlineData("block", "PrePain", "-1", "Pre-procedure pain must be between 0 and 10.")]
    [InlineData("block", "VolumeMlPerTarget", "0", "Volume per target must be above 0 and at most 5")]
    [InlineData("block", "VolumeMlPerTarget", "12", "Volume per target must be above 0 and at most 5")]
    [InlineData("block", "Targets[0].Segment", "L6-S2", "Segment must be a facet segment from C2-C3 to L5-S1")]
    [InlineData("block", "Targets[0].Segment", "S1-S2", "Segment must be a facet segment from C2-C3 to L5-S1")]
    [InlineData("block", "Targets[0].Side", "", "Side is required for each target.")]
    [InlineData("block", "PerformedAt", "2999-01-01T10:00", "cannot be in the future")]
    [InlineData("block", "PerformedAt", "1957-01-01T10:00", "cannot be before the patient's date of birth")]
    [InlineData("block", "ConsentRecorded", "false", "Consent: confirm that the patient's consent is recorded.")]
    [InlineData("block", "Complication", "Other", "Complication: describe the other complication.")]
    [InlineData("block", "Sequence", "Confirmatory", "Partner block: a confirmatory or placebo-controlled block names the earlier block")]
    [InlineData("block", "PartnerProcedureId", "999999", "Partner block: only a confirmatory or placebo-controlled block names a partner.")]
    [InlineData("rf", "TemperatureC", "30", "Temperature must be between 40 and 95 °C.")]
    [InlineData("rf", "TemperatureC", "100", "Temperature must be between 40 and 95 °C.")]
    [InlineData("rf", "LesionSeconds", "5", "Lesion duration must be between 10 and 300 s.")]
    [InlineData("steroid", "DoseMg", "0", "Steroid dose must be above 0 and at most 200 mg.")]
    public async Task Bad_input_names_the_field_and_the_rule_and_nothing_is_written(string kind, string field, string value, string message)
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "BAD-" + Guid.NewGuid().ToString("N")[..8]);
        (string, string)[] fields = kind switch
        {
            "block" => Block("Lidocaine", "2", "Single", null, "2026-10-05T09:30", 2, 1, 1, 2, 6, 8, 8, 8, 8),
            "rf" => Rf(),
            _ => [.. Common(), ("Technique", "IntraArticular"), ("Steroid", "Triamcinolone"), ("DoseMg", "40"), ("VolumeMlPerTarget", "1")],
        };
        var url = $"/patients/{patientId}/procedures/new/{kind}";

        var response = await clinician.PostFormAsync(url, url, Html.Fields(fields.Replace(field, value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Procedures.AnyAsync(p => p.PatientId == patientId));
    }

    [Fact]
    public async Task A_partner_must_be_an_earlier_block_of_the_same_patient()
    {
        var clinician = await app.ClinicianAsync();
        var patientA = await app.RegisterPatientAsync(clinician, "PARTNER-A");
        var patientB = await app.RegisterPatientAsync(clinician, "PARTNER-B");
        var otherPatientsBlock = await LogAsync(clinician, $"/patients/{patientA}/procedures/new/block",
            Block("Lidocaine", "2", "FirstOfComparativePair", null, "2026-10-05T09:30", 2, 1, 1, 2, 6, 8, 8, 8, 8));
        var url = $"/patients/{patientB}/procedures/new/block";

        var response = await clinician.PostFormAsync(url, url, Html.Fields(
            Block("Bupivacaine", "0.5", "Confirmatory", otherPatientsBlock.ToString(), "2026-10-12T09:30", 3, 2, 1, 1, 1, 1, 2, 6, 8)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Partner block must be a (not voided) diagnostic block of the same patient.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_or_foreign_patient_is_not_found()
    {
        var clinician = await app.ClinicianAsync();
        var stranger = await app.ClinicianAsync(clinic: "ELSEWHERE");
        var patientId = await app.RegisterPatientAsync(clinician, "FOREIGN-1");

        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync("/patients/999999/procedures/new/block")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/patients/{patientId}/procedures/new/rf")).StatusCode);
        var token = Html.AntiforgeryToken(await stranger.GetStringAsync("/patients"));
        var post = await stranger.PostAsync($"/patients/{patientId}/procedures/new/rf",
            new FormUrlEncodedContent(Html.Fields([.. Rf(), ("__RequestVerificationToken", token)])));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task A_diary_correction_keeps_the_previous_diary_and_a_stale_one_conflicts()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "DIARY-1");
        var id = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/block",
            Block("Lidocaine", "2", "Single", null, "2026-10-05T09:30", 6, 6, 6, 6, 6, 6, 6, 6, 6));
        Assert.Contains("Block negative", await PageAsync(clinician, $"/procedures/{id}"));
        var form = await clinician.GetStringAsync($"/procedures/{id}/diary");
        var version = Regex.Match(form, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var corrected = await clinician.PostFormAsync($"/procedures/{id}/diary", $"/procedures/{id}/diary",
            Html.Fields([.. Diary(1, 0, 0, 1, 5, 8, 8, 8, 8), ("Version", version), ("TendernessAbolished", "true"), ("Reason", "scores were entered in the wrong rows")]));
        var stale = await clinician.PostFormAsync($"/procedures/{id}/diary", $"/procedures/{id}/diary",
            Html.Fields([.. Diary(2, 2, 2, 2, 5, 8, 8, 8, 8), ("Version", version), ("Reason", "from an old form")]));

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await PageAsync(clinician, $"/procedures/{id}");
        Assert.Contains("Block positive", page);
        Assert.Contains("scores were entered in the wrong rows", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var revision = await db.ProcedureRevisions.SingleAsync(r => r.ProcedureId == id);
        Assert.Contains("[15, 6]", revision.PreviousJson); // jsonb prints its own spacing
    }

    [Fact]
    public async Task A_voided_block_stays_in_the_record_and_no_longer_confirms_the_diagnosis()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "VOID-1");
        var assessmentUrl = (await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment("2026-10-01"))).Headers.Location!.OriginalString;
        var id = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/block",
            Block("Lidocaine", "2", "Single", null, "2026-10-05T09:30", 2, 1, 1, 2, 6, 8, 8, 8, 8));
        Assert.Contains("Diagnosis: confirmed", await PageAsync(clinician, assessmentUrl));
        var version = Regex.Match(await clinician.GetStringAsync($"/procedures/{id}/void"), "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var noReason = await clinician.PostFormAsync($"/procedures/{id}/void", $"/procedures/{id}/void", Html.Fields(("Reason", ""), ("Version", version)));
        var voided = await clinician.PostFormAsync($"/procedures/{id}/void", $"/procedures/{id}/void", Html.Fields(("Reason", "logged on the wrong patient"), ("Version", version)));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Reason for voiding is required.", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        Assert.Contains("logged on the wrong patient", await PageAsync(clinician, $"/procedures/{id}"));
        Assert.Contains("Diagnosis: suspected", await PageAsync(clinician, assessmentUrl));
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.NotNull((await db.Procedures.SingleAsync(p => p.Id == id)).VoidedAt);
    }

    [Fact]
    public async Task The_first_block_of_a_pair_is_voided_only_after_its_confirmatory_block()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "VOID-2");
        var first = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/block",
            Block("Lidocaine", "2", "FirstOfComparativePair", null, "2026-10-05T09:30", 2, 1, 1, 2, 6, 8, 8, 8, 8));
        var confirmatory = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/block",
            Block("Bupivacaine", "0.5", "Confirmatory", first.ToString(), "2026-10-12T09:30", 3, 2, 1, 1, 1, 1, 2, 6, 8));
        async Task<HttpResponseMessage> VoidAsync(int id)
        {
            var version = Regex.Match(await clinician.GetStringAsync($"/procedures/{id}/void"), "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
            return await clinician.PostFormAsync($"/procedures/{id}/void", $"/procedures/{id}/void", Html.Fields(("Reason", "logged in error"), ("Version", version)));
        }

        Assert.Contains("Diagnostic block of 2026-10-05", WebUtility.HtmlDecode(await clinician.GetStringAsync($"/procedures/{first}/void")));
        var refused = await VoidAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"The confirmatory block #{confirmatory} names this block as its partner: void or correct that block first.", page);
        Assert.Contains("value=\"logged in error\"", page); // the reason typed is kept
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            Assert.Null((await db.Procedures.SingleAsync(p => p.Id == first)).VoidedAt);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await VoidAsync(confirmatory)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await VoidAsync(first)).StatusCode);
    }

    [Fact]
    public async Task The_database_refuses_impossible_procedures_even_past_the_app()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "SQL-PROC");
        var rf = await LogAsync(clinician, $"/patients/{patientId}/procedures/new/rf", Rf());
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        async Task<string?> Refused(string sql) =>
            (await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync())).ConstraintName;

        Assert.Equal("ck_procedures_temperature", await Refused($"UPDATE procedures SET temperature_c = 120 WHERE id = {rf}"));
        Assert.Equal("ck_procedures_rf_fields", await Refused($"UPDATE procedures SET agent = 'Lidocaine' WHERE id = {rf}"));
        Assert.Equal("ck_procedure_targets_segment", await Refused($"INSERT INTO procedure_targets (procedure_id, segment, side) VALUES ({rf}, 'L6-S2', 'Left')"));
        Assert.Equal("ck_procedures_pre_pain", await Refused($"UPDATE procedures SET pre_pain = 11 WHERE id = {rf}"));
    }

    [Fact]
    public async Task Only_clinicians_log_procedures()
    {
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterPatientAsync(clinician, "ROLE-1");
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync($"/patients/{patientId}/procedures/new/block")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/patients/{patientId}")).StatusCode);
    }
}
