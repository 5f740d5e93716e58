using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Infrastructure.Demo;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// The quality-improvement figures PostgreSQL aggregates (counts by kind, protocol point and pain score, turned into
/// quartiles by the Domain) equal the same figures computed here from every row, loaded through EF Core.
/// </summary>
public sealed class QualityFigureExtractionTests(OutcomeReportFixture app) : IClassFixture<OutcomeReportFixture>
{
    [Fact]
    public async Task Counted_figures_equal_those_computed_from_every_row_of_the_demo_clinic()
    {
        var clinicId = await app.ClinicAsync("DEMO");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await new DemoClinicWriter(db, TimeProvider.System).SeedAsync(clinicId, 200);

        var data = await scope.ServiceProvider.GetRequiredService<ReportDataExtractor>().ExtractAsync(new ReportFilters { ClinicIds = [clinicId] });

        var procedures = await db.Procedures.AsNoTracking().Where(p => p.ClinicId == clinicId && p.VoidedAt == null)
            .Select(p => new { p.Id, p.Kind, p.PrePain, p.Complication, Segments = p.Targets.Select(t => t.Segment).Distinct().Count() }).ToListAsync();
        var kinds = procedures.ToDictionary(p => p.Id, p => p.Kind.ToString());
        var followUps = (await db.FollowUps.AsNoTracking().Where(f => f.ClinicId == clinicId && f.Status != FollowUpStatus.Cancelled)
            .Select(f => new { f.ProcedureId, f.Label, f.DaysAfter, f.Status, f.Pain }).ToListAsync())
            .Where(f => kinds.ContainsKey(f.ProcedureId)).ToList();
        Assert.True(followUps.Count(f => f.Status == FollowUpStatus.Answered) > 100, "the demo clinic has answered follow-ups");

        var expectedPain = procedures.GroupBy(p => p.Kind.ToString())
            .Select(g => (Kind: g.Key, Label: "before", DaysAfter: 0, Pain: Descriptive.MedianAndQuartiles(g.Select(p => (double)p.PrePain))))
            .Concat(followUps.Where(f => f.Status == FollowUpStatus.Answered && f.Pain is not null)
                .GroupBy(f => (Kind: kinds[f.ProcedureId], f.Label, f.DaysAfter))
                .Select(g => (g.Key.Kind, g.Key.Label, g.Key.DaysAfter, Pain: Descriptive.MedianAndQuartiles(g.Select(f => (double)f.Pain!.Value)))))
            .OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.DaysAfter).ToList();
        Assert.Equal(expectedPain, data.Pain.Select(p => (p.Kind, p.Label, p.DaysAfter, p.Pain)).ToList());

        var answered = followUps.Where(f => f.Status == FollowUpStatus.Answered).GroupBy(f => (kinds[f.ProcedureId], f.Label, f.DaysAfter))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(data.Completion, c => Assert.Equal(answered.GetValueOrDefault((c.Kind, c.Label, c.DaysAfter)), c.Completed));
        Assert.Equal(followUps.Select(f => (kinds[f.ProcedureId], f.Label, f.DaysAfter)).Distinct().Count(), data.Completion.Count);

        Assert.Equal(
            procedures.GroupBy(p => p.Kind.ToString()).Select(g => (g.Key, g.Count(p => p.Complication != Complication.None), g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal),
            data.Complications.Select(c => (c.Kind, c.WithComplication, c.Procedures)));
        Assert.Equal(procedures.Count, data.ProceduresInScope);
        Assert.Equal(procedures.Sum(p => p.Segments), data.Volume.Sum(v => v.Procedures));
    }

