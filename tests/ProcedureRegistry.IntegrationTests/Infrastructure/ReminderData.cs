using Npgsql;

namespace ProcedureRegistry.IntegrationTests.Infrastructure;

/// <summary>
/// Many follow-ups at once, written with set-based SQL (the volume tests and the reminder benchmark): a clinic,
/// consenting patients with an email address, one RF denervation each, and one follow-up per procedure whose window
/// is open at <paramref name="now"/>. The reminders themselves are planned by the app's own job.
/// </summary>
public static class ReminderData
{
    public static async Task SeedOpenFollowUpsAsync(string connectionString, string clinicCode, int count, DateTimeOffset now, string timeZone = "UTC")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var clinic = new NpgsqlCommand(
            "INSERT INTO clinics (code, name, time_zone) VALUES ($1, 'Clinic ' || $1, $2) ON CONFLICT (code) DO NOTHING", connection))
        {
            clinic.Parameters.Add(new() { Value = clinicCode });
            clinic.Parameters.Add(new() { Value = timeZone });
            await clinic.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(
            """
            WITH clinic AS (SELECT id FROM clinics WHERE code = $1),
            new_patients AS (
                INSERT INTO patients (clinic_id, mrn, family_name, given_name, date_of_birth, sex, email, reminder_consent,
                                      preferred_channel, time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key)
                SELECT clinic.id, $1 || '-' || n, 'Patient', 'Bulk', DATE '1960-01-01', 'Female', 'patient' || n || '.' || lower($1) || '@example.test',
                       true, 'Email', $4, $3, $3, lower($1) || '-' || n, 'patient', 'bulk'
                FROM clinic, generate_series(1, $2) AS n
                RETURNING id, clinic_id),
            new_procedures AS (
                INSERT INTO procedures (clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication,
                                        pre_pain, created_at, rf_mode, temperature_c, lesion_seconds, lesions_per_nerve)
                SELECT clinic_id, id, 'RfDenervation', $3 - interval '30 days', 'Dr Bulk', 'Fluoroscopy', true, 'None', 7, $3,
                       'ConventionalThermal', 80, 90, 2
                FROM new_patients
                RETURNING id, clinic_id, patient_id)
            INSERT INTO follow_ups (clinic_id, patient_id, procedure_id, label, days_after, window_days_before, window_days_after,
                                    due_at, opens_at, closes_at, status)
            SELECT clinic_id, patient_id, id, '1 month', 30, 7, 7, $3, $3 - interval '7 days', $3 + interval '7 days', 'Scheduled'
            FROM new_procedures
            """, connection);
        command.Parameters.Add(new() { Value = clinicCode });
        command.Parameters.Add(new() { Value = count });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = timeZone });
        await command.ExecuteNonQueryAsync();
        // Statistics, as autovacuum would soon give a table this size: without them the planner assumes empty tables.
        await using var analyze = new NpgsqlCommand("ANALYZE patients, procedures, follow_ups, reminder_messages", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
