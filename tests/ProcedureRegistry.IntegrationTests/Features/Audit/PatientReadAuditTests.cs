using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Features.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.Audit;

/// <summary>
/// Walks every GET route of the app with real ids and fails for any response that shows a patient's identifiers
/// without writing its audit row, and for any GET route this class does not know (a new page must be classified here).
/// </summary>
public sealed class PatientReadAuditTests(SeededRegistry registry) : IClassFixture<SeededRegistry>
{
    /// <summary>What a route's response shows.</summary>
    public enum Shows
    {
        /// <summary>No patient identifier: the response must contain none.</summary>
        Nothing,
        /// <summary>The seeded patient's identifiers: one audit row naming the patient.</summary>
        Patient,
        /// <summary>A whole clinic's identified records (the CSV export): one audit row naming the clinic.</summary>
        Clinic,
    }

    /// <summary>How to request one route: as whom, at which address, and what it shows.</summary>
    public sealed record Walk(string Role, Func<Seeded, string> Url, Shows Shows);

    /// <summary>Every GET route of the app ("*" routes answer any method), by its template.</summary>
    private static readonly Dictionary<string, Walk> Routes = new()
    {
        // Patients, assessments, procedures: the clinical record.
        ["patients"] = new(Roles.Clinician, s => $"/patients?q={s.FamilyName[..4]}", Shows.Patient),
        ["patients/new"] = new(Roles.Clinician, _ => "/patients/new", Shows.Nothing),
        ["patients/{id:int}"] = new(Roles.Clinician, s => $"/patients/{s.PatientId}", Shows.Patient),
        ["patients/{id:int}/edit"] = new(Roles.Clinician, s => $"/patients/{s.PatientId}/edit", Shows.Patient),
        ["patients/{patientId:int}/assessments/new"] = new(Roles.Clinician, s => $"/patients/{s.PatientId}/assessments/new", Shows.Patient),
        ["assessments/{id:int}"] = new(Roles.Clinician, s => $"/assessments/{s.AssessmentId}", Shows.Patient),
        ["assessments/{id:int}/correct"] = new(Roles.Clinician, s => $"/assessments/{s.AssessmentId}/correct", Shows.Patient),
        ["patients/{patientId:int}/procedures/new/block"] = new(Roles.Clinician, s => $"/patients/{s.PatientId}/procedures/new/block", Shows.Patient),
        ["patients/{patientId:int}/procedures/new/steroid"] = new(Roles.Clinician, s => $"/patients/{s.PatientId}/procedures/new/steroid", Shows.Patient),
        ["patients/{patientId:int}/procedures/new/rf"] = new(Roles.Clinician, s => $"/patients/{s.PatientId}/procedures/new/rf", Shows.Patient),
        ["procedures/{id:int}"] = new(Roles.Clinician, s => $"/procedures/{s.BlockId}", Shows.Patient),
        ["procedures/{id:int}/correct"] = new(Roles.Clinician, s => $"/procedures/{s.SteroidId}/correct", Shows.Patient),
        ["procedures/{id:int}/void"] = new(Roles.Clinician, s => $"/procedures/{s.RfId}/void", Shows.Patient),
        // The diary form names the block, not the patient.
        ["procedures/{id:int}/diary"] = new(Roles.Clinician, s => $"/procedures/{s.BlockId}/diary", Shows.Nothing),
        ["procedures/{id:int}/unblind"] = new(Roles.Clinician, s => $"/procedures/{s.BlockId}/unblind", Shows.Patient),
        // Blinded protocols and the preparer's list name kits and block numbers, never a patient.
        ["blinded-protocols"] = new(Roles.Clinician, _ => "/blinded-protocols", Shows.Nothing),
        ["blinded-protocols/new"] = new(Roles.Clinician, _ => "/blinded-protocols/new", Shows.Nothing),
        ["blinded-protocols/{id:int}/list"] = new(Roles.Clinician, _ => "/blinded-protocols/1/list", Shows.Nothing),
        ["data"] = new(Roles.Clinician, _ => "/data", Shows.Nothing),
        ["data/export/{clinicId:int}/{file}"] = new(Roles.Clinician, s => $"/data/export/{s.ClinicId}/patients.csv", Shows.Clinic),

        // Follow-ups: the coordinators' worklist.
        ["follow-ups"] = new(Roles.Coordinator, _ => "/follow-ups?bucket=Upcoming", Shows.Patient),
        ["follow-ups/{id:long}"] = new(Roles.Coordinator, s => $"/follow-ups/{s.FollowUpId}", Shows.Patient),
        ["follow-ups/{id:long}/answer"] = new(Roles.Coordinator, s => $"/follow-ups/{s.FollowUpId}/answer", Shows.Patient),
        ["follow-ups/{id:long}/cancel"] = new(Roles.Coordinator, s => $"/follow-ups/{s.FollowUpId}/cancel", Shows.Patient),
        ["protocols"] = new(Roles.Admin, _ => "/protocols", Shows.Nothing),
        ["protocols/new"] = new(Roles.Admin, _ => "/protocols/new", Shows.Nothing),
        ["protocols/{id:int}/edit"] = new(Roles.Admin, s => $"/protocols/{s.ProtocolPointId}/edit", Shows.Nothing),
        // The patient's own page shows the clinic's name, never the patient's.
        ["r/{token}"] = new(Roles.Analyst, s => $"/r/{s.LinkToken}", Shows.Nothing),

        // Reports: de-identified aggregates.
        ["reports"] = new(Roles.Analyst, _ => "/reports", Shows.Nothing),
        ["reports/new"] = new(Roles.Analyst, _ => "/reports/new", Shows.Nothing),
        ["reports/{id:long}"] = new(Roles.Analyst, s => $"/reports/{s.ReportId}", Shows.Nothing),
        ["reports/{id:long}/view"] = new(Roles.Analyst, s => $"/reports/{s.ReportId}/view", Shows.Nothing),
        ["reports/{id:long}/{format:regex(^(pdf|json|csv)$)}"] = new(Roles.Analyst, s => $"/reports/{s.ReportId}/csv", Shows.Nothing),

        // Administration, account, platform.
        [""] = new(Roles.Admin, _ => "/", Shows.Nothing),
        ["admin/users"] = new(Roles.Admin, _ => "/admin/users", Shows.Nothing),
        ["admin/users/new"] = new(Roles.Admin, _ => "/admin/users/new", Shows.Nothing),
        ["admin/users/{id}/reset-password"] = new(Roles.Admin, s => $"/admin/users/{s.UserId}/reset-password", Shows.Nothing),
        ["admin/users/{id}/edit"] = new(Roles.Admin, s => $"/admin/users/{s.UserId}/edit", Shows.Nothing),
        ["admin/users/{id}/deactivate"] = new(Roles.Admin, s => $"/admin/users/{s.UserId}/deactivate", Shows.Nothing),
        ["admin/clinics"] = new(Roles.Admin, _ => "/admin/clinics", Shows.Nothing),
        ["admin/clinics/new"] = new(Roles.Admin, _ => "/admin/clinics/new", Shows.Nothing),
        ["admin/clinics/{id:int}/edit"] = new(Roles.Admin, s => $"/admin/clinics/{s.ClinicId}/edit", Shows.Nothing),
        ["account/security"] = new(Roles.Clinician, _ => "/account/security", Shows.Nothing),
        ["account/password"] = new(Roles.Clinician, _ => "/account/password", Shows.Nothing),
        ["account/two-factor"] = new(Roles.Clinician, _ => "/account/two-factor", Shows.Nothing),
        ["account/two-factor/enrol"] = new(Roles.Clinician, _ => "/account/two-factor/enrol", Shows.Nothing),
        ["api/clinics"] = new(Roles.Admin, _ => "/api/clinics", Shows.Nothing),
        // Audit rows hold ids and the request line (a search's first letters here), not the record.
        ["admin/audit"] = new(Roles.Admin, _ => "/admin/audit", Shows.Nothing),
        ["jobs/{**path}"] = new(Roles.Admin, _ => "/jobs", Shows.Nothing),
        ["account/login"] = new(Roles.Admin, _ => "/account/login", Shows.Nothing),
        ["account/access-denied"] = new(Roles.Admin, _ => "/account/access-denied", Shows.Nothing),
        ["error"] = new(Roles.Admin, _ => "/error", Shows.Nothing),
        ["error/{code:int}"] = new(Roles.Admin, _ => "/error/404", Shows.Nothing),
        ["health/live"] = new(Roles.Admin, _ => "/health/live", Shows.Nothing),
        ["health/ready"] = new(Roles.Admin, _ => "/health/ready", Shows.Nothing),
    };

