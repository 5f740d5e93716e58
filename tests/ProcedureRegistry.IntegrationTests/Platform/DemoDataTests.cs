using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Cli;
using ProcedureRegistry.Web.Infrastructure.Demo;

namespace ProcedureRegistry.IntegrationTests.Platform;

/// <summary>The synthetic demo clinic: plausible, within every rule, deterministic, and seeded once.</summary>
public sealed class DemoDataTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Same_seed_gives_the_same_patients_and_a_larger_run_starts_with_them()
    {
        var generator = new DemoClinicGenerator();
        var first = generator.Generate(1, 50, 42, Now).Select(Identity).ToList();
        var again = generator.Generate(1, 50, 42, Now).Select(Identity).ToList();
        var larger = generator.Generate(1, 80, 42, Now).Take(50).Select(Identity).ToList();
        var otherSeed = generator.Generate(1, 50, 43, Now).Select(Identity).ToList();

        Assert.Equal(first, again);
        Assert.Equal(first, larger);
        Assert.NotEqual(first, otherSeed);
        Assert.Equal(50, first.Select(p => p.Mrn).Distinct().Count());
        Assert.Equal("DEMO-000001", first[0].Mrn);

        static (string Mrn, string Family, string Given, DateOnly Birth) Identity(DemoPatient p) =>
            (p.Patient.Mrn, p.Patient.FamilyName, p.Patient.GivenName, p.Patient.DateOfBirth);
    }

    [Fact]
    public void Generated_values_raise_no_plausibility_warning()
    {
        var procedures = new DemoClinicGenerator().Generate(1, 1000, 7, Now).SelectMany(p => p.Procedures).Select(p => p.Procedure).ToList();

        Assert.All(procedures.Where(p => p.Kind == ProcedureKind.DiagnosticBlock),
            b => Assert.Empty(ProcedureLimits.VolumeWarnings(b.Technique!.Value, b.VolumeMlPerTarget!.Value)));
        Assert.All(procedures.Where(p => p.Kind == ProcedureKind.SteroidInjection),
            s => Assert.Empty(ProcedureLimits.SteroidDoseWarnings(s.Steroid!.Value, s.SteroidDoseMg!.Value)));
        Assert.All(procedures.Where(p => p.Kind == ProcedureKind.RfDenervation),
            r => Assert.Empty(ProcedureLimits.RfWarnings(r.RfMode!.Value, r.TemperatureC!.Value, r.LesionSeconds!.Value)));
    }

    [Fact]
    public async Task Seeding_writes_a_plausible_clinic_once()
    {
        var clinicId = await app.ClinicAsync("DEMOSEED");
        var first = await SeedAsync(clinicId, 200);
        var second = await SeedAsync(clinicId, 200);

        Assert.Equal(200, first.Patients);
        Assert.True(first.Blocks > 150, $"{first.Blocks} blocks");
        Assert.True(first.RfDenervations > 20, $"{first.RfDenervations} RF denervations");
        Assert.True(first.SteroidInjections > 10, $"{first.SteroidInjections} steroid injections");
        Assert.True(second.Skipped);

        var c = clinicId.ToString();
        Assert.Equal(200, await ScalarAsync($"SELECT count(*) FROM patients WHERE clinic_id = {c}"));
        Assert.Equal(200, await ScalarAsync($"SELECT count(*) FROM assessments WHERE clinic_id = {c}"));
        Assert.Equal(first.Blocks + first.SteroidInjections + first.RfDenervations,
            await ScalarAsync($"SELECT count(*) FROM procedures WHERE clinic_id = {c}"));
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM audit_entries WHERE action = 'SeedDemoData' AND user_name = 'system' AND entity_id = '{c}'"));

        // Mostly the thoracolumbar junction and the lower lumbar facets.
        var usual = await ScalarAsync($"""
            SELECT count(*) FROM procedure_targets t JOIN procedures p ON p.id = t.procedure_id
            WHERE p.clinic_id = {c} AND p.kind = 'DiagnosticBlock' AND t.segment IN ('T11-T12', 'T12-L1', 'L4-L5', 'L5-S1')
            """);
        var all = await ScalarAsync($"SELECT count(*) FROM procedure_targets t JOIN procedures p ON p.id = t.procedure_id WHERE p.clinic_id = {c} AND p.kind = 'DiagnosticBlock'");
        Assert.True(usual >= all * 0.7, $"{usual} of {all} block targets at the usual segments");

        // Every block has its nine-point diary, every score in 0..10.
        Assert.Equal(0, await ScalarAsync($"""
            SELECT count(*) FROM procedures p WHERE p.clinic_id = {c} AND p.kind = 'DiagnosticBlock'
            AND (SELECT count(*) FROM block_diary_scores d WHERE d.procedure_id = p.id AND d.pain BETWEEN 0 AND 10) <> 9
            """));

        // A paired block's partner is an earlier block of the same patient sharing a segment.
        var paired = await ScalarAsync($"SELECT count(*) FROM procedures WHERE clinic_id = {c} AND partner_procedure_id IS NOT NULL");
        Assert.True(paired > 30, $"{paired} paired blocks");
        Assert.Equal(paired, await ScalarAsync($"""
            SELECT count(*) FROM procedures b JOIN procedures a ON a.id = b.partner_procedure_id
            WHERE b.clinic_id = {c} AND b.sequence IN ('Confirmatory', 'PlaceboControlled')
            AND a.kind = 'DiagnosticBlock' AND a.patient_id = b.patient_id AND a.performed_at < b.performed_at
            AND EXISTS (SELECT 1 FROM procedure_targets ta JOIN procedure_targets tb ON ta.segment = tb.segment
                        WHERE ta.procedure_id = a.id AND tb.procedure_id = b.id)
            """));
        Assert.True(await ScalarAsync($"SELECT count(*) FROM procedures WHERE clinic_id = {c} AND agent = 'Saline'") > 0);

        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM procedures WHERE clinic_id = {c} AND kind = 'RfDenervation' AND temperature_c NOT BETWEEN 80 AND 90"));

        // Nothing in the future, before birth, or before the assessment it belongs to.
        Assert.Equal(0, await ScalarAsync($"""
            SELECT count(*) FROM procedures p JOIN patients pt ON pt.id = p.patient_id JOIN assessments a ON a.id = p.assessment_id
            WHERE p.clinic_id = {c} AND (p.performed_at > now() OR p.performed_at::date < pt.date_of_birth OR p.performed_at::date < a.assessed_on)
            """));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM assessments WHERE clinic_id = {c} AND (assessed_on > current_date OR assessed_on < current_date - 731)"));

        // Every procedure has its protocol's follow-ups; past windows are answered (about 3 in 4) or missed, none
        // answered outside its window; RF relief at 3 months is better after the patients' true response.
        Assert.Equal(0, await ScalarAsync($"""
            SELECT count(*) FROM procedures p
            WHERE p.clinic_id = {c} AND (SELECT count(*) FROM follow_ups f WHERE f.procedure_id = p.id)
                <> (SELECT count(*) FROM follow_up_protocol_points pp WHERE pp.kind = p.kind AND pp.active)
            """));
        var answered = await ScalarAsync($"SELECT count(*) FROM follow_ups WHERE clinic_id = {c} AND status = 'Answered'");
        var missed = await ScalarAsync($"SELECT count(*) FROM follow_ups WHERE clinic_id = {c} AND status = 'Missed'");
        Assert.InRange(answered / (double)(answered + missed), 0.65, 0.85);
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM follow_ups WHERE clinic_id = {c} AND status = 'Answered' AND (answered_at < opens_at OR answered_at >= closes_at OR answered_at > now())"));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM follow_ups WHERE clinic_id = {c} AND status = 'Scheduled' AND closes_at <= now()"));

        // Positive responders' relief lasts longer with bupivacaine than with lidocaine.
        var lidocaine = await ScalarAsync(LongReliefSql(c, "Lidocaine"));
        var bupivacaine = await ScalarAsync(LongReliefSql(c, "Bupivacaine"));
        Assert.True(bupivacaine > lidocaine, $"relief still ≥ 50% at 4 h: lidocaine {lidocaine}, bupivacaine {bupivacaine}");
    }

    [Fact]
    public async Task Two_seedings_at_once_write_the_clinic_once()
    {
        var clinicId = await app.ClinicAsync("DEMORACE");

        var results = await Task.WhenAll(SeedAsync(clinicId, 20), SeedAsync(clinicId, 20));

        Assert.Single(results, r => r.Skipped);
        Assert.Equal(20, await ScalarAsync($"SELECT count(*) FROM patients WHERE clinic_id = {clinicId}"));
    }

    [Fact]
    public async Task Every_seeded_record_opens_for_a_clinician_of_the_clinic()
    {
        // The pages run the domain rules (diagnosis status, block classification, pairs) over the seeded data.
        var clinicId = await app.ClinicAsync("DEMOVIEW");
        await SeedAsync(clinicId, 30);
        var clinician = await app.SignedInClientAsync(Roles.Clinician, clinic: "DEMOVIEW");
        await using var db = TestDatabases.Context(app.ConnectionString);
        var pages = (await db.Patients.Where(p => p.ClinicId == clinicId).Select(p => $"/patients/{p.Id}").ToListAsync())
            .Concat(await db.Assessments.Where(a => a.ClinicId == clinicId).Select(a => $"/assessments/{a.Id}").ToListAsync())
            .Concat(await db.Procedures.Where(p => p.ClinicId == clinicId).Select(p => $"/procedures/{p.Id}").ToListAsync())
            .Append("/patients?q=DEMO");

        foreach (var page in pages)
        {
            var response = await clinician.GetAsync(page);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Seed_demo_command_takes_a_patient_count_and_prints_the_counts()
    {
        var output = new StringWriter();
        var code = await RegistryCommands.RunAsync(app.Factory.Services, ["seed-demo", "25"], output);

        Assert.Equal(0, code);
        Assert.Matches(@"Demo patients: 25 patients, 25 assessments, \d+ diagnostic blocks, \d+ steroid injections, \d+ RF denervations in [\d.,]+ s\.", output.ToString());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.Equal(25, await db.Patients.CountAsync(p => p.Mrn.StartsWith("DEMO-") && db.Clinics.Any(k => k.Id == p.ClinicId && k.Code == "DEMO")));
    }

    private static string LongReliefSql(string clinic, string agent) => $"""
        SELECT count(*) FROM procedures p JOIN block_diary_scores d ON d.procedure_id = p.id AND d.minutes_after = 240
        WHERE p.clinic_id = {clinic} AND p.agent = '{agent}' AND p.kind = 'DiagnosticBlock' AND d.pain * 2 <= p.pre_pain
        """;

    private async Task<DemoSeedCounts> SeedAsync(int clinicId, int patients)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var writer = new DemoClinicWriter(scope.ServiceProvider.GetRequiredService<RegistryDbContext>(), TimeProvider.System);
        return await writer.SeedAsync(clinicId, patients);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
