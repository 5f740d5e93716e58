using System.Text.RegularExpressions;
using ProcedureRegistry.Domain.Access;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>Arranges clinical records through the app's own forms, as a clinician would.</summary>
public static class ClinicalData
{
    public static async Task<int> RegisterPatientAsync(this AppFixture app, HttpClient clinician, string mrn, string clinic = "TEST")
    {
        var clinicId = await app.ClinicAsync(clinic);
        var response = await clinician.PostFormAsync("/patients/new", "/patients/new", Html.Fields(
            ("ClinicId", clinicId.ToString()), ("Mrn", mrn), ("FamilyName", "Maigne"), ("GivenName", "Robert"),
            ("DateOfBirth", "1958-03-14"), ("Sex", "Male"), ("ReminderConsent", "false"), ("PreferredChannel", "None"),
            ("TimeZone", "Europe/Paris")));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/patients/(\d+)").Groups[1].Value);
    }

    /// <summary>A typical thoracolumbar junction case: posterior and lateral pain on the left, tender T12-L1 left.</summary>
    public static (string, string)[] TypicalAssessment(string date = "2026-10-01") =>
    [
        ("AssessedOn", date), ("BaselinePain", "7"), ("OswestryIndex", "38"),
        ("Territories[0].Painful", "false"),
        ("Territories[1].Painful", "true"), ("Territories[1].Side", "Left"), ("Territories[1].SkinSigns", "PinchRoll"), ("Territories[1].SkinSigns", "Thickening"),
        ("Territories[2].Painful", "true"), ("Territories[2].Side", "Left"),
        ("RadiatesBelowKnee", "false"), ("SpontaneousPainAtLevel", "false"),
        ("TenderSegments[0].Segment", "T12-L1"), ("TenderSegments[0].Side", "Left"),
        ("LevelVeiled", "false"), ("Imaging", "Mri"), ("ImagingFindings", "L4-L5 disc degeneration"), ("ImagingSuggestedSegment", "L4-L5"),
        ("SuspectedSegments[0].Segment", "T12-L1"), ("SuspectedSegments[0].Side", "Left"),
    ];

    public static async Task<HttpResponseMessage> RecordAssessmentAsync(this HttpClient clinician, int patientId, params (string, string)[] fields) =>
        await clinician.PostFormAsync($"/patients/{patientId}/assessments/new", $"/patients/{patientId}/assessments/new", Html.Fields(fields));


    public static (string, string)[] Replace(this (string, string)[] fields, string name, string value) =>
        fields.Any(f => f.Item1 == name) ? [.. fields.Select(f => f.Item1 == name ? (name, value) : f)] : [.. fields, (name, value)];

    /// <summary>A patient who consents to email reminders, in Paris.</summary>
    public static async Task<int> RegisterConsentingPatientAsync(this AppFixture app, HttpClient clinician, string mrn, string email, string clinic = "TEST")
    {
        var clinicId = await app.ClinicAsync(clinic);
        var response = await clinician.PostFormAsync("/patients/new", "/patients/new", Html.Fields(
            ("ClinicId", clinicId.ToString()), ("Mrn", mrn), ("FamilyName", "Maigne"), ("GivenName", "Robert"),
            ("DateOfBirth", "1958-03-14"), ("Sex", "Male"), ("Email", email), ("ReminderConsent", "true"), ("PreferredChannel", "Email"),
            ("TimeZone", "Europe/Paris")));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/patients/(\d+)").Groups[1].Value);
    }

    /// <summary>Logs an RF denervation at T12-L1 left through the form; <paramref name="performedAtLocal"/> is clinic time.</summary>
    public static async Task<int> LogRfAsync(this HttpClient clinician, int patientId, string performedAtLocal)
    {
        var url = $"/patients/{patientId}/procedures/new/rf";
        var response = await clinician.PostFormAsync(url, url, Html.Fields(
            ("PerformedAt", performedAtLocal), ("OperatorName", "Dr Test"), ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"),
            ("Complication", "None"), ("PrePain", "8"), ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"),
            ("Mode", "ConventionalThermal"), ("TemperatureC", "80"), ("LesionSeconds", "90"), ("LesionsPerNerve", "2"),
            ("ElectrodeGauge", "18"), ("ActiveTipMm", "10"), ("SensoryStimulationTested", "true"), ("MotorStimulationTested", "true")));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/procedures/(\d+)").Groups[1].Value);
    }

    public static Task<HttpClient> ClinicianAsync(this AppFixture app, string clinic = "TEST") => app.SignedInClientAsync(Roles.Clinician, clinic: clinic);
}
