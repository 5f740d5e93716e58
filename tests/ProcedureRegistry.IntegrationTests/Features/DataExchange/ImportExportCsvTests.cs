using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.DataExchange;
using ProcedureRegistry.Web.Infrastructure.Results;
using Xunit.Abstractions;

namespace ProcedureRegistry.IntegrationTests.Features.DataExchange;

public sealed class ImportExportCsvTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private static string Sample(string file) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "db", "samples", file));

    internal static Task<(HttpStatusCode Status, string Page)> ImportAsync(
        HttpClient client, int clinicId, string? patients = null, string? procedures = null, string? painScores = null) =>
        ImportBytesAsync(client, clinicId, Bytes(patients), Bytes(procedures), Bytes(painScores));

    private static byte[]? Bytes(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);

    /// <summary>Posts the files as they are, byte for byte (for encodings other than UTF-8, and for oversized uploads).</summary>
    internal static async Task<(HttpStatusCode Status, string Page)> ImportBytesAsync(
        HttpClient client, int clinicId, byte[]? patients = null, byte[]? procedures = null, byte[]? painScores = null)
    {
        var token = Html.AntiforgeryToken(await client.GetStringAsync("/data"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(clinicId.ToString(CultureInfo.InvariantCulture)), "ClinicId" },
        };
        foreach (var (field, name, content) in new (string, string, byte[]?)[] { ("Patients", "patients.csv", patients), ("Procedures", "procedures.csv", procedures), ("PainScores", "pain_scores.csv", painScores) })
        {
            if (content is not null)
            {
                var file = new ByteArrayContent(content);
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                form.Add(file, field, name);
            }
        }
        var response = await client.PostAsync("/data/import", form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_sample_files_import_and_their_procedures_and_diaries_appear()
    {
        var clinicId = await app.ClinicAsync("SMPL");
        var clinician = await app.ClinicianAsync("SMPL");

        var (status, page) = await ImportAsync(clinician, clinicId, Sample("patients.csv"), Sample("procedures.csv"), Sample("pain_scores.csv"));

        Assert.True(status == HttpStatusCode.OK, page);
        Assert.Contains("Imported 5 patients, 8 procedures and 33 pain scores", page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var robert = await db.Patients.SingleAsync(p => p.ClinicId == clinicId && p.Mrn == "HX-1001");
        Assert.Equal("Dupont, née Martin", (await db.Patients.SingleAsync(p => p.ClinicId == clinicId && p.Mrn == "HX-1002")).FamilyName);
        var his = await db.Procedures.Where(p => p.PatientId == robert.Id).OrderBy(p => p.PerformedAt).ToListAsync();
        Assert.Equal([ProcedureKind.DiagnosticBlock, ProcedureKind.DiagnosticBlock, ProcedureKind.RfDenervation], his.Select(p => p.Kind));
        Assert.Equal(his[0].Id, his[1].PartnerProcedureId);
        Assert.Equal(9, his[1].Diary.Count);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 8, 30, 0, TimeSpan.Zero), his[1].PerformedAt);
        var steroid = await db.Procedures.SingleAsync(p => p.ClinicId == clinicId && p.Kind == ProcedureKind.SteroidInjection);
        Assert.Equal("Brief vasovagal episode, \"resolved\" supine", steroid.Notes);
        Assert.Equal(40m, steroid.SteroidDoseMg);

        var second = WebUtility.HtmlDecode(await clinician.GetStringAsync($"/procedures/{his[1].Id}"));
        Assert.Contains("Comparative pair: concordant", second, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("RF denervation", WebUtility.HtmlDecode(await clinician.GetStringAsync($"/patients/{robert.Id}")));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ImportCsv" && a.Outcome == "Succeeded" && a.EntityId == $"clinic {clinicId}"));
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_rejected_whole_with_each_line_and_reason()
    {
        var clinicId = await app.ClinicAsync("BAD");
        var clinician = await app.ClinicianAsync("BAD");
        var patients = string.Join("\r\n",
            "mrn,family_name,given_name,date_of_birth,sex,email,phone,reminder_consent,preferred_channel,time_zone",
            "BAD-1,Valid,Anna,1960-01-01,Female,,,false,None,Europe/Paris",
            "BAD-1,Twice,Anna,1960-01-01,Female,,,false,None,Europe/Paris",
            "BAD-2,Future,Bob,2999-01-01,Male,,,false,None,Europe/Paris") + "\r\n";
        var header = string.Join(",", CsvFormats.ProcedureColumns);
        const string rfTail = ",,,,,,,,,ConventionalThermal,{0},90,2,18,10,true,true,,,";
        string Block(string id, string mrn, string at, string pre, string targets) =>
            $"{id},{mrn},DiagnosticBlock,{at},Dr Test,Fluoroscopy,true,None,{pre},{targets},MedialBranch,Lidocaine,2,0.5,Single,,,,,,,,,,,,true,,";
        var procedures = string.Join("\n",
            header,
            Block("P-1", "BAD-1", "2025-03-03T09:30:00+01:00", "11", "T12-L1:Left"),          // line 2: pain 11
            Block("P-2", "BAD-1", "2025-03-03T09:30:00+01:00", "8", "L6-S2:Left"),            // line 3: no such segment
            Block("P-3", "BAD-1", "2025-03-03T09:30:00+01:00", "8", "T12-L1"),                // line 4: missing side
            "P-4,BAD-1,RfDenervation,2025-04-07T10:00:00+02:00,Dr Test,Fluoroscopy,true,None,8,T12-L1:Left" + string.Format(CultureInfo.InvariantCulture, rfTail, "30"), // line 5: 30 °C
            Block("P-5", "NOPE-9", "2025-03-03T09:30:00+01:00", "8", "T12-L1:Left"),          // line 6: unknown MRN
            Block("P-6", "BAD-1", "2999-03-03T09:30:00+01:00", "8", "T12-L1:Left"),           // line 7: in the future
            "P-7,BAD-1,DiagnosticBlock,2025-03-03T09:30:00+01:00,\"Dr \"X\" Test\",Fluoroscopy", // line 8: bad quoting
            Block("P-8", "BAD-1", "2025-03-04T09:30:00+01:00", "8", "T12-L1:Left")) + "\n";   // line 9: fine
        var painScores = "procedure_external_id,minutes_after,pain\nP-8,15,11\nP-8,30,2\n";

        var (status, page) = await ImportAsync(clinician, clinicId, patients, procedures, painScores);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Nothing was imported: 10 problems", page);
        Assert.Contains("patients.csv line 3", page);
        Assert.Contains("mrn: MRN BAD-1 appears twice in the file (first on line 2).", page);
        Assert.Contains("date_of_birth: Date of birth cannot be in the future.", page);
        Assert.Contains("procedures.csv line 2", page);
        Assert.Contains("pre_pain: Pre-procedure pain must be between 0 and 10.", page);
        Assert.Contains("targets: 'L6-S2': Segment must be a facet segment from C2-C3 to L5-S1", page);
        Assert.Contains("targets: Side is required for each target.", page);
        Assert.Contains("temperature_c: Temperature must be between 40 and 95 °C.", page);
        Assert.Contains("mrn: no patient with MRN NOPE-9 in this clinic", page);
        Assert.Contains("performed_at: Date and time of the procedure cannot be in the future.", page);
        Assert.Contains("procedures.csv line 8", page);
        Assert.Contains("malformed CSV: text follows a closing quote", page);
        Assert.Contains("pain_scores.csv line 2", page);
        Assert.Contains("pain: '11': Diary pain scores must be between 0 and 10.", page);
        foreach (var line in new[] { 4, 5, 6, 7 })
        {
            Assert.Contains($"procedures.csv line {line}", page);
        }
        Assert.DoesNotContain("procedures.csv line 9", page);
        Assert.DoesNotContain("patients.csv line 2", page);

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.False(await db.Patients.AnyAsync(p => p.ClinicId == clinicId));
        Assert.False(await db.Procedures.AnyAsync(p => p.ClinicId == clinicId));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ImportCsv" && a.Outcome == "Invalid"));
    }

    [Fact]
    public async Task An_export_imports_into_another_clinic_with_the_same_records()
    {
        var fromId = await app.ClinicAsync("EXA");
        var toId = await app.ClinicAsync("EXB");
        var from = await app.ClinicianAsync("EXA");
        var to = await app.ClinicianAsync("EXB");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(from, fromId, Sample("patients.csv"), Sample("procedures.csv"), Sample("pain_scores.csv"))).Status);

        var exported = new Dictionary<string, string>();
        foreach (var file in new[] { "patients.csv", "procedures.csv", "pain_scores.csv" })
        {
            var response = await from.GetAsync($"/data/export/{fromId}/{file}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal($"attachment; filename=exa-{file}", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").Single());
            exported[file] = await response.Content.ReadAsStringAsync();
        }
        Assert.Equal(6, exported["patients.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(9, exported["procedures.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var (status, page) = await ImportAsync(to, toId, exported["patients.csv"], exported["procedures.csv"], exported["pain_scores.csv"]);

        Assert.True(status == HttpStatusCode.OK, page);
        Assert.Contains("Imported 5 patients, 8 procedures and 33 pain scores", page);
        Assert.Equal(exported["patients.csv"], await to.GetStringAsync($"/data/export/{toId}/patients.csv"));
        // The same procedures, apart from their new ids.
        var again = await to.GetStringAsync($"/data/export/{toId}/procedures.csv");
        static IEnumerable<string> WithoutIds(string csv) => csv.Split("\r\n").Select(l => string.Join(",", l.Split(',').Skip(1).Where((_, i) => i != 14)));
        Assert.Equal(WithoutIds(exported["procedures.csv"]), WithoutIds(again));
        Assert.Equal(404, (int)(await to.GetAsync($"/data/export/{fromId}/patients.csv")).StatusCode);

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(8, await db.Procedures.CountAsync(p => p.ClinicId == toId));
        Assert.Equal(2, await db.Procedures.CountAsync(p => p.ClinicId == toId && p.PartnerProcedureId != null));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ExportCsv" && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task An_import_without_files_or_with_diaries_alone_says_what_is_missing()
    {
        var clinicId = await app.ClinicAsync();
        var clinician = await app.ClinicianAsync();

        var (status, page) = await ImportAsync(clinician, clinicId);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Choose at least one file to import.", page);

        (status, page) = await ImportAsync(clinician, clinicId, painScores: "procedure_external_id,minutes_after,pain\nB-1,15,2\n");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("import it together with the procedures.csv it belongs to", page);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Analyst)]
    public async Task Who_may_not_edit_patients_gets_403(string role)
    {
        var clinicId = await app.ClinicAsync();
        var client = await app.SignedInClientAsync(role);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/data")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/data/export/{clinicId}/patients.csv")).StatusCode);
        Assert.DoesNotContain("/data", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_handler_refuses_a_caller_without_the_capability()
    {
        var result = await app.SendAsync(new ImportCsv.Command { ClinicId = await app.ClinicAsync(), Patients = new MemoryStream(Encoding.UTF8.GetBytes(Sample("patients.csv"))) });
        Assert.Equal(Outcome.Forbidden, result.Outcome);
    }

    /// <summary>Imports a generated history (IMPORT_BENCHMARK_ROWS procedures, 2,000 by default) and prints how long it took.</summary>
    [Fact]
    public async Task A_generated_history_imports_in_batches()
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("IMPORT_BENCHMARK_ROWS"), out var n) ? n : 2000;
        var clinicId = await app.ClinicAsync("GEN");
        var clinician = await app.ClinicianAsync("GEN");
        var patientCount = Math.Max(1, rows / 10);
        var patients = new StringBuilder(string.Join(",", CsvFormats.PatientColumns) + "\n");
        for (var i = 0; i < patientCount; i++)
        {
            patients.Append(CultureInfo.InvariantCulture, $"G-{i},Family{i},Given{i},1960-01-01,Female,,,false,None,Europe/Paris\n");
        }
        var procedures = new StringBuilder(string.Join(",", CsvFormats.ProcedureColumns) + "\n");
        var diaries = new StringBuilder("procedure_external_id,minutes_after,pain\n");
        var start = new DateTimeOffset(2020, 1, 1, 9, 0, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < rows; i++)
        {
            var at = start.AddHours(i).ToString(CsvFormats.DateTimeFormat, CultureInfo.InvariantCulture);
            var common = $"X-{i},G-{i % patientCount},{{0}},{at},Dr Gen,Fluoroscopy,true,None,7,T12-L1:Left;L1-L2:Left,";
            switch (i % 10)
            {
                case < 7:
                    procedures.Append(CultureInfo.InvariantCulture, $"{string.Format(CultureInfo.InvariantCulture, common, "DiagnosticBlock")}MedialBranch,Lidocaine,2,0.5,Single,,,,,,,,,,,,true,,\n");
                    foreach (var (minutes, pain) in new[] { (15, 2), (30, 1), (60, 2), (120, 4), (240, 7) })
                    {
                        diaries.Append(CultureInfo.InvariantCulture, $"X-{i},{minutes},{pain}\n");
                    }
                    break;
                case < 9:
                    procedures.Append(CultureInfo.InvariantCulture, $"{string.Format(CultureInfo.InvariantCulture, common, "SteroidInjection")}IntraArticular,,,1,,,Triamcinolone,40,,,,,,,,,,,\n");
                    break;
                default:
                    procedures.Append(CultureInfo.InvariantCulture, $"{string.Format(CultureInfo.InvariantCulture, common, "RfDenervation")},,,,,,,,ConventionalThermal,80,90,2,18,10,true,true,,,\n");
                    break;
            }
        }

        var watch = Stopwatch.StartNew();
        var (status, page) = await ImportAsync(clinician, clinicId, patients.ToString(), procedures.ToString(), diaries.ToString());
        watch.Stop();

        Assert.True(status == HttpStatusCode.OK, page[..Math.Min(page.Length, 4000)]);
        output.WriteLine($"{patientCount} patients, {rows} procedures, {rows * 7 / 10 * 5} diary scores: {watch.Elapsed.TotalSeconds:0.0} s through HTTP; "
            + System.Text.RegularExpressions.Regex.Match(page, @"Imported [^<]*").Value.Trim());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(rows, await db.Procedures.CountAsync(p => p.ClinicId == clinicId));
    }
}
