using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// pgbench running, in one transaction, the statements the LogRfDenervation request issues (the user's clinic
/// memberships, the patient, the follow-up protocol, then the procedure, its 4 follow-ups, its target and the audit row). Checked against what PostgreSQL
/// itself receives (BENCH_SHOW_SQL=1), not only EF Core's command log: that log misses the statements Npgsql and EF
/// send on their own (savepoints around each SaveChanges and DISCARD ALL on each pooled connection, both gone now).
/// The mode is pgbench's query protocol: "extended" (Parse, Bind, Execute of unnamed statements) is what Npgsql sends
/// for the app's commands, none of which it prepares, so it is the like-for-like comparison; "simple" (one Query
/// message per statement, pgbench's default) is run as well, for reference.
/// </summary>
internal static class Pgbench
{
    public static async Task<double> RunAsync(PostgresServer server, string connectionString, int clients, int seconds, IReadOnlyList<int> patientIds, string mode)
    {
        var pgbench = Path.Combine(server.BinDirectory ?? throw new InvalidOperationException("pgbench needs the local PostgreSQL binaries"), "pgbench");
        await using var db = TestDatabases.Context(connectionString);
        var userId = await db.Users.Where(u => u.Email == "bench@bench.test").Select(u => u.Id).SingleAsync();
        var clinicId = await db.Patients.Where(p => p.Id == patientIds[0]).Select(p => p.ClinicId).SingleAsync();
        // Each client logs for a patient of its own, as each HTTP session does: one patient's procedures are
        // refreshed in block_cases one transaction at a time (db/functions/refresh_block_cases.sql).
        var patientId = $"(ARRAY[{string.Join(", ", patientIds)}])[:client_id % {patientIds.Count} + 1]";

        var script = $"""
            BEGIN;
            SELECT c.clinic_id FROM clinic_memberships AS c WHERE c.user_id = '{userId}';
            SELECT p.id, p.clinic_id, p.date_of_birth, c.time_zone, upper(p.family_name) || ', ' || p.given_name || ' (MRN ' || p.mrn || ')' FROM patients AS p INNER JOIN clinics AS c ON p.clinic_id = c.id WHERE p.id = {patientId} AND p.clinic_id = ANY (ARRAY[{clinicId}]) LIMIT 2;
            SELECT f.id, f.active, f.days_after, f.kind, f.label, f.xmin, f.window_days_after, f.window_days_before FROM follow_up_protocol_points AS f WHERE f.kind = 'RfDenervation' AND f.active;
            INSERT INTO procedures (active_tip_mm, agent, assessment_id, clinic_id, complication, complication_other, concentration_percent, consent_recorded, created_at, created_by_user_id, electrode_gauge, guidance, kind, lesion_seconds, lesions_per_nerve, motor_stimulation_tested, notes, operator_name, partner_procedure_id, patient_id, performed_at, pre_pain, rf_mode, sensory_stimulation_tested, sequence, steroid, steroid_dose_mg, technique, temperature_c, tenderness_abolished, void_reason, voided_at, voided_by_name, volume_ml_per_target) VALUES (10, NULL, NULL, {clinicId}, 'None', NULL, NULL, true, now(), '{userId}', 18, 'Fluoroscopy', 'RfDenervation', 90, 2, true, NULL, 'Dr Bench', NULL, {patientId}, '2026-11-02 09:00:00+00', 7, 'ConventionalThermal', true, NULL, NULL, NULL, NULL, 85, NULL, NULL, NULL, NULL, NULL) RETURNING id, xmin;
            INSERT INTO follow_ups (answered_at, answered_by_name, answered_via, cancel_reason, clinic_id, closes_at, days_after, due_at, label, opens_at, other_treatment, pain, patient_id, pgic, procedure_id, protocol_point_id, relief_percent, status, window_days_after, window_days_before) VALUES (NULL, NULL, NULL, NULL, {clinicId}, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '37 days', 30, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '30 days', '1 month', TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '23 days', NULL, NULL, {patientId}, NULL, currval(pg_get_serial_sequence('procedures', 'id')), 5, NULL, 'Scheduled', 7, 7) RETURNING id, xmin;
            INSERT INTO follow_ups (answered_at, answered_by_name, answered_via, cancel_reason, clinic_id, closes_at, days_after, due_at, label, opens_at, other_treatment, pain, patient_id, pgic, procedure_id, protocol_point_id, relief_percent, status, window_days_after, window_days_before) VALUES (NULL, NULL, NULL, NULL, {clinicId}, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '105 days', 91, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '91 days', '3 months', TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '77 days', NULL, NULL, {patientId}, NULL, currval(pg_get_serial_sequence('procedures', 'id')), 6, NULL, 'Scheduled', 14, 14) RETURNING id, xmin;
            INSERT INTO follow_ups (answered_at, answered_by_name, answered_via, cancel_reason, clinic_id, closes_at, days_after, due_at, label, opens_at, other_treatment, pain, patient_id, pgic, procedure_id, protocol_point_id, relief_percent, status, window_days_after, window_days_before) VALUES (NULL, NULL, NULL, NULL, {clinicId}, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '196 days', 182, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '182 days', '6 months', TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '168 days', NULL, NULL, {patientId}, NULL, currval(pg_get_serial_sequence('procedures', 'id')), 7, NULL, 'Scheduled', 14, 14) RETURNING id, xmin;
            INSERT INTO follow_ups (answered_at, answered_by_name, answered_via, cancel_reason, clinic_id, closes_at, days_after, due_at, label, opens_at, other_treatment, pain, patient_id, pgic, procedure_id, protocol_point_id, relief_percent, status, window_days_after, window_days_before) VALUES (NULL, NULL, NULL, NULL, {clinicId}, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '379 days', 365, TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '365 days', '12 months', TIMESTAMPTZ '2026-11-02 09:00:00+00' + interval '351 days', NULL, NULL, {patientId}, NULL, currval(pg_get_serial_sequence('procedures', 'id')), 8, NULL, 'Scheduled', 14, 14) RETURNING id, xmin;
            INSERT INTO procedure_targets (procedure_id, segment, side) VALUES (currval(pg_get_serial_sequence('procedures', 'id')), 'T12-L1', 'Left');
            INSERT INTO audit_entries (action, entity_id, occurred_at, outcome, remote_ip, trace_id, user_id, user_name) VALUES ('LogRfDenervation', '1', now(), 'Succeeded', '127.0.0.1', 'pgbench', '{userId}', 'bench@bench.test') RETURNING id;
            COMMIT;
            """;
        var file = Path.Combine(Path.GetTempPath(), $"procreg-bench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(connectionString);
            var info = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-n", "-M", mode, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", clients.ToString(CultureInfo.InvariantCulture),
                         "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", file, "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture),
                         "-U", cs.Username!, cs.Database! })
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = Regex.Match(output, @"tps = ([\d.]+) \(without initial connection time\)");
            return tps.Success ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException(output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
