using Npgsql;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Reports;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// block_cases (db/functions/refresh_block_cases.sql) holds the criterion-4 case pairing, kept by triggers. The cases the report
/// extracts from it must equal the cases paired from every procedure at report time (the extraction's former query,
/// kept here as the reference), under every filter, after every kind of write that can change a pairing.
/// </summary>
public sealed class BlockCasesTests(OutcomeReportFixture app) : IClassFixture<OutcomeReportFixture>
{
    /// <summary>The pairing computed from procedures, targets and procedure_facts at report time.</summary>
    private static readonly string ReferenceSql = DatabaseRules.WithAgentClasses("""
        WITH blocks AS MATERIALIZED (
            SELECT p.id, p.patient_id, p.performed_at, p.agent, p.sequence, p.partner_procedure_id, p.operator_name, t.segment, t.side,
                   p.pre_pain, pf.diary_last_minutes AS last_minutes,
                   CASE WHEN p.pre_pain > 0 AND pf.diary_early THEN round((p.pre_pain - pf.diary_min_pain) * 100.0 / p.pre_pain, 1) END AS peak,
                   CASE WHEN p.pre_pain > 0 THEN coalesce(pf.diary_last_minutes[p.pre_pain * (100 - @threshold) / 100 + 1], 0) ELSE 0 END AS lasting
            FROM procedures p
            JOIN procedure_targets t ON t.procedure_id = p.id
            LEFT JOIN procedure_facts pf ON pf.procedure_id = p.id
            WHERE p.kind = 'DiagnosticBlock' AND p.voided_at IS NULL AND p.clinic_id = ANY(@clinics)
        ),
        firsts AS (
            SELECT DISTINCT ON (b.patient_id, b.segment, b.side) b.*
            FROM blocks b
            WHERE b.sequence IN ('Single', 'FirstOfComparativePair')
              AND (@from::timestamptz IS NULL OR b.performed_at >= @from)
              AND (@to::timestamptz IS NULL OR b.performed_at < @to)
              AND (@operator::text IS NULL OR b.operator_name = @operator)
              AND (@segment::text IS NULL OR b.segment = @segment)
            ORDER BY b.patient_id, b.segment, b.side, b.performed_at, b.id
        ),
        confirms AS (
            SELECT DISTINCT ON (partner_procedure_id, segment, side) *
            FROM blocks WHERE sequence = 'Confirmatory' AND partner_procedure_id IS NOT NULL
            ORDER BY partner_procedure_id, segment, side, performed_at, id
        ),
        placebos AS (
            SELECT DISTINCT ON (partner_procedure_id, segment, side) *
            FROM blocks WHERE sequence = 'PlaceboControlled' AND partner_procedure_id IS NOT NULL
            ORDER BY partner_procedure_id, segment, side, performed_at, id
        ),
        therapies AS (
            SELECT p.id, p.patient_id, p.kind, p.performed_at, t.segment, t.side
            FROM procedures p JOIN procedure_targets t ON t.procedure_id = p.id
            WHERE p.kind IN ('RfDenervation', 'SteroidInjection') AND p.voided_at IS NULL AND p.clinic_id = ANY(@clinics)
              AND (@therapy::text IS NULL OR p.kind = @therapy)
        ),
        therapy AS (
            SELECT DISTINCT ON (f.id, f.segment, f.side) f.id AS first_id, f.segment, f.side, th.id, th.kind
            FROM firsts f JOIN therapies th
              ON th.patient_id = f.patient_id AND th.segment = f.segment AND th.side = f.side AND th.performed_at > f.performed_at
            ORDER BY f.id, f.segment, f.side, th.performed_at, th.id
        )
        SELECT f.patient_id, f.segment, f.side, f.peak, c.peak,
               CASE WHEN c.id IS NULL THEN NULL
                    WHEN f.agent IN ({{ShortActing}}) AND c.agent IN ({{LongActing}}) THEN c.lasting > f.lasting
                    WHEN c.agent IN ({{ShortActing}}) AND f.agent IN ({{LongActing}}) THEN f.lasting > c.lasting
               END,
               pl.peak, th.kind, th.id, f.performed_at,
               -- The pair judged at each threshold of @thresholds (ascending), when the agents differ in duration.
               CASE WHEN c.id IS NULL OR NOT (f.agent IN ({{ShortActing}}) AND c.agent IN ({{LongActing}}) OR c.agent IN ({{ShortActing}}) AND f.agent IN ({{LongActing}})) THEN NULL
                    ELSE (SELECT array_agg(CASE WHEN f.agent IN ({{ShortActing}}) THEN x.confirm_lasting > x.first_lasting ELSE x.first_lasting > x.confirm_lasting END ORDER BY u.percent)
                          FROM unnest(@thresholds::int[]) AS u(percent),
                          LATERAL (SELECT CASE WHEN f.pre_pain > 0 THEN coalesce(f.last_minutes[f.pre_pain * (100 - u.percent) / 100 + 1], 0) ELSE 0 END,
                                          CASE WHEN c.pre_pain > 0 THEN coalesce(c.last_minutes[c.pre_pain * (100 - u.percent) / 100 + 1], 0) ELSE 0 END) AS x(first_lasting, confirm_lasting))
               END
        FROM firsts f
        LEFT JOIN confirms c ON c.partner_procedure_id = f.id AND c.segment = f.segment AND c.side = f.side
        LEFT JOIN placebos pl ON pl.partner_procedure_id = f.id AND pl.segment = f.segment AND pl.side = f.side
        LEFT JOIN therapy th ON th.first_id = f.id AND th.segment = f.segment AND th.side = f.side
        """);