    /// <summary>
    /// procedure_facts, kept by triggers, equals the facts computed here from the scores themselves after every kind
    /// of write: the demo seed's COPY, single and multi-row inserts, updates of pain, time and status, and deletes.
    /// </summary>
    [Fact]
    public async Task Procedure_facts_follow_every_write_to_diaries_and_follow_ups()
    {
        var clinicId = await app.DemoClinicAsync("FACTS", 60);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await AssertFactsAsync(connection, clinicId);

        foreach (var sql in new[]
        {
            $"UPDATE block_diary_scores SET pain = 10 - pain WHERE procedure_id IN (SELECT id FROM procedures WHERE clinic_id = {clinicId}) AND minutes_after <= 60",
            $"UPDATE block_diary_scores SET minutes_after = minutes_after + 1000 WHERE minutes_after = 15 AND procedure_id IN (SELECT id FROM procedures WHERE clinic_id = {clinicId} AND id % 3 = 0)",
            $"DELETE FROM block_diary_scores WHERE minutes_after >= 240 AND procedure_id IN (SELECT id FROM procedures WHERE clinic_id = {clinicId} AND id % 2 = 0)",
            $"DELETE FROM block_diary_scores WHERE procedure_id = (SELECT min(procedure_id) FROM block_diary_scores d JOIN procedures p ON p.id = d.procedure_id WHERE p.clinic_id = {clinicId})",
            $"UPDATE follow_ups SET pain = (pain + 4) % 11 WHERE clinic_id = {clinicId} AND status = 'Answered' AND id % 2 = 0",
            $"UPDATE follow_ups SET status = 'Answered', answered_at = now(), answered_via = 'Phone', pain = 6, relief_percent = 20, pgic = 3, other_treatment = false WHERE clinic_id = {clinicId} AND status IN ('Scheduled', 'Missed') AND id % 2 = 1",
            $"UPDATE follow_ups SET status = 'Missed', answered_at = NULL, answered_via = NULL, pain = NULL, relief_percent = NULL, pgic = NULL, other_treatment = NULL WHERE clinic_id = {clinicId} AND status = 'Answered' AND id % 5 = 0",
            $"UPDATE procedures SET pre_pain = 0 WHERE clinic_id = {clinicId} AND id % 4 = 0",
        })
        {
            await using (var command = new NpgsqlCommand(sql, connection))
            {
                await command.ExecuteNonQueryAsync();
            }
            await AssertFactsAsync(connection, clinicId);
        }
    }

    /// <summary>
    /// Two transactions answer follow-ups of the same procedure at once (a patient on the web, a coordinator on the
    /// phone): the facts the later commit leaves must include the earlier answer, which its own statement could not see.
    /// </summary>
    [Fact]
    public async Task Concurrent_answers_for_one_procedure_both_reach_its_facts()
    {
        var clinicId = await app.DemoClinicAsync("RACE", 20);
        await using var first = new NpgsqlConnection(app.ConnectionString);
        await using var second = new NpgsqlConnection(app.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        // A procedure with two follow-ups not yet answered.
        var procedureId = (int)(await Sql.ScalarAsync(first, $"""
            SELECT procedure_id FROM follow_ups WHERE clinic_id = {clinicId} AND status <> 'Answered'
            GROUP BY procedure_id HAVING count(*) >= 2 ORDER BY procedure_id LIMIT 1
            """))!;
        var ids = await Sql.ScalarAsync(first, $"SELECT array_agg(id ORDER BY days_after DESC) FROM follow_ups WHERE procedure_id = {procedureId} AND status <> 'Answered'") as long[];
        string Answer(long id) =>
            $"UPDATE follow_ups SET status = 'Answered', answered_at = now(), answered_via = 'Phone', answered_by_name = 'Race', pain = 9, relief_percent = 0, pgic = 4, other_treatment = false WHERE id = {id}";

        await using var t1 = await first.BeginTransactionAsync();
        await Sql.ScalarAsync(first, Answer(ids![0]), t1); // the later follow-up: the last answered day
        await using var t2 = await second.BeginTransactionAsync();
        var waiting = Sql.ScalarAsync(second, Answer(ids[1]), t2); // waits for the first transaction
        await Task.Delay(300);
        await t1.CommitAsync();
        await waiting;
        await t2.CommitAsync();

        Assert.Equal(2, (long)(await Sql.ScalarAsync(first, $"SELECT count(*) FROM follow_ups WHERE procedure_id = {procedureId} AND answered_by_name = 'Race'"))!);
        await AssertFactsAsync(first, clinicId, atLeast: 10);
    }

    private static async Task AssertFactsAsync(NpgsqlConnection connection, int clinicId, int atLeast = 50)
    {
        async Task<List<T>> Read<T>(string sql, Func<NpgsqlDataReader, T> map)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(map(reader));
            }
            return rows;
        }
        int? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        string Join(IEnumerable<int?> values) => string.Join(",", values.Select(v => v?.ToString() ?? "-"));

