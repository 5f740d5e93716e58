using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>Arranges follow-ups the way the app makes them: by logging procedures through the forms.</summary>
public static class FollowUpData
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The clinic's (Europe/Paris) date at <paramref name="at"/>.</summary>
    public static DateOnly ParisDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Paris).DateTime);

    public static (string, string)[] Rf(DateOnly performedOn, string operatorName = "Dr Test") =>
    [
        ("PerformedAt", performedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:30"), ("OperatorName", operatorName),
        ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"), ("Complication", "None"), ("PrePain", "7"),
        ("Targets[0].Segment", "T12-L1"), ("Targets[0].Side", "Left"),
        ("Mode", "ConventionalThermal"), ("TemperatureC", "80"), ("LesionSeconds", "90"), ("LesionsPerNerve", "2"),
        ("ElectrodeGauge", "18"), ("ActiveTipMm", "10"), ("SensoryStimulationTested", "true"), ("MotorStimulationTested", "true"),
    ];

    public static (string, string)[] Steroid(DateOnly performedOn, string operatorName = "Dr Test") =>
    [
        ("PerformedAt", performedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T09:30"), ("OperatorName", operatorName),
        ("Guidance", "Fluoroscopy"), ("ConsentRecorded", "true"), ("Complication", "None"), ("PrePain", "7"),
        ("Targets[0].Segment", "L4-L5"), ("Targets[0].Side", "Left"),
        ("Technique", "IntraArticular"), ("Steroid", "Triamcinolone"), ("DoseMg", "40"), ("VolumeMlPerTarget", "1"),
    ];

    public static async Task<int> LogAsync(this HttpClient clinician, int patientId, string kind, (string, string)[] fields)
    {
        var url = $"/patients/{patientId}/procedures/new/{kind}";
        var response = await clinician.PostFormAsync(url, url, Html.Fields(fields));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/procedures/(\d+)").Groups[1].Value);
    }

    /// <summary>A patient who consents to reminders by email.</summary>
    public static async Task<int> RegisterReachablePatientAsync(this AppFixture app, HttpClient clinician, string mrn, string clinic)
    {
        var clinicId = await app.ClinicAsync(clinic);
        var response = await clinician.PostFormAsync("/patients/new", "/patients/new", Html.Fields(
            ("ClinicId", clinicId.ToString()), ("Mrn", mrn), ("FamilyName", "Lazorthes"), ("GivenName", "Yves"),
            ("DateOfBirth", "1950-06-01"), ("Sex", "Male"), ("Email", mrn.ToLowerInvariant() + "@example.org"),
            ("ReminderConsent", "true"), ("PreferredChannel", "Email"), ("TimeZone", "Europe/Paris")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(Regex.Match(response.Headers.Location!.OriginalString, @"/patients/(\d+)").Groups[1].Value);
    }

    public static async Task<string> PageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public static string Version(string html) => Regex.Match(html, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

    /// <summary>The tab counts of a worklist page, by bucket name.</summary>
    public static Dictionary<string, int> TabCounts(string html) =>
        Regex.Matches(html, "id=\"tab-(\\w+)\"[^>]*>[^<]*<span class=\"count\">([0-9,+]+)</span>")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value.Replace(",", "").Replace("+", "")));
}
