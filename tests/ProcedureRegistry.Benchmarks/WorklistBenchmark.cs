using System.Diagnostics;
using System.Globalization;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Features.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// The worklist on a large clinic: N RF denervations (default 25,000), 4 follow-ups each spread over two years (about
/// 70 % of the closed ones answered, the rest missed). Prints the server time (Server-Timing) of each tab's first page,
/// a deep page and a filtered page; <c>WORKLIST_EXPLAIN=1</c> also prints the plans of the worklist's main statements
/// (written out by hand, as EF sends them).
/// Usage: dotnet run -c Release --project tests/ProcedureRegistry.Benchmarks -- worklist [N, default 25000]
/// </summary>
public static class WorklistBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var procedures = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 25_000;
        var server = await PostgresServer.InstanceAsync();
        Console.WriteLine($"PostgreSQL: {server.Description}; {Environment.ProcessorCount} cores; {procedures:N0} RF denervations");
        var app = new BenchmarkApp();
        await app.InitializeAsync();
        try
        {
            await MeasureAsync(app, procedures);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task MeasureAsync(BenchmarkApp app, int procedures)
    {
        var clinic = await app.ClinicAsync("BENCHW");
        var seed = Stopwatch.StartNew();
        await TestDatabases.ExecuteAsync(app.ConnectionString, $"""
            INSERT INTO patients (clinic_id, mrn, family_name, given_name, date_of_birth, sex, reminder_consent, preferred_channel,
                time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key)
            SELECT {clinic}, 'BW-' || g, 'Name' || g, 'Given', DATE '1960-01-01', 'Female', false, 'None', 'Europe/Paris', now(), now(),
                'bw-' || g, 'name' || g, 'given'
            FROM generate_series(1, {procedures / 2}) g;
            INSERT INTO procedures (clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication,
                pre_pain, rf_mode, temperature_c, lesion_seconds, lesions_per_nerve, created_at)
            SELECT {clinic}, p.id, 'RfDenervation', now() - (g % 730) * interval '1 day' - interval '2 hours',
                CASE WHEN g % 5 = 0 THEN 'Dr Alpha' ELSE 'Dr Beta' END, 'Fluoroscopy', true, 'None', 7, 'ConventionalThermal', 80, 90, 2, now()
            FROM generate_series(1, {procedures}) g
            JOIN patients p ON p.clinic_id = {clinic} AND p.mrn = 'BW-' || (1 + g % {procedures / 2});
            INSERT INTO follow_ups (clinic_id, patient_id, procedure_id, protocol_point_id, label, days_after, window_days_before,
                window_days_after, due_at, opens_at, closes_at, status, answered_at, answered_via, pain, relief_percent, pgic, other_treatment)
            SELECT f.clinic_id, f.patient_id, f.procedure_id, f.point_id, f.label, f.days_after, f.window_days_before, f.window_days_after,
                f.due_at, f.opens_at, f.closes_at, s.status,
                CASE WHEN s.status = 'Answered' THEN f.due_at END, CASE WHEN s.status = 'Answered' THEN 'Patient' END,
                CASE WHEN s.status = 'Answered' THEN 3 END, CASE WHEN s.status = 'Answered' THEN 50 END,
                CASE WHEN s.status = 'Answered' THEN 5 END, CASE WHEN s.status = 'Answered' THEN false END
            FROM (SELECT pr.clinic_id, pr.patient_id, pr.id AS procedure_id, pt.id AS point_id, pt.label, pt.days_after,
                    pt.window_days_before, pt.window_days_after,
                    pr.performed_at + pt.days_after * interval '1 day' AS due_at,
                    pr.performed_at + (pt.days_after - pt.window_days_before) * interval '1 day' AS opens_at,
                    pr.performed_at + (pt.days_after + pt.window_days_after) * interval '1 day' AS closes_at,
                    (pr.id * 7 + pt.id) % 10 AS r
                  FROM procedures pr JOIN follow_up_protocol_points pt ON pt.kind = pr.kind AND pt.active
                  WHERE pr.clinic_id = {clinic}) f
            CROSS JOIN LATERAL (SELECT CASE WHEN f.closes_at >= now() THEN 'Scheduled' WHEN f.r < 7 THEN 'Answered' ELSE 'Missed' END AS status) s;
            """);
        // What autovacuum does on a live database: statistics, and the visibility map that allows index-only counts.
        foreach (var table in new[] { "patients", "procedures", "follow_ups", "reminder_messages" })
        {
            await TestDatabases.ExecuteAsync(app.ConnectionString, $"VACUUM ANALYZE {table}");
        }
        Console.WriteLine($"{procedures} RF denervations, {procedures * 4} follow-ups written in {seed.Elapsed.TotalSeconds:0.0} s");

        if (Environment.GetEnvironmentVariable("WORKLIST_EXPLAIN") == "1")
        {
            await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                $"SELECT count(*) FROM (SELECT 1 FROM follow_ups f WHERE f.clinic_id = {clinic} AND f.status = 'Answered' ORDER BY f.due_at LIMIT 1001) s",
                $"SELECT count(*) FROM (SELECT 1 FROM follow_ups f WHERE f.clinic_id = {clinic} AND (f.status = 'Missed' OR (f.status = 'Scheduled' AND f.closes_at <= now())) ORDER BY f.due_at LIMIT 1001) s",
                $"SELECT count(*) FROM (SELECT 1 FROM follow_ups f WHERE f.clinic_id = {clinic} AND f.status = 'Scheduled' AND f.closes_at > now() AND f.due_at >= now() + interval '14 hours' ORDER BY f.due_at LIMIT 1001) s",
                $"SELECT count(*) FROM (SELECT 1 FROM follow_ups f WHERE f.clinic_id = {clinic} AND f.status = 'Scheduled' AND f.closes_at > now() AND f.due_at >= now() + interval '14 hours' AND EXISTS (SELECT 1 FROM procedures p WHERE p.operator_name ILIKE '%alpha%' AND p.id = f.procedure_id) ORDER BY f.due_at LIMIT 1001) s",
                $"SELECT f.* FROM follow_ups f WHERE f.clinic_id = {clinic} AND f.status = 'Answered' ORDER BY f.due_at DESC, f.id DESC LIMIT 50",
            })
            {
                await using var command = new Npgsql.NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
                await using var reader = await command.ExecuteReaderAsync();
                Console.WriteLine(sql);
                while (await reader.ReadAsync())
                {
                    Console.WriteLine("  " + reader.GetString(0));
                }
            }
        }
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator, clinic: "BENCHW");
        foreach (var url in new[]
                 {
                     "/follow-ups?bucket=DueToday", "/follow-ups?bucket=Overdue", "/follow-ups?bucket=Missed",
                     "/follow-ups?bucket=Answered", "/follow-ups?bucket=Upcoming", "/follow-ups?bucket=Answered&page=100",
                     "/follow-ups?bucket=Upcoming&operator=alpha", $"/follow-ups?bucket=Missed&clinic={clinic}&kind=RfDenervation",
                 })
        {
            var times = new List<double>();
            for (var i = 0; i < 12; i++)
            {
                var response = await coordinator.GetAsync(url);
                response.EnsureSuccessStatusCode();
                var timing = response.Headers.GetValues("Server-Timing").Single();
                times.Add(double.Parse(timing[(timing.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture));
            }
            var counts = FollowUpData.TabCounts(await coordinator.PageAsync(url));
            var last10 = times.Skip(2).Order().ToList();
            Console.WriteLine($"{url}: median {last10[last10.Count / 2]:0.0} ms, max {last10[^1]:0.0} ms " +
                $"(tabs: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))})");
        }
    }
}
