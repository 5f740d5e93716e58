using System.Diagnostics;
using System.Globalization;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Clinics;
using ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// Issue 5's benchmark: N patients (default 100,000) with 3 procedures each (a comparative pair of blocks and an RF
/// denervation or, for every fifth patient, a steroid injection), 5 diary scores per block and 5 answered follow-ups
/// per therapy (15 scores per patient: 1.5 M for 100,000), with a planted truth (see the diary statement), generated in
/// PostgreSQL by set-based SQL.
/// Times the full outcome report (extraction + statistics + PDF) against the bare SQL of the extraction alone (the
/// same statements, run the same way, rows read and dropped), after a warm-up of each, in 7 alternating rounds, and
/// reports the medians and the process's peak memory.
/// Usage: dotnet run -c Release --project tests/ProcedureRegistry.Benchmarks -- report [N, default 100000]
/// </summary>
public static class ReportBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var patients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var server = await PostgresServer.InstanceAsync();
        Console.WriteLine($"PostgreSQL: {server.Description}; {Environment.ProcessorCount} cores; {patients:N0} patients");
        var connectionString = await TestDatabases.CreateAsync("bench_report");
        await using var app = new RegistryFactory(connectionString, new Dictionary<string, string?>());
        _ = app.Server;
        int clinicId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new CreateClinic.Command { Code = "BENCH", Name = "Benchmark clinic", TimeZone = "Europe/Paris" });
            clinicId = created.Value;
        }

        var load = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            foreach (var statement in Generation(clinicId, patients))
            {
                await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 1800 };
                await command.ExecuteNonQueryAsync();
            }
            var counts = new List<string>();
            foreach (var table in new[] { "patients", "procedures", "block_diary_scores", "follow_ups" })
            {
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
                counts.Add($"{table} {(long)(await count.ExecuteScalarAsync())!:N0}");
            }
            Console.WriteLine($"generated in {load.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", counts)}");
        }

        var filters = new ReportFilters { ClinicIds = [clinicId] };
        var job = app.Services.GetRequiredService<ReportComputation>();
        // A warm-up of each (the browser's launch, the first plans and JIT compilation of the app), then rounds of
        // bare SQL and full report one after the other, so that the machine's slower and faster moments fall on both.
        await BareSqlAsync(connectionString, filters);
        await job.ComputeAsync(filters);
        var bare = new List<double>();
        var runs = new List<ReportTimings>();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        long pdfBytes = 0;
        string verdict = "";
        for (var round = 0; round < Rounds; round++)
        {
            bare.Add(await BareSqlAsync(connectionString, filters));
            var (report, pdf, timings) = await job.ComputeAsync(filters);
            runs.Add(timings);
            pdfBytes = pdf.Length;
            verdict = $"{report.LoggedCases:N0} cases; RF: {report.Criterion4.Radiofrequency.Verdict}";
        }
        var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / Rounds; // includes the bare SQL runs' reads
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(verdict);
        Console.WriteLine($"bare SQL runs: {string.Join(", ", bare.Select(b => $"{b:0} ms"))}");
        foreach (var t in runs)
        {
            Console.WriteLine($"report run: extraction {t.Extraction.TotalMilliseconds:0} ms, statistics {t.Statistics.TotalMilliseconds:0} ms, PDF {t.Pdf.TotalMilliseconds:0} ms, total {t.Total.TotalMilliseconds:0} ms");
        }
        double Median(IEnumerable<double> values) => values.Order().ElementAt(Rounds / 2);
        var bareMedian = Median(bare);
        var fullMedian = Median(runs.Select(r => r.Total.TotalMilliseconds));
        Console.WriteLine();
        Console.WriteLine($"Medians of {Rounds} rounds (full report: fastest–slowest round in brackets):");
        Console.WriteLine("| patients | bare SQL aggregation | extraction | statistics | PDF | full report | full / bare | PDF size | allocated per round | peak working set (benchmark process) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {patients:N0} | {bareMedian:0} ms | {Median(runs.Select(r => r.Extraction.TotalMilliseconds)):0} ms | {Median(runs.Select(r => r.Statistics.TotalMilliseconds)):0} ms | {Median(runs.Select(r => r.Pdf.TotalMilliseconds)):0} ms | {fullMedian:0} ms ({runs.Min(r => r.Total.TotalMilliseconds):0}–{runs.Max(r => r.Total.TotalMilliseconds):0}) | {fullMedian / bareMedian:0.00}x | {pdfBytes / 1024:N0} KB | {allocated / 1024 / 1024:N0} MB | {peak / 1024 / 1024:N0} MB |");
    }

    private const int Rounds = 7;

    /// <summary>The extraction's statements, run exactly as it runs them (two lanes on two connections sharing a
    /// snapshot, same session settings), rows read and dropped.</summary>
    private static async Task<double> BareSqlAsync(string connectionString, ReportFilters filters)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var watch = Stopwatch.StartNew();
        await using var lanes = await SnapshotLanes.OpenAsync(dataSource, default);
        var each = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task RunLane(NpgsqlConnection connection, IReadOnlyList<(string Name, string Sql)> statements)
        {
            foreach (var (name, sql) in statements)
            {
                var started = watch.Elapsed;
                await using var command = ReportDataExtractor.Command(connection, sql, filters, DateTimeOffset.UtcNow);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
                each.Add($"{name} {(watch.Elapsed - started).TotalMilliseconds:0} ms");
            }
        }
        await Task.WhenAll(RunLane(lanes.First, ReportDataExtractor.Lanes[0]), RunLane(lanes.Second, ReportDataExtractor.Lanes[1]));
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"bare SQL by statement (two lanes at once): {string.Join(", ", each)}");
        return elapsed;
    }

    private static IEnumerable<string> Generation(int clinic, int n) =>
    [
        "SET synchronous_commit = off",
        $"""
        INSERT INTO patients (id, clinic_id, mrn, family_name, given_name, date_of_birth, sex, reminder_consent, preferred_channel, time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key)
        SELECT i, {clinic}, 'B-' || i, 'Bench', 'Patient', DATE '1960-01-01' + (i % 9000), 'Unknown', false, 'None', 'Europe/Paris', now(), now(), 'b-' || i, 'bench', 'patient'
        FROM generate_series(1, {n}) i
        """,
        $"""
        INSERT INTO assessments (id, clinic_id, patient_id, assessed_on, clinician_name, created_at, radiates_below_knee, spontaneous_pain_at_level, level_veiled, imaging, imaging_suggested_segment, baseline_pain)
        SELECT i, {clinic}, i, CURRENT_DATE - 740 + (i % 700), 'Dr Bench', now(), i % 17 = 0, false, false, 'Mri',
               (ARRAY['T11-T12','T12-L1','L1-L2','L4-L5','L5-S1'])[1 + (i * 7) % 5], 7
        FROM generate_series(1, {n}) i
        """,
        $"""
        INSERT INTO assessment_territories (assessment_id, territory, side, skin_signs)
        SELECT i, (ARRAY['Anterior','Posterior','Lateral'])[1 + i % 3], 'Left', i % 4 FROM generate_series(1, {n}) i
        """,
        // Blocks: the first (lidocaine) and its confirmatory partner (bupivacaine) a week later.
        $"""
        INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, agent, volume_ml_per_target, sequence, partner_procedure_id, created_at)
        SELECT 3 * i - 2, {clinic}, i, 'DiagnosticBlock', now() - interval '730 days' + (i % 700) * interval '1 day', 'Operator ' || (i % 12), 'Fluoroscopy', true,
               CASE WHEN i % 97 = 0 THEN 'Vasovagal' ELSE 'None' END, 8, 'MedialBranch', 'Lidocaine', 0.5, 'FirstOfComparativePair', NULL, now()
        FROM generate_series(1, {n}) i
        UNION ALL
        SELECT 3 * i - 1, {clinic}, i, 'DiagnosticBlock', now() - interval '723 days' + (i % 700) * interval '1 day', 'Operator ' || (i % 12), 'Fluoroscopy', true,
               'None', 8, 'MedialBranch', 'Bupivacaine', 0.5, 'Confirmatory', 3 * i - 2, now()
        FROM generate_series(1, {n}) i
        """,
        $"""
        INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, rf_mode, temperature_c, lesion_seconds, lesions_per_nerve, created_at)
        SELECT 3 * i, {clinic}, i, 'RfDenervation', now() - interval '700 days' + (i % 700) * interval '1 day', 'Operator ' || (i % 12), 'Fluoroscopy', true,
               CASE WHEN i % 151 = 0 THEN 'IncreasedPain' ELSE 'None' END, 7, 'ConventionalThermal', 80, 90, 2, now()
        FROM generate_series(1, {n}) i WHERE i % 5 <> 0
        """,
        $"""
        INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, steroid, steroid_dose_mg, created_at)
        SELECT 3 * i, {clinic}, i, 'SteroidInjection', now() - interval '700 days' + (i % 700) * interval '1 day', 'Operator ' || (i % 12), 'Fluoroscopy', true,
               'None', 7, 'IntraArticular', 'Triamcinolone', 40, now()
        FROM generate_series(1, {n}) i WHERE i % 5 = 0
        """,
        $"""
        INSERT INTO procedure_targets (procedure_id, segment, side)
        SELECT 3 * i - k, (ARRAY['T11-T12','T12-L1','L1-L2','L4-L5','L5-S1'])[1 + i % 5], (ARRAY['Left','Right','Left','Right','Bilateral'])[1 + (i / 5) % 5]
        FROM generate_series(1, {n}) i, generate_series(0, 2) k
        """,
        // A planted truth, drawn per patient from PostgreSQL's hashint4 (deterministic, no pattern in i; shifted to 0…2³²−1): 60 % have
        // facet pain (responders). The first block (lidocaine) is positive for 90 % of responders and 30 % of the
        // others (false positives); the confirmatory block (bupivacaine) for 85 % and 20 %. A positive block brings
        // pain to 0–1 within the hour, lasting 60 min (lidocaine) or 240 min (bupivacaine); a negative one leaves it at
        // 5–8. Expected: positive first blocks 66 %, PPV of a positive first block about 65 %.
        $"""
        INSERT INTO block_diary_scores (procedure_id, minutes_after, pain)
        SELECT 3 * i - k, m.minutes,
               CASE WHEN (hashint4(i * 7 + k)::bigint + 2147483648) % 100 < (CASE WHEN (hashint4(i)::bigint + 2147483648) % 100 < 60 THEN (CASE k WHEN 2 THEN 90 ELSE 85 END)
                                                              ELSE (CASE k WHEN 2 THEN 30 ELSE 20 END) END)
                         AND m.minutes <= (CASE k WHEN 2 THEN 60 ELSE 240 END) THEN (hashint4(i + m.minutes)::bigint + 2147483648) % 2
                    ELSE 5 + (hashint4(i * 3 + m.minutes)::bigint + 2147483648) % 4 END
        FROM generate_series(1, {n}) i, generate_series(1, 2) k, (VALUES (15), (30), (60), (120), (240)) m(minutes)
        """,
        // Five answered follow-ups per therapy: at 3 months 75 % of responders and 20 % of the others report pain
        // 1–3 (at least 50 % relief from 7); relief fades for some by 9–12 months.
        $"""
        INSERT INTO follow_ups (clinic_id, patient_id, procedure_id, label, days_after, window_days_before, window_days_after, due_at, opens_at, closes_at, status, answered_at, answered_via, pain, relief_percent, pgic, other_treatment)
        SELECT {clinic}, i, 3 * i, f.label, f.days, 14, 14, p.performed_at + f.days * interval '1 day', p.performed_at + (f.days - 14) * interval '1 day',
               p.performed_at + (f.days + 14) * interval '1 day', 'Answered', p.performed_at + f.days * interval '1 day', 'Patient',
               s.pain, greatest(0, least(100, (7 - s.pain) * 100 / 7)), 4, false
        FROM generate_series(1, {n}) i
        JOIN procedures p ON p.id = 3 * i
        CROSS JOIN (VALUES ('1 month', 30), ('3 months', 91), ('6 months', 182), ('9 months', 273), ('12 months', 365)) f(label, days)
        CROSS JOIN LATERAL (SELECT CASE WHEN (hashint4(i * 11)::bigint + 2147483648) % 100 < (CASE WHEN (hashint4(i)::bigint + 2147483648) % 100 < 60 THEN 75 ELSE 20 END)
                                             AND (f.days < 200 OR (hashint4(i * 13)::bigint + 2147483648) % 100 < 60)
                                        THEN 1 + (hashint4(i * 17 + f.days)::bigint + 2147483648) % 3
                                        ELSE 5 + (hashint4(i * 19 + f.days)::bigint + 2147483648) % 3 END AS pain) s
        """,
        "VACUUM ANALYZE", // the steady state autovacuum keeps: statistics, visibility map, hint bits
    ];
}
