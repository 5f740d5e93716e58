using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Reports;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

/// <summary>
/// The rules that SQL and C# both need are written once, in the Domain, and put into the database's functions and
/// the report's queries (Data/DatabaseRules.cs). These tests prove the database applies them as the Domain does:
/// the comparative-pair rule for every pair of agents, the 3-month reading for every day of and around its window,
/// and the diary's early window at its edge.
/// </summary>
public sealed class DatabaseRulesTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset BaseDate = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static string T(DateTimeOffset t) => $"'{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'";

    private static string Patient(int id, int clinicId) => $"""
        INSERT INTO patients (id, clinic_id, mrn, family_name, given_name, date_of_birth, sex, reminder_consent, preferred_channel, time_zone, created_at, updated_at, mrn_key, family_name_key, given_name_key)
        VALUES ({id}, {clinicId}, 'RULE-{id}', 'Rule', 'Case', '1970-01-01', 'Unknown', false, 'None', 'UTC', now(), now(), 'rule-{id}', 'rule', 'case');

        """;

    private static string Block(int id, int clinicId, int patientId, DateTimeOffset at, BlockAgent agent, string sequence, int? partnerId,
        IEnumerable<(int Minutes, int Pain)> diary) => $"""
        INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, technique, agent, volume_ml_per_target, sequence, partner_procedure_id, created_at)
        VALUES ({id}, {clinicId}, {patientId}, 'DiagnosticBlock', {T(at)}, 'Dr Rule', 'Fluoroscopy', true, 'None', 8, 'MedialBranch', '{agent}', 0.5, '{sequence}', {(partnerId?.ToString(CultureInfo.InvariantCulture) ?? "NULL")}, now());
        INSERT INTO procedure_targets (procedure_id, segment, side) VALUES ({id}, 'T12-L1', 'Left');
        INSERT INTO block_diary_scores (procedure_id, minutes_after, pain) VALUES {string.Join(", ", diary.Select(d => $"({id}, {d.Minutes}, {d.Pain})"))};

        """;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Both blocks positive at 50 % (pre-procedure pain 8); relief lasts to 60 minutes after one, to 240 after the other.
    private static readonly (int Minutes, int Pain)[] Brief = [(30, 1), (60, 1), (120, 8)];
    private static readonly (int Minutes, int Pain)[] Lasting = [(30, 1), (240, 1), (480, 8)];

    [Fact]
    public async Task The_report_judges_every_pair_of_agents_as_BlockRules_does()
    {
        var clinicId = await app.ClinicAsync("PAIRS");
        var agents = Enum.GetValues<BlockAgent>();
        var pairs = (from first in agents from confirm in agents from confirmLastsLonger in new[] { true, false }
                     select (First: first, Confirm: confirm, ConfirmLastsLonger: confirmLastsLonger)).ToList();
        var sql = new StringBuilder();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (first, confirm, confirmLastsLonger) = pairs[i];
            var patientId = 7_000 + i;
            sql.Append(Patient(patientId, clinicId))
               .Append(Block(70_000 + 2 * i, clinicId, patientId, BaseDate, first, "FirstOfComparativePair", null, confirmLastsLonger ? Brief : Lasting))
               .Append(Block(70_000 + 2 * i + 1, clinicId, patientId, BaseDate.AddDays(7), confirm, "Confirmatory", 70_000 + 2 * i, confirmLastsLonger ? Lasting : Brief));
        }
        await ExecuteAsync(sql.ToString());

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var data = await scope.ServiceProvider.GetRequiredService<ReportDataExtractor>().ExtractAsync(new ReportFilters { ClinicIds = [clinicId] });

        // Patient keys are ranks in patient id order, as the patients were written.
        var cases = data.Cases.OrderBy(c => c.PatientKey).ToList();
        Assert.Equal(pairs.Count, cases.Count);
        var threshold = ReliefThreshold.Default;
        var judged = pairs.Select((p, i) =>
        {
            var (firstDiary, confirmDiary) = p.ConfirmLastsLonger ? (Brief, Lasting) : (Lasting, Brief);
            var domain = BlockRules.EvaluatePair(p.First, BlockRules.Analyse(Diary(firstDiary), threshold), p.Confirm, BlockRules.Analyse(Diary(confirmDiary), threshold)).Outcome;
            bool? expected = domain switch
            {
                PairConcordance.Concordant => true,
                PairConcordance.DiscordantPositive => false,
                PairConcordance.Indeterminate => null,
                _ => throw new InvalidOperationException($"both blocks are positive, yet {domain}"),
            };
            return (Pair: $"{p.First} then {p.Confirm}, {(p.ConfirmLastsLonger ? "confirmatory" : "first")} lasting longer", Expected: expected, Database: cases[i].PairDurationsConcordant);
        }).ToList();
        Assert.All(judged, j => Assert.True(j.Expected == j.Database, $"{j.Pair}: the Domain says {j.Expected?.ToString() ?? "not comparable"}, the report {j.Database?.ToString() ?? "not comparable"}"));
        // The rule is not vacuous: some pairs are concordant, some discordant, some not comparable.
        Assert.Contains(judged, j => j.Expected == true);
        Assert.Contains(judged, j => j.Expected == false);
        Assert.Contains(judged, j => j.Expected is null);
    }

    // Pre-procedure pain 8, both diaries on one grid of times: relief of at least 80% (pain 1 or less) lasts to 60
    // minutes after the first and to 240 after the second; relief of at least 50% (pain 4 or less) to 360 and to 240:
    // the order reverses between 60% and 50%. (On one grid the report's "last time relief held" and BlockRules' "time
    // by which it fell below" order the two blocks alike.)
    private static readonly (int Minutes, int Pain)[] LongAtFiftyShortAtEighty = [(30, 1), (60, 1), (120, 3), (180, 3), (240, 4), (300, 4), (360, 4), (480, 8)];
    private static readonly (int Minutes, int Pain)[] SteadyTo240 = [(30, 1), (60, 1), (120, 1), (180, 1), (240, 1), (300, 8), (360, 8), (480, 8)];

    [Fact]
    public async Task The_report_judges_a_pair_again_at_each_threshold_as_BlockRules_does()
    {
        var clinicId = await app.ClinicAsync("PAIRS-BY-THRESHOLD");
        // Lidocaine then bupivacaine, and bupivacaine then lidocaine, with each diary on either block.
        var pairs = new[]
        {
            (First: BlockAgent.Lidocaine, FirstDiary: LongAtFiftyShortAtEighty, Confirm: BlockAgent.Bupivacaine, ConfirmDiary: SteadyTo240),
            (First: BlockAgent.Lidocaine, FirstDiary: SteadyTo240, Confirm: BlockAgent.Bupivacaine, ConfirmDiary: LongAtFiftyShortAtEighty),
            (First: BlockAgent.Bupivacaine, FirstDiary: LongAtFiftyShortAtEighty, Confirm: BlockAgent.Lidocaine, ConfirmDiary: SteadyTo240),
            (First: BlockAgent.Bupivacaine, FirstDiary: SteadyTo240, Confirm: BlockAgent.Lidocaine, ConfirmDiary: LongAtFiftyShortAtEighty),
        };
        var sql = new StringBuilder();
        for (var i = 0; i < pairs.Length; i++)
        {
            var patientId = 6_500 + i;
            sql.Append(Patient(patientId, clinicId))
               .Append(Block(65_000 + 2 * i, clinicId, patientId, BaseDate, pairs[i].First, "FirstOfComparativePair", null, pairs[i].FirstDiary))
               .Append(Block(65_000 + 2 * i + 1, clinicId, patientId, BaseDate.AddDays(7), pairs[i].Confirm, "Confirmatory", 65_000 + 2 * i, pairs[i].ConfirmDiary));
        }
        await ExecuteAsync(sql.ToString());

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var filters = new ReportFilters { ClinicIds = [clinicId] };
        var cases = (await scope.ServiceProvider.GetRequiredService<ReportDataExtractor>().ExtractAsync(filters)).Cases.OrderBy(c => c.PatientKey).ToList();
        var judgedBoth = new HashSet<bool>();
        foreach (var percent in ReportDataExtractor.ConcordanceThresholds(filters))
        {
            var threshold = ReliefThreshold.Create(percent);
            for (var i = 0; i < pairs.Length; i++)
            {
                var (first, confirm) = (BlockRules.Analyse(Diary(pairs[i].FirstDiary), threshold), BlockRules.Analyse(Diary(pairs[i].ConfirmDiary), threshold));
                var domain = BlockRules.EvaluatePair(pairs[i].First, first, pairs[i].Confirm, confirm).Outcome;
                if (domain is not (PairConcordance.Concordant or PairConcordance.DiscordantPositive))
                {
                    continue; // a block negative at this threshold: the pair is negative whatever the durations
                }
                var expected = domain == PairConcordance.Concordant;
                Assert.True(expected == cases[i].ConcordantAt(threshold),
                    $"pair {i} at {threshold}: the Domain says {domain}, the report {cases[i].ConcordantAt(threshold)?.ToString() ?? "not comparable"}");
                judgedBoth.Add(expected);
            }
        }
        // Not vacuous: at one threshold a pair is concordant, at another discordant.
        Assert.Equal(2, judgedBoth.Count);
        Assert.Equal(false, cases[0].ConcordantAt(ReliefThreshold.Fifty));
        Assert.Equal(true, cases[0].ConcordantAt(ReliefThreshold.Eighty));
    }

    private static int? PainAt(int position) => position == 0 ? 2 : 7;

    private static PainDiary Diary((int Minutes, int Pain)[] scores) =>
        new(8, [.. scores.Select(s => new DiaryEntry(TimeSpan.FromMinutes(s.Minutes), s.Pain))]);

    [Fact]
    public async Task Procedure_facts_take_the_3_month_reading_and_the_early_window_as_the_Domain_does()
    {
        var clinicId = await app.ClinicAsync("WINDOW");
        // Every day of the window and two weeks either side, alone; and every pair of days at its edges and around its
        // target, where the nearer (or, equally near, the earlier) must win.
        var around = new[] { ThreeMonthReading.MinDays - 1, ThreeMonthReading.MinDays, ThreeMonthReading.MinDays + 1,
            ThreeMonthReading.TargetDays - 6, ThreeMonthReading.TargetDays - 1, ThreeMonthReading.TargetDays, ThreeMonthReading.TargetDays + 1,
            ThreeMonthReading.TargetDays + 6, ThreeMonthReading.MaxDays - 1, ThreeMonthReading.MaxDays, ThreeMonthReading.MaxDays + 1 };
        var sets = Enumerable.Range(ThreeMonthReading.MinDays - 14, ThreeMonthReading.MaxDays - ThreeMonthReading.MinDays + 29).Select(d => new[] { d })
            .Concat(from a in around from b in around where a < b select new[] { a, b })
            .ToList();
        var earlyEdge = (int)BlockRules.EarlyWindow.TotalMinutes;
        var diaries = new[] { earlyEdge - 1, earlyEdge, earlyEdge + 1 };

        var sql = new StringBuilder();
        for (var i = 0; i < sets.Count; i++)
        {
            var (patientId, rfId) = (8_000 + i, 80_000 + i);
            sql.Append(Patient(patientId, clinicId)).Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO procedures (id, clinic_id, patient_id, kind, performed_at, operator_name, guidance, consent_recorded, complication, pre_pain, rf_mode, temperature_c, lesion_seconds, lesions_per_nerve, created_at)
                VALUES ({rfId}, {clinicId}, {patientId}, 'RfDenervation', {T(BaseDate)}, 'Dr Rule', 'Fluoroscopy', true, 'None', 8, 'ConventionalThermal', 80, 90, 2, now());
                INSERT INTO procedure_targets (procedure_id, segment, side) VALUES ({rfId}, 'T12-L1', 'Left');

                """);
            foreach (var (days, position) in sets[i].Select((d, k) => (d, k)))
            {
                // The pain tells which follow-up was read: 2 for the first day of the set, 7 for the second.
                var at = BaseDate.AddDays(days);
                sql.Append(CultureInfo.InvariantCulture, $"""
                    INSERT INTO follow_ups (clinic_id, patient_id, procedure_id, label, days_after, window_days_before, window_days_after, due_at, opens_at, closes_at, status, answered_at, answered_via, pain, relief_percent, pgic, other_treatment)
                    VALUES ({clinicId}, {patientId}, {rfId}, 'day {days}', {days}, 14, 14, {T(at)}, {T(at.AddDays(-14))}, {T(at.AddDays(14))}, 'Answered', {T(at)}, 'Patient', {PainAt(position)}, 50, 5, false);

                    """);
            }
        }
        for (var i = 0; i < diaries.Length; i++)
        {
            var patientId = 9_000 + i;
            sql.Append(Patient(patientId, clinicId)).Append(Block(90_000 + i, clinicId, patientId, BaseDate, BlockAgent.Lidocaine, "Single", null, [(diaries[i], 2)]));
        }
        await ExecuteAsync(sql.ToString());

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var facts = new Dictionary<int, (int? NearPain, bool? Early)>();
        await using (var command = new NpgsqlCommand($"SELECT f.procedure_id, f.near_pain, f.diary_early FROM procedure_facts f JOIN procedures p ON p.id = f.procedure_id WHERE p.clinic_id = {clinicId}", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                facts[reader.GetInt32(0)] = (reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetBoolean(2));
            }
        }

        Assert.All(sets.Select((days, i) => (Days: days, Facts: facts[80_000 + i])), s =>
        {
            var chosen = ThreeMonthReading.Choose(s.Days);
            Assert.True((chosen is null ? null : PainAt(Array.IndexOf(s.Days, chosen.Value))) == s.Facts.NearPain,
                $"answered on days {string.Join(" and ", s.Days)}: the Domain reads day {chosen?.ToString(CultureInfo.InvariantCulture) ?? "none"}, the database the pain {s.Facts.NearPain?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        });
        Assert.All(diaries.Select((minutes, i) => (Minutes: minutes, Facts: facts[90_000 + i])), d =>
            Assert.True(TimeSpan.FromMinutes(d.Minutes) <= BlockRules.EarlyWindow == d.Facts.Early,
                $"a diary whose only score is at {d.Minutes} minutes: the database says early = {d.Facts.Early}"));
    }
}