    [Fact]
    public async Task Extracted_cases_equal_the_pairing_of_every_procedure_after_every_kind_of_write()
    {
        var clinicId = await app.DemoClinicAsync("PAIRS", 80);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var inClinic = $"clinic_id = {clinicId}";
        var blocks = $"SELECT id FROM procedures WHERE {inClinic} AND kind = 'DiagnosticBlock'";
        var therapies = $"SELECT id FROM procedures WHERE {inClinic} AND kind <> 'DiagnosticBlock'";
        await AssertSameCasesAsync(connection, clinicId, "after the demo seed");

        foreach (var sql in new[]
        {
            // Voids: a confirmatory or placebo partner, a first block (its partner's case then has none), a therapy.
            $"UPDATE procedures SET voided_at = now(), voided_by_name = 'Test', void_reason = 'test' WHERE {inClinic} AND sequence IN ('Confirmatory', 'PlaceboControlled') AND id % 3 = 0",
            $"UPDATE procedures SET voided_at = now(), voided_by_name = 'Test', void_reason = 'test' WHERE {inClinic} AND sequence IN ('Single', 'FirstOfComparativePair') AND id % 7 = 0",
            $"UPDATE procedures SET voided_at = now(), voided_by_name = 'Test', void_reason = 'test' WHERE id IN ({therapies}) AND id % 4 = 0",
            // Un-voiding (plain SQL can), and corrections of time: a therapy moved before its block, a block moved later.
            $"UPDATE procedures SET voided_at = NULL, voided_by_name = NULL, void_reason = NULL WHERE {inClinic} AND voided_at IS NOT NULL AND id % 2 = 0",
            $"UPDATE procedures SET performed_at = performed_at - interval '400 days' WHERE id IN ({therapies}) AND id % 5 = 1",
            $"UPDATE procedures SET performed_at = performed_at + interval '3 days' WHERE id IN ({blocks}) AND id % 5 = 2",
            // Agent, operator and pre-procedure pain corrected.
            $"UPDATE procedures SET agent = CASE agent WHEN 'Lidocaine' THEN 'Bupivacaine' ELSE 'Lidocaine' END WHERE id IN ({blocks}) AND agent <> 'Saline' AND id % 3 = 1",
            $"UPDATE procedures SET operator_name = 'Dr Moved', pre_pain = greatest(pre_pain - 3, 0) WHERE {inClinic} AND id % 6 = 0",
            // Targets: a side changed, a segment added to a therapy, a target removed.
            $"UPDATE procedure_targets SET side = CASE side WHEN 'Left' THEN 'Right' ELSE 'Left' END WHERE procedure_id IN ({blocks}) AND procedure_id % 9 = 0",
            $"INSERT INTO procedure_targets (procedure_id, segment, side) SELECT t.procedure_id, 'T12-L1', t.side FROM procedure_targets t WHERE t.procedure_id IN ({therapies}) AND t.segment <> 'T12-L1' AND t.procedure_id % 2 = 0 ON CONFLICT DO NOTHING",
            $"DELETE FROM procedure_targets t WHERE t.procedure_id IN ({blocks}) AND t.procedure_id % 11 = 0 AND EXISTS (SELECT 1 FROM procedure_targets o WHERE o.procedure_id = t.procedure_id AND (o.segment, o.side) <> (t.segment, t.side))",
            // Diaries (through procedure_facts): scores changed and removed.
            $"UPDATE block_diary_scores SET pain = 10 - pain WHERE procedure_id IN ({blocks}) AND procedure_id % 2 = 0",
            $"DELETE FROM block_diary_scores WHERE procedure_id IN ({blocks}) AND procedure_id % 13 = 0",
            // A new first block, earlier than the others of its patient, with a confirmatory partner logged later.
            $"""
            INSERT INTO procedures (clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, agent, volume_ml_per_target, sequence, created_at)
            SELECT clinic_id, patient_id, kind, performed_at - interval '30 days', operator_name, guidance, consent_recorded, complication, pre_pain, technique, 'Lidocaine', volume_ml_per_target, 'FirstOfComparativePair', now()
            FROM procedures WHERE id IN ({blocks}) AND sequence IN ('Single', 'FirstOfComparativePair') AND id % 4 = 3
            """,
            $"INSERT INTO procedure_targets (procedure_id, segment, side) SELECT p.id, 'L4-L5', 'Left' FROM procedures p WHERE p.{inClinic} AND p.kind = 'DiagnosticBlock' AND NOT EXISTS (SELECT 1 FROM procedure_targets t WHERE t.procedure_id = p.id)",
            $"INSERT INTO block_diary_scores (procedure_id, minutes_after, pain) SELECT p.id, m, 1 FROM procedures p, unnest(ARRAY[15, 60, 240]) m WHERE p.id IN ({blocks}) AND NOT EXISTS (SELECT 1 FROM block_diary_scores d WHERE d.procedure_id = p.id)",
            $"""
            INSERT INTO procedures (clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, agent, volume_ml_per_target, sequence, partner_procedure_id, created_at)
            SELECT p.clinic_id, p.patient_id, p.kind, p.performed_at + interval '7 days', p.operator_name, p.guidance, p.consent_recorded, p.complication, p.pre_pain, p.technique, 'Bupivacaine', p.volume_ml_per_target, 'Confirmatory', p.id, now()
            FROM procedures p WHERE p.id IN ({blocks}) AND p.sequence = 'FirstOfComparativePair' AND NOT EXISTS (SELECT 1 FROM procedures c WHERE c.partner_procedure_id = p.id)
            """,
            $"INSERT INTO procedure_targets (procedure_id, segment, side) SELECT c.id, t.segment, t.side FROM procedures c JOIN procedure_targets t ON t.procedure_id = c.partner_procedure_id WHERE c.{inClinic} AND NOT EXISTS (SELECT 1 FROM procedure_targets o WHERE o.procedure_id = c.id)",
        })
        {
            await using (var command = new NpgsqlCommand(sql, connection))
            {
                await command.ExecuteNonQueryAsync();
            }
            await AssertSameCasesAsync(connection, clinicId, $"after {sql[..Math.Min(sql.Length, 90)]}…");
        }
    }

