using System.Globalization;
using System.Text;
using Npgsql;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// A synthetic registry with a known truth, written by SQL straight into the tables (the CHECK constraints still
/// guard every row). Patient i (0-based) has a comparative pair at T12-L1 (left, or bilateral for every 20th):
/// lidocaine first, bupivacaine confirmatory a week later, then an RF denervation 30 days after the first block with
/// an answered 1-month and 3-month follow-up. Planted: 70% of first blocks are positive (peak relief 87.5%, the
/// others 25%); among positive first blocks exactly 30% have a negative confirmatory block (the single-block
/// false-positive rate); RF succeeds (≥ 50% relief at 3 months) after 70% of positive and 20% of negative blocks.
/// </summary>
public static class SyntheticRegistry
{
    public const int Patients = 200;
    public const int PositiveFirstBlocks = 140, FalsePositives = 42, SuccessAfterPositive = 98, SuccessAfterNegative = 12;
    public const double PlantedFalsePositiveRate = 0.30, PlantedPpv = 0.70;

    public static async Task WriteAsync(string connectionString, int clinicId, int patients = Patients, int idOffset = 100_000)
    {
        var sql = new StringBuilder();
        var baseDate = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        int positiveRank = 0, negativeRank = 0;
        string T(DateTimeOffset t) => $"'{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";
        for (var i = 0; i < patients; i++)
        {
            var patientId = idOffset + i;
            var firstId = idOffset * 10 + i * 3;
            var confirmId = firstId + 1;
            var rfId = firstId + 2;
            var positive = i % 10 < 7;
            bool confirmPositive, success;
            if (positive)
            {
                var r = positiveRank++;
                confirmPositive = r % 10 >= 3;
                success = r * 7 % 10 < 7;
            }
            else
            {
                var s = negativeRank++;
                confirmPositive = false;
                success = s % 10 < 2;
            }
            var side = i % 20 == 0 ? "Bilateral" : "Left";
            var at = baseDate.AddHours(i * 5);
            var mrn = $"SYN-{i:000000}";
            sql.Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO patients (id, clinic_id, mrn, family_name, given_name, date_of_birth, sex, reminder_consent, preferred_channel, time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key)
                VALUES ({patientId}, {clinicId}, '{mrn}', 'Synthetic', 'Patient', '1960-01-01', 'Unknown', false, 'None', 'Europe/Paris', {T(at)}, {T(at)}, '{mrn.ToLowerInvariant()}', 'synthetic', 'patient');
                INSERT INTO assessments (id, clinic_id, patient_id, assessed_on, clinician_name, created_at, radiates_below_knee, spontaneous_pain_at_level, level_veiled, imaging, imaging_suggested_segment, baseline_pain)
                VALUES ({patientId}, {clinicId}, {patientId}, '{at.AddDays(-3):yyyy-MM-dd}', 'Dr Test', {T(at)}, {(i % 25 == 0 ? "true" : "false")}, false, false, 'Mri', '{(i % 3 == 0 ? "T12-L1" : "L4-L5")}', 7);
                INSERT INTO assessment_territories (assessment_id, territory, side, skin_signs) VALUES ({patientId}, '{(i % 3) switch { 0 => "Posterior", 1 => "Anterior", _ => "Lateral" }}', 'Left', 1);
                INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, agent, volume_ml_per_target, sequence, partner_procedure_id, created_at)
                VALUES ({firstId}, {clinicId}, {patientId}, 'DiagnosticBlock', {T(at)}, 'Dr Block', 'Fluoroscopy', true, 'None', 8, 'MedialBranch', 'Lidocaine', 0.5, 'FirstOfComparativePair', NULL, {T(at)}),
                       ({confirmId}, {clinicId}, {patientId}, 'DiagnosticBlock', {T(at.AddDays(7))}, 'Dr Block', 'Fluoroscopy', true, 'None', 8, 'MedialBranch', 'Bupivacaine', 0.5, 'Confirmatory', {firstId}, {T(at)});
                INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, rf_mode, temperature_c, lesion_seconds, lesions_per_nerve, created_at)
                VALUES ({rfId}, {clinicId}, {patientId}, 'RfDenervation', {T(at.AddDays(30))}, '{(i % 60 == 0 ? "Dr Rare" : i % 2 == 0 ? "Dr Even" : "Dr Odd")}', 'Fluoroscopy', true, '{(i % 50 == 0 ? "Vasovagal" : "None")}', 7, 'ConventionalThermal', 80, 90, 2, {T(at)});
                INSERT INTO procedure_targets (procedure_id, segment, side) VALUES ({firstId}, 'T12-L1', '{side}'), ({confirmId}, 'T12-L1', '{side}'), ({rfId}, 'T12-L1', '{side}');
                INSERT INTO block_diary_scores (procedure_id, minutes_after, pain) VALUES
                  ({firstId}, 30, {(positive ? 1 : 6)}), ({firstId}, 60, {(positive ? 2 : 7)}), ({firstId}, 240, 8),
                  ({confirmId}, 30, {(confirmPositive ? 1 : 6)}), ({confirmId}, 240, {(confirmPositive ? 1 : 7)}), ({confirmId}, 480, 8);
                INSERT INTO follow_ups (clinic_id, patient_id, procedure_id, label, days_after, window_days_before, window_days_after, due_at, opens_at, closes_at, status, answered_at, answered_via, pain, relief_percent, pgic, other_treatment)
                VALUES ({clinicId}, {patientId}, {rfId}, '1 month', 30, 7, 7, {T(at.AddDays(60))}, {T(at.AddDays(53))}, {T(at.AddDays(67))}, 'Answered', {T(at.AddDays(60))}, 'Patient', 2, 70, 6, false),
                       ({clinicId}, {patientId}, {rfId}, '3 months', 91, 14, 14, {T(at.AddDays(121))}, {T(at.AddDays(107))}, {T(at.AddDays(135))}, 'Answered', {T(at.AddDays(121))}, 'Patient', {(success ? 2 : 6)}, {(success ? 70 : 15)}, {(success ? 6 : 4)}, false);

                """);
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.ToString(), connection);
        await command.ExecuteNonQueryAsync();
    }
}