        var diary = (await Read($"SELECT d.procedure_id, d.minutes_after, d.pain FROM block_diary_scores d JOIN procedures p ON p.id = d.procedure_id WHERE p.clinic_id = {clinicId}",
            r => (Id: r.GetInt32(0), Minutes: r.GetInt32(1), Pain: r.GetInt32(2)))).ToLookup(d => d.Id);
        var answered = (await Read($"SELECT procedure_id, days_after, pain, relief_percent FROM follow_ups WHERE clinic_id = {clinicId} AND status = 'Answered'",
            r => (Id: r.GetInt32(0), Days: r.GetInt32(1), Pain: Int(r, 2), Relief: Int(r, 3)))).ToLookup(f => f.Id);
        var facts = (await Read($"""
            SELECT f.procedure_id, f.diary_min_pain, f.diary_early, f.diary_last_minutes, f.answered_last_days, f.answered_first_days_pain_above,
                   f.answered_first_days_relief_below_50, f.near_pain, f.near_relief
            FROM procedure_facts f JOIN procedures p ON p.id = f.procedure_id WHERE p.clinic_id = {clinicId}
            """, r => (Id: r.GetInt32(0), Text: string.Join(" | ",
                Join([Int(r, 1)]), r.IsDBNull(2) ? "-" : r.GetBoolean(2).ToString(),
                r.IsDBNull(3) ? "-" : Join(r.GetFieldValue<int[]>(3).Select(v => (int?)v)), Join([Int(r, 4)]),
                r.IsDBNull(5) ? "-" : Join(r.GetFieldValue<int?[]>(5)), Join([Int(r, 6), Int(r, 7), Int(r, 8)])))))
            .Where(f => diary.Contains(f.Id) || answered.Contains(f.Id) || f.Text != "- | - | - | - | - | -,-,-")
            .ToDictionary(f => f.Id, f => f.Text);

        var expected = diary.Select(d => d.Key).Union(answered.Select(f => f.Key)).ToDictionary(id => id, id =>
        {
            var d = diary[id].ToList();
            var f = answered[id].ToList();
            var nearest = f.FirstOrDefault(x => x.Days == ThreeMonthReading.Choose(f.Select(y => y.Days)));
            return string.Join(" | ",
                Join([d.Count == 0 ? null : d.Min(x => x.Pain)]), d.Count == 0 ? "-" : d.Any(x => TimeSpan.FromMinutes(x.Minutes) <= BlockRules.EarlyWindow).ToString(),
                d.Count == 0 ? "-" : Join(Enumerable.Range(0, 11).Select(k => (int?)d.Where(x => x.Pain <= k).Select(x => x.Minutes).DefaultIfEmpty(0).Max())),
                Join([f.Count == 0 ? null : f.Max(x => x.Days)]),
                f.Count == 0 ? "-" : Join(Enumerable.Range(0, 11).Select(k => f.Where(x => x.Pain > k).Select(x => (int?)x.Days).Min())),
                Join([f.Where(x => x.Relief < 50).Select(x => (int?)x.Days).Min(), f.Count == 0 ? null : nearest.Pain, f.Count == 0 ? null : nearest.Relief]));
        });
        Assert.True(expected.Count >= atLeast, "the demo clinic has diaries and answered follow-ups");
        Assert.Equal(expected.OrderBy(e => e.Key), facts.OrderBy(f => f.Key));
    }
}