    /// <summary>
    /// Two transactions change procedures of the same patient at once (a therapy's time corrected, a partner block
    /// voided): the later commit must leave the pairing of both changes, which its own statements could not see.
    /// </summary>
    [Fact]
    public async Task Concurrent_changes_to_one_patients_procedures_both_reach_the_pairing()
    {
        var clinicId = await app.DemoClinicAsync("PAIRRACE", 40);
        await using var first = new NpgsqlConnection(app.ConnectionString);
        await using var second = new NpgsqlConnection(app.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        // A patient with a therapy and a partner block.
        var patientId = (int)(await Sql.ScalarAsync(first, $"""
            SELECT c.patient_id FROM procedures c JOIN procedures th ON th.patient_id = c.patient_id AND th.kind <> 'DiagnosticBlock'
            WHERE c.clinic_id = {clinicId} AND c.partner_procedure_id IS NOT NULL ORDER BY c.patient_id LIMIT 1
            """))!;

        await using var t1 = await first.BeginTransactionAsync();
        await Sql.ScalarAsync(first, $"UPDATE procedures SET performed_at = performed_at - interval '5 years' WHERE patient_id = {patientId} AND kind <> 'DiagnosticBlock'", t1);
        await using var t2 = await second.BeginTransactionAsync();
        var waiting = Sql.ScalarAsync(second, $"UPDATE procedures SET voided_at = now(), voided_by_name = 'Race', void_reason = 'race' WHERE patient_id = {patientId} AND partner_procedure_id IS NOT NULL", t2);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the second change waits for the first: one refresh of a patient at a time");
        await t1.CommitAsync();
        await waiting;
        await t2.CommitAsync();

        Assert.Equal(0L, await Sql.ScalarAsync(first, $"SELECT count(*) FROM block_cases WHERE patient_id = {patientId} AND (therapy_id IS NOT NULL OR confirm_id IS NOT NULL OR placebo_id IS NOT NULL)"));
        await AssertSameCasesAsync(first, clinicId, "after two concurrent changes");
    }

    private async Task AssertSameCasesAsync(NpgsqlConnection connection, int clinicId, string when)
    {
        var now = DateTimeOffset.UtcNow;
        var filters = new ReportFilters[]
        {
            new() { ClinicIds = [clinicId] },
            new() { ClinicIds = [clinicId], ThresholdPercent = 80 },
            new() { ClinicIds = [clinicId], Kind = ProcedureKind.RfDenervation },
            new() { ClinicIds = [clinicId], Kind = ProcedureKind.SteroidInjection, Segment = "L4-L5" },
            new() { ClinicIds = [clinicId], From = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-200)), To = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-20)) },
            new() { ClinicIds = [clinicId], Operator = "Dr Moved" },
        };
        var casesSql = ReportDataExtractor.Lanes[0].Single(s => s.Name == "cases").Sql;
        var total = 0;
        foreach (var filter in filters)
        {
            var expected = await RowsAsync(connection, ReferenceSql, filter, now);
            var actual = await RowsAsync(connection, casesSql, filter, now);
            Assert.True(expected.SequenceEqual(actual), $"{when}, filters {filter.ThresholdPercent} % {filter.Kind} {filter.SegmentCode} {filter.From}–{filter.To} {filter.OperatorName}: "
                + $"{expected.Count} cases paired from every procedure, {actual.Count} extracted; first difference: "
                + $"{expected.Except(actual).FirstOrDefault()} / {actual.Except(expected).FirstOrDefault()}");
            total += actual.Count;
        }
        Assert.True(total > 20, $"{when}: the clinic has cases ({total})");
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string sql, ReportFilters filters, DateTimeOffset now)
    {
        await using var command = ReportDataExtractor.Command(connection, sql, filters, now);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-"
                : reader.GetValue(i) is Array array ? "[" + string.Join(",", array.Cast<object?>()) + "]"
                : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