    [Fact]
    public void Every_GET_route_of_the_app_is_classified_here()
    {
        var unknown = GetRoutes(registry).Where(r => !Routes.ContainsKey(r)).ToList();
        var gone = Routes.Keys.Where(r => !GetRoutes(registry).Contains(r)).ToList();

        Assert.True(unknown.Count == 0,
            "GET routes this test does not know; add each to PatientReadAuditTests.Routes with a role, an address and what it shows: "
            + string.Join(", ", unknown));
        Assert.True(gone.Count == 0, "Routes listed here that the app no longer has: " + string.Join(", ", gone));
    }

    [Fact]
    public async Task Every_GET_response_that_shows_a_patient_writes_exactly_one_audit_row_naming_them()
    {
        var s = registry.Data;
        var failures = new List<string>();
        foreach (var route in GetRoutes(registry).Where(Routes.ContainsKey))
        {
            var walk = Routes[route];
            var url = walk.Url(s);
            var client = registry.Clients[walk.Role];
            var before = await registry.AuditIdAsync();

            var response = await client.GetAsync(url);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

            var rows = await registry.AuditRowsAfterAsync(before, registry.UserNames[walk.Role]);
            var shown = s.IdentifiersIn(body);
            switch (walk.Shows)
            {
                case Shows.Nothing when shown.Count > 0:
                    failures.Add($"{route} ({url}) shows {string.Join(", ", shown)}: classify it as showing patients and audit it");
                    break;
                case Shows.Patient or Shows.Clinic when response.StatusCode != HttpStatusCode.OK || shown.Count == 0:
                    failures.Add($"{route} ({url}) answered {(int)response.StatusCode} showing no identifier of the seeded patient: the walk is stale");
                    break;
                case Shows.Patient when rows.Count != 1 || !rows[0].PatientIds.Contains(s.PatientId):
                    failures.Add($"{route} ({url}) shows the patient but wrote {rows.Count} audit rows ({string.Join("; ", rows)}), not one naming patient {s.PatientId}");
                    break;
                case Shows.Clinic when rows.Count != 1 || rows[0].EntityId?.StartsWith($"clinic {s.ClinicId}", StringComparison.Ordinal) != true:
                    failures.Add($"{route} ({url}) exports the clinic's patients but wrote {rows.Count} audit rows ({string.Join("; ", rows)}), not one naming clinic {s.ClinicId}");
                    break;
            }
            if ((int)response.StatusCode >= 500 && !route.StartsWith("error", StringComparison.Ordinal))
            {
                failures.Add($"{route} ({url}) answered {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task An_analyst_sees_no_patient_identifier_on_any_GET_route()
    {
        var s = registry.Data;
        var leaks = new List<string>();
        foreach (var route in GetRoutes(registry).Where(Routes.ContainsKey))
        {
            var url = Routes[route].Url(s);
            var response = await registry.Clients[Roles.Analyst].GetAsync(url);
            var shown = s.IdentifiersIn(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
            if (shown.Count > 0)
            {
                leaks.Add($"{route} ({url}, {(int)response.StatusCode}): {string.Join(", ", shown)}");
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task A_search_is_audited_with_its_words_and_the_patients_it_listed()
    {
        var s = registry.Data;
        var before = await registry.AuditIdAsync();

        var page = await registry.Clients[Roles.Clinician].GetStringAsync($"/patients?q={s.Mrn}");

        Assert.Contains(s.Mrn, page);
        var row = Assert.Single(await registry.AuditRowsAfterAsync(before, registry.UserNames[Roles.Clinician]));
        Assert.Equal("SearchPatients", row.Action);
        Assert.Equal([s.PatientId], row.PatientIds);
        Assert.Equal($"GET /patients?q={s.Mrn}", row.Details);

        var none = await registry.AuditIdAsync();
        await registry.Clients[Roles.Clinician].GetStringAsync("/patients?q=nobody-by-this-name");
        var empty = Assert.Single(await registry.AuditRowsAfterAsync(none, registry.UserNames[Roles.Clinician]));
        Assert.Empty(empty.PatientIds);
    }

    [Fact]
    public async Task A_change_is_filed_under_its_patient_too()
    {
        var s = registry.Data;
        var clinician = registry.Clients[Roles.Clinician];
        var version = FollowUpData.Version(await clinician.GetStringAsync($"/patients/{s.PatientId}/edit"));
        var before = await registry.AuditIdAsync();

        var response = await clinician.PostFormAsync("/patients/new", $"/patients/{s.PatientId}/edit", Html.Fields(
            ("Mrn", s.Mrn), ("FamilyName", s.FamilyName), ("GivenName", "Odile"), ("DateOfBirth", "1961-04-09"), ("Sex", "Female"),
            ("Email", s.Email), ("Phone", "+33 6 00 00 00 02"), ("ReminderConsent", "true"), ("PreferredChannel", "Email"),
            ("TimeZone", "Europe/Paris"), ("Version", version), ("Reason", "new mobile number")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await registry.AuditRowsAfterAsync(before, registry.UserNames[Roles.Clinician]));
        Assert.Equal(("EditPatient", s.PatientId.ToString(CultureInfo.InvariantCulture)), (row.Action, row.EntityId));
        Assert.Equal([s.PatientId], row.PatientIds);
        Assert.Equal($"POST /patients/{s.PatientId}/edit", row.Details);
    }

    [Fact]
    public async Task A_refused_form_shown_again_writes_one_row_not_two()
    {
        var s = registry.Data;
        var url = $"/patients/{s.PatientId}/procedures/new/block";
        var form = await registry.Clients[Roles.Clinician].GetStringAsync(url);
        var before = await registry.AuditIdAsync();

        // Pain 11 binds but breaks a rule: the command is refused, and the form comes back with the partner choices read again.
        var response = await registry.Clients[Roles.Clinician].PostAsync(url, new FormUrlEncodedContent(Html.Fields(
            ("__RequestVerificationToken", Html.AntiforgeryToken(form)), ("PerformedAt", "2026-11-30T09:30"), ("OperatorName", "Dr Test"),
            ("PrePain", "11"), ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"), ("Agent", "Lidocaine"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var row = Assert.Single(await registry.AuditRowsAfterAsync(before, registry.UserNames[Roles.Clinician]));
        Assert.Equal(("LogDiagnosticBlock", "Invalid"), (row.Action, row.Outcome));
        Assert.Equal([s.PatientId], row.PatientIds);
    }

    [Theory]
    [InlineData(Roles.Clinician, "void", "VoidProcedure", "Reason for voiding is required.")]
    [InlineData(Roles.Coordinator, "cancel", "CancelFollowUp", "Reason for cancelling is required.")]
    public async Task A_refused_confirmation_shown_again_writes_one_row_naming_the_patient(string role, string action, string audited, string message)
    {
        var s = registry.Data;
        var url = action == "void" ? $"/procedures/{s.RfId}/void" : $"/follow-ups/{s.FollowUpId}/cancel";
        var form = await registry.Clients[role].GetStringAsync(url);
        var before = await registry.AuditIdAsync();

        // The command is refused and its result carries the page: one request, one row, and the row names whom the page shows.
        var response = await registry.Clients[role].PostAsync(url, new FormUrlEncodedContent(Html.Fields(
            ("__RequestVerificationToken", Html.AntiforgeryToken(form)), ("Reason", ""))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, body);
        Assert.NotEmpty(s.IdentifiersIn(body));
        var row = Assert.Single(await registry.AuditRowsAfterAsync(before, registry.UserNames[role]));
        Assert.Equal((audited, "Invalid"), (row.Action, row.Outcome));
        Assert.Equal([s.PatientId], row.PatientIds);
    }

    [Fact]
    public async Task An_admin_finds_every_read_of_one_patient_in_the_audit_log()
    {
        var s = registry.Data;
        await registry.Clients[Roles.Coordinator].GetStringAsync($"/follow-ups/{s.FollowUpId}");

        var log = WebUtility.HtmlDecode(await registry.Clients[Roles.Admin].GetStringAsync($"/admin/audit?patient={s.PatientId}&action=ViewFollowUp"));

        Assert.Contains(registry.UserNames[Roles.Coordinator], log);
        Assert.Contains($"GET /follow-ups/{s.FollowUpId}", log);
        Assert.DoesNotContain(s.FamilyName, log, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> GetRoutes(SeededRegistry registry) =>
        [.. registry.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } methods || methods.Contains("GET"))
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "")
            .Distinct()
            .Order()];
}
