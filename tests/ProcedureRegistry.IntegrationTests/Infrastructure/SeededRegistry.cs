using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Features.FollowUps;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// The ids route walks fill addresses with, and the patient's identifiers they look for in responses. The other
/// patient (same clinic, MRN WALK-OTHER) is a plausible wrong target for a tampered form.
/// </summary>
public sealed record Seeded(int ClinicId, int PatientId, string FamilyName, string Mrn, string Email, int AssessmentId, int BlockId,
    int SteroidId, int RfId, long FollowUpId, int ProtocolPointId, long ReportId, string UserId, string LinkToken, int OtherPatientId)
{
    public List<string> IdentifiersIn(string body) =>
        [.. new[] { FamilyName, Mrn, Email }.Where(i => body.Contains(i, StringComparison.OrdinalIgnoreCase))];
}

public sealed record AuditRow(string Action, string? EntityId, int[] PatientIds, string? Details, string Outcome)
{
    public override string ToString() => $"{Action} {EntityId} {Outcome} [{string.Join(",", PatientIds)}]";
}

/// <summary>
/// One clinic with a patient, an assessment, a procedure of each kind, their follow-ups, a generated report and a
/// patient link; a signed-in client of each role.
/// </summary>
public sealed class SeededRegistry : AppFixture
{
    public Seeded Data { get; private set; } = null!;
    public Dictionary<string, HttpClient> Clients { get; } = [];
    public Dictionary<string, string> UserNames { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var role in Roles.All)
        {
            var (userName, password) = await UserAsync(role);
            var client = Factory.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(userName, password)).StatusCode);
            Clients[role] = client;
            UserNames[role] = userName;
        }
        var clinician = Clients[Roles.Clinician];
        var clinicId = await ClinicAsync();
        const string familyName = "Quenouillard", mrn = "WALK-48213", email = "odile.walk@example.org";
        var registered = await clinician.PostFormAsync("/patients/new", "/patients/new", Html.Fields(
            ("ClinicId", clinicId.ToString(CultureInfo.InvariantCulture)), ("Mrn", mrn), ("FamilyName", familyName), ("GivenName", "Odile"),
            ("DateOfBirth", "1961-04-09"), ("Sex", "Female"), ("Email", email), ("ReminderConsent", "true"),
            ("PreferredChannel", "Email"), ("TimeZone", "Europe/Paris")));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var patientId = IdIn(registered, "patients");
        var assessmentId = IdIn(await clinician.RecordAssessmentAsync(patientId, ClinicalData.TypicalAssessment("2026-10-01")), "assessments");
        var today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        var block = await clinician.LogAsync(patientId, "block", [.. FollowUpData.Steroid(today).Where(f => f.Item1 is not ("Technique" or "Steroid" or "DoseMg" or "VolumeMlPerTarget")),
            ("Technique", "MedialBranch"), ("Agent", "Lidocaine"), ("ConcentrationPercent", "2"), ("VolumeMlPerTarget", "0.5"),
            ("Sequence", "Single"), ("TendernessAbolished", "true"), ("Diary[0].MinutesAfter", "30"), ("Diary[0].Pain", "1")]);
        var steroid = await clinician.LogAsync(patientId, "steroid", FollowUpData.Steroid(today));
        var rf = await clinician.LogAsync(patientId, "rf", FollowUpData.Rf(today));

        await using var db = TestDatabases.Context(ConnectionString);
        var followUpId = await db.FollowUps.Where(f => f.PatientId == patientId).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
        var protocolPointId = await db.FollowUpProtocolPoints.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var userId = await db.Users.Where(u => u.Email == UserNames[Roles.Clinician]).Select(u => u.Id).SingleAsync();

        var requested = await Clients[Roles.Analyst].PostFormAsync("/reports/new", "/reports/new",
            Html.Fields(("Filters.ThresholdPercent", "80"), ("Filters.Exposure", "SingleBlock")));
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var reportId = long.Parse(requested.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        await Factory.Services.GetRequiredService<GenerateOutcomeReport>().RunAsync(reportId, CancellationToken.None);

        var token = ReminderToken.New();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var link = new NpgsqlCommand(
                """
                INSERT INTO reminder_messages (follow_up_id, attempt, status, channel, send_after, sent_at, tries, created_at, token_hash)
                VALUES ($1, 1, 'Sent', 'Email', now(), now(), 1, now(), $2)
                ON CONFLICT (follow_up_id, attempt) DO UPDATE SET token_hash = excluded.token_hash
                """, connection);
            link.Parameters.Add(new() { Value = followUpId });
            link.Parameters.Add(new() { Value = ReminderToken.Hash(token) });
            await link.ExecuteNonQueryAsync();
        }

        Data = new Seeded(clinicId, patientId, familyName, mrn, email, assessmentId, block, steroid, rf, followUpId, protocolPointId,
            reportId, userId, token, await this.RegisterPatientAsync(clinician, "WALK-OTHER"));
    }

    public async Task<long> AuditIdAsync() =>
        await ReminderData.ScalarAsync(ConnectionString, "SELECT coalesce(max(id), 0) FROM audit_entries");

    /// <summary>The rows <paramref name="userName"/>'s requests wrote after row <paramref name="after"/>.</summary>
    public async Task<List<AuditRow>> AuditRowsAfterAsync(long after, string userName)
    {
        await using var db = TestDatabases.Context(ConnectionString);
        return await db.AuditEntries.Where(a => a.Id > after && a.UserName == userName).OrderBy(a => a.Id)
            .Select(a => new AuditRow(a.Action, a.EntityId, a.PatientIds ?? Array.Empty<int>(), a.Details, a.Outcome)).ToListAsync();
    }

    private static int IdIn(HttpResponseMessage response, string area) =>
        int.Parse(Regex.Match(response.Headers.Location!.OriginalString, $@"/{area}/(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
}
