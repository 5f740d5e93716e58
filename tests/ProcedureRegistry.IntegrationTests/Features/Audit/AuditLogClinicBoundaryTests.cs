using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Infrastructure.Auditing;

namespace ProcedureRegistry.IntegrationTests.Features.Audit;

/// <summary>
/// An Admin reads the audit log of their own clinics only: rows of the users they administer and rows naming their
/// clinics' patients. Clinic B's users, patients and search words stay invisible to an Admin of clinic A.
/// </summary>
public sealed class AuditLogClinicBoundaryTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_admin_of_clinic_a_sees_the_audit_rows_of_clinic_a_only()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "AUDA"));
        var userOfA = await app.UserInClinicsAsync(Roles.Clinician, "AUDA");
        var userOfB = await app.UserInClinicsAsync(Roles.Clinician, "AUDB");
        var userOfBoth = await app.UserInClinicsAsync(Roles.Clinician, "AUDA", "AUDB");
        var clinicianOfA = await app.SignedInAsync(userOfA);
        var clinicianOfB = await app.SignedInAsync(userOfB);
        var clinicianOfBoth = await app.SignedInAsync(userOfBoth);
        var patientOfA = await app.RegisterPatientAsync(clinicianOfA, "AUD-A-1", "AUDA");
        var patientOfB = await app.RegisterPatientAsync(clinicianOfB, "AUD-B-1", "AUDB");
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            db.AuditEntries.AddRange(
                new AuditEntry { OccurredAt = DateTimeOffset.UtcNow, UserName = "anonymous", Action = "ProbeAnonymousOfNoClinic", Outcome = "Invalid" },
                new AuditEntry { OccurredAt = DateTimeOffset.UtcNow, UserName = "system", Action = "ProbeSystemAboutA", PatientIds = [patientOfA], Outcome = "Succeeded" });
            await db.SaveChangesAsync();
        }
        await clinicianOfB.GetStringAsync("/patients?q=secretwordofb");
        await clinicianOfB.GetStringAsync($"/patients/{patientOfB}");
        await clinicianOfA.GetStringAsync($"/patients/{patientOfA}");
        await clinicianOfBoth.GetStringAsync($"/patients/{patientOfA}");
        await clinicianOfBoth.GetStringAsync($"/patients/{patientOfB}");

        var log = await PageAsync(admin, "/admin/audit");
        Assert.Contains(userOfA.Email, log);
        Assert.Contains($"GET /patients/{patientOfA}", log);
        Assert.DoesNotContain(userOfB.Email, log);
        Assert.DoesNotContain("secretwordofb", log);
        Assert.DoesNotContain($"GET /patients/{patientOfB}", log);
        Assert.Contains("ProbeSystemAboutA", log);
        Assert.DoesNotContain("ProbeAnonymousOfNoClinic", log);
        Assert.Contains("your clinics", log);

        // The user of both clinics is not one this Admin administers: only their read of A's patient shows.
        var ofBoth = await PageAsync(admin, $"/admin/audit?user={Uri.EscapeDataString(userOfBoth.Email)}");
        Assert.Contains($"GET /patients/{patientOfA}", ofBoth);
        Assert.DoesNotContain($"GET /patients/{patientOfB}", ofBoth);
        Assert.Equal(1, ShownCount(ofBoth));
        Assert.Equal(1, Rows(ofBoth));

        // Every read of A's patient, and the count says how many there are.
        var ofPatientA = await PageAsync(admin, $"/admin/audit?patient={patientOfA}");
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var written = await db.AuditEntries.CountAsync(e => e.PatientIds!.Contains(patientOfA));
            Assert.True(written >= 3);
            Assert.Equal(written, ShownCount(ofPatientA));
            Assert.Equal(written, Rows(ofPatientA));
        }
        Assert.Contains(userOfBoth.Email, ofPatientA);

        // B's patient answers like an id that does not exist: nothing, no error, no hint.
        var ofPatientB = await admin.GetAsync($"/admin/audit?patient={patientOfB}");
        Assert.Equal(HttpStatusCode.OK, ofPatientB.StatusCode);
        var shownForB = WebUtility.HtmlDecode(await ofPatientB.Content.ReadAsStringAsync());
        Assert.Contains("No audit entries match these filters.", shownForB);
        Assert.Equal(0, ShownCount(shownForB));
        Assert.DoesNotContain(userOfB.Email, shownForB);
        Assert.DoesNotContain(userOfBoth.Email, shownForB);
        var ofNobody = await PageAsync(admin, "/admin/audit?patient=999999999");
        Assert.Contains("No audit entries match these filters.", ofNobody);
    }

    [Fact]
    public async Task A_row_naming_patients_of_both_clinics_shows_only_the_admins_patients_ids()
    {
        var admin = await app.SignedInAsync(await app.UserInClinicsAsync(Roles.Admin, "AUDA"));
        var userOfBoth = await app.UserInClinicsAsync(Roles.Clinician, "AUDA", "AUDB");
        var clinicianOfBoth = await app.SignedInAsync(userOfBoth);
        var patientOfA = await app.RegisterPatientAsync(clinicianOfBoth, "AUD-A-MIX", "AUDA");
        var patientOfB = await app.RegisterPatientAsync(clinicianOfBoth, "AUD-B-MIX", "AUDB");
        await clinicianOfBoth.GetStringAsync("/patients?q=Maigne"); // the list shows both patients

        var log = await PageAsync(admin, $"/admin/audit?patient={patientOfA}&action=SearchPatients");

        var shown = Regex.Match(log, @"<td class=""patients"">([^<]*)</td>").Groups[1].Value;
        Assert.Contains(patientOfA.ToString(), shown.Split(", "));
        Assert.DoesNotContain(patientOfB.ToString(), shown.Split(", "));
    }

    private static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    /// <summary>The count the page states ("N entries match"), 0 when it says none do.</summary>
    private static int ShownCount(string page) =>
        page.Contains("No audit entries match these filters.") ? 0 : int.Parse(Regex.Match(page, @"(\d+) (?:entry|entries) match").Groups[1].Value);

    private static int Rows(string page) => Regex.Matches(page, "<tr>").Count - 1; // minus the header row
}
