using Npgsql;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// The extractor computes a block's peak relief in SQL; BlockRules computes it in C# for the block's page. Both must
/// agree on every kind of diary: rounding, pain worse than before, no pre-block pain, no score in the first 2 hours.
/// </summary>
public sealed class PeakReliefSqlTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly (string Segment, int Pre, (int Minutes, int Pain)[] Diary)[] Diaries =
    [
        ("L1-L2", 3, [(30, 2), (60, 1)]),          // 66.666… → 66.7
        ("L2-L3", 0, [(30, 0)]),                   // no pre-block pain: indeterminate
        ("L3-L4", 6, [(180, 0)]),                  // nothing in the first 2 h: indeterminate
        ("L4-L5", 5, [(15, 7), (240, 6)]),         // worse: −20.0
        ("L5-S1", 7, [(120, 0), (1440, 7)]),       // 2 h exactly is early enough: 100.0
        ("T10-T11", 9, [(30, 8), (60, 2), (90, 4)]), // 77.8
    ];

    [Fact]
    public async Task Peak_relief_from_SQL_matches_BlockRules()
    {
        var clinicId = await app.ClinicAsync("EDGE");
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            for (var i = 0; i < Diaries.Length; i++)
            {
                var (segment, pre, diary) = Diaries[i];
                var sql = $"""
                    INSERT INTO patients (id, clinic_id, mrn, family_name, given_name, date_of_birth, sex, reminder_consent, preferred_channel, time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key)
                    VALUES ({900 + i}, {clinicId}, 'EDGE-{i}', 'Edge', 'Case', '1970-01-01', 'Unknown', false, 'None', 'UTC', now(), now(), 'edge-{i}', 'edge', 'case');
                    INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, agent, volume_ml_per_target, sequence, created_at)
                    VALUES ({9000 + i}, {clinicId}, {900 + i}, 'DiagnosticBlock', now() - interval '10 days', 'Dr Edge', 'Fluoroscopy', true, 'None', {pre}, 'MedialBranch', 'Lidocaine', 0.5, 'Single', now());
                    INSERT INTO procedure_targets (procedure_id, segment, side) VALUES ({9000 + i}, '{segment}', 'Right');
                    INSERT INTO block_diary_scores (procedure_id, minutes_after, pain) VALUES {string.Join(", ", diary.Select(d => $"({9000 + i}, {d.Minutes}, {d.Pain})"))};
                    """;
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var data = await scope.ServiceProvider.GetRequiredService<ReportDataExtractor>().ExtractAsync(new ReportFilters { ClinicIds = [clinicId] });

        Assert.Equal(Diaries.Length, data.Cases.Count);
        foreach (var (segment, pre, diary) in Diaries)
        {
            var expected = BlockRules.Analyse(new PainDiary(pre, [.. diary.Select(d => new DiaryEntry(TimeSpan.FromMinutes(d.Minutes), d.Pain))]), ReliefThreshold.Default);
            var sql = data.Cases.Single(c => c.Segment.Code == segment).FirstBlockPeakReliefPercent;
            Assert.Equal(expected.Classification == BlockClassification.Indeterminate ? null : expected.PeakReliefPercent, sql);
        }
    }
}
