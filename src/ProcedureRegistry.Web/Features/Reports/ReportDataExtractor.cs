using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// Extracts the report's data set with set-based SQL: every join, window and aggregate runs in PostgreSQL and only
/// one row per analysed case (or per group) crosses the wire. The diary and follow-up scores are read through
/// procedure_facts, one row per procedure kept by triggers (db/functions/refresh_procedure_facts.sql), not aggregated
/// again for every report; the criterion-4 pairing of blocks with their partners and later therapies through
/// block_cases, kept the same way (db/functions/refresh_block_cases.sql; BlockCasesTests checks it against the pairing
/// of every procedure); docs/database-rules.md lists them. Peak relief is
/// round((pre − min pain) / pre × 100, 1), indeterminate when pre is 0 or no score falls in the first 2 hours: the same arithmetic as <see cref="BlockRules.Analyse"/>, where reusing BlockRules would mean
/// shipping every diary score (half of all rows) to the app. A test checks the two agree on the same diaries.
/// </summary>
public sealed class ReportDataExtractor(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const double DaysPerMonth = 30.4375;

    // One row per case: the first block of each patient × segment × side in scope (single or first of a pair; the
    // filters pick among the candidate blocks, then the earliest is the case), with its partners and the therapy
    // that followed, all paired beforehand in block_cases. Relief at the threshold lasts until
    // diary_last_minutes[pre × (100 − threshold) / 100 + 1]; a pair of one short- and one long-acting agent (the
    // Domain's AgentDuration of each agent, put in below) is concordant when relief lasts longer after the long-acting one. The patient's id stays in the extraction: it joins the case to the patient's
    // assessment and becomes a rank (the data set's patient key) before anything leaves it; the rows come ordered by
    // patient id, which the ranking relies on. The last column judges a comparable pair again at each threshold of
    // the curve (@thresholds, see ConcordanceThresholds): relief of at least 50% lasts longer than relief of at least
    // 90%, so a pair concordant at one threshold need not be at another (issue 11).
    private static readonly string CasesSql = DatabaseRules.WithAgentClasses("""
        SELECT DISTINCT ON (b.patient_id, b.segment, b.side)
               b.patient_id, b.segment, b.side, b.first_peak, b.confirm_peak,
               CASE WHEN b.confirm_id IS NULL THEN NULL
                    WHEN b.first_agent IN ({{ShortActing}}) AND b.confirm_agent IN ({{LongActing}}) THEN lasting.confirm > lasting.first
                    WHEN b.confirm_agent IN ({{ShortActing}}) AND b.first_agent IN ({{LongActing}}) THEN lasting.first > lasting.confirm
               END,
               b.placebo_peak,
               CASE WHEN @therapy::text IS NULL THEN b.therapy_kind
                    WHEN @therapy = 'RfDenervation' AND b.rf_id IS NOT NULL OR @therapy = 'SteroidInjection' AND b.steroid_id IS NOT NULL THEN @therapy END,
               CASE WHEN @therapy::text IS NULL THEN b.therapy_id WHEN @therapy = 'RfDenervation' THEN b.rf_id ELSE b.steroid_id END,
               b.performed_at,
               CASE WHEN b.confirm_id IS NOT NULL AND (b.first_agent IN ({{ShortActing}}) AND b.confirm_agent IN ({{LongActing}})
                                                     OR b.confirm_agent IN ({{ShortActing}}) AND b.first_agent IN ({{LongActing}}))
                    THEN ARRAY(
                        SELECT CASE WHEN b.first_agent IN ({{ShortActing}}) THEN lasted.confirm > lasted.first ELSE lasted.first > lasted.confirm END
                        FROM unnest(@thresholds::int[]) WITH ORDINALITY AS t(percent, position)
                        CROSS JOIN LATERAL (SELECT
                            CASE WHEN b.first_pre_pain > 0 THEN coalesce(b.first_last_minutes[b.first_pre_pain * (100 - t.percent) / 100 + 1], 0) ELSE 0 END AS first,
                            CASE WHEN b.confirm_pre_pain > 0 THEN coalesce(b.confirm_last_minutes[b.confirm_pre_pain * (100 - t.percent) / 100 + 1], 0) ELSE 0 END AS confirm) lasted
                        ORDER BY t.position)
               END
        FROM block_cases b
        CROSS JOIN LATERAL (SELECT
            CASE WHEN b.first_pre_pain > 0 THEN coalesce(b.first_last_minutes[b.first_pre_pain * (100 - @threshold) / 100 + 1], 0) ELSE 0 END AS first,
            CASE WHEN b.confirm_pre_pain > 0 THEN coalesce(b.confirm_last_minutes[b.confirm_pre_pain * (100 - @threshold) / 100 + 1], 0) ELSE 0 END AS confirm) lasting
        WHERE b.clinic_id = ANY(@clinics)
          AND (@from::timestamptz IS NULL OR b.performed_at >= @from)
          AND (@to::timestamptz IS NULL OR b.performed_at < @to)
          AND (@operator::text IS NULL OR b.operator_name = @operator)
          AND (@segment::text IS NULL OR b.segment = @segment)
        ORDER BY b.patient_id, b.segment, b.side, b.performed_at, b.block_id
        """);

    // Per patient, the latest assessment: radiation below the knee, the level imaging suggested, and the principal
    // territory (most skin signs). Runs on the second connection, beside the case query.
    private const string AssessmentsSql = """
        WITH latest AS (
            SELECT DISTINCT ON (patient_id) id, patient_id, radiates_below_knee, imaging_suggested_segment
            FROM assessments WHERE clinic_id = ANY(@clinics) ORDER BY patient_id, assessed_on DESC, id DESC
        ),
        principal AS (
            SELECT DISTINCT ON (t.assessment_id) t.assessment_id, t.territory
            FROM assessment_territories t JOIN latest l ON l.id = t.assessment_id
            ORDER BY t.assessment_id, t.skin_signs DESC, t.territory
        )
        SELECT l.patient_id, l.radiates_below_knee, l.imaging_suggested_segment, p.territory
        FROM latest l LEFT JOIN principal p ON p.assessment_id = l.id
        """;

    // Per therapy (RF denervation or steroid injection) with answered follow-ups: the relief at the follow-up nearest
    // 3 months, the first follow-up with relief below 50 % (loss of relief) and the last one. Runs beside the case
    // query, on the other connection; the cases name their therapy and take its figures from here.
    private const string TherapyFollowUpsSql = """
        SELECT p.id,
               CASE WHEN p.pre_pain > 0 THEN round((p.pre_pain - pf.near_pain) * 100.0 / p.pre_pain, 1) ELSE pf.near_relief END,
               coalesce(lost.days, pf.answered_last_days), lost.days IS NOT NULL
        FROM procedures p
        JOIN procedure_facts pf ON pf.procedure_id = p.id AND pf.answered_last_days IS NOT NULL
        CROSS JOIN LATERAL (SELECT CASE WHEN p.pre_pain > 0 THEN pf.answered_first_days_pain_above[p.pre_pain / 2 + 1]
                                        ELSE pf.answered_first_days_relief_below_50 END AS days) lost
        WHERE p.kind IN ('RfDenervation', 'SteroidInjection') AND p.voided_at IS NULL AND p.clinic_id = ANY(@clinics)
          AND (@therapy::text IS NULL OR p.kind = @therapy)
        """;

    // The procedures the quality-improvement figures cover.
    private const string ScopeCte = """
        WITH scope AS (
            SELECT p.id, p.patient_id, p.kind, p.performed_at, p.operator_name, p.complication, p.pre_pain
            FROM procedures p
            WHERE p.voided_at IS NULL AND p.clinic_id = ANY(@clinics)
              AND (@from::timestamptz IS NULL OR p.performed_at >= @from)
              AND (@to::timestamptz IS NULL OR p.performed_at < @to)
              AND (@operator::text IS NULL OR p.operator_name = @operator)
              AND (@kind::text IS NULL OR p.kind = @kind)
              AND (@segment::text IS NULL OR EXISTS (SELECT 1 FROM procedure_targets t WHERE t.procedure_id = p.id AND t.segment = @segment))
        )
        """;

    // Procedures in scope counted by kind, pre-procedure pain and complication: the complication rates, the
    // "before" column of the pain trajectories and the number of procedures, in one pass.
    private const string ProceduresSql = ScopeCte + """
        SELECT kind, pre_pain, complication <> 'None', count(*)::int FROM scope GROUP BY 1, 2, 3
        """;

    // Follow-ups of the procedures in scope counted by kind, protocol point and pain: completion (answered / due)
    // and the pain trajectories (quartiles from the counts of each whole score 0–10), in one pass.
    private const string FollowUpsSql = ScopeCte + """
        SELECT s.kind, f.label, f.days_after, f.pain,
               count(*) FILTER (WHERE f.status = 'Answered')::int,
               count(*) FILTER (WHERE f.status IN ('Answered', 'Missed') OR (f.status = 'Scheduled' AND f.closes_at < @now))::int
        FROM follow_ups f JOIN scope s ON s.id = f.procedure_id
        WHERE f.status <> 'Cancelled'
        GROUP BY 1, 2, 3, 4
        """;

    private const string OperatorSql = ScopeCte + """
        , followed AS (
            SELECT s.operator_name,
                   CASE WHEN s.pre_pain > 0 THEN (s.pre_pain - pf.near_pain) * 100.0 / s.pre_pain ELSE pf.near_relief END AS relief
            FROM scope s JOIN procedure_facts pf ON pf.procedure_id = s.id
            WHERE s.kind = 'RfDenervation'
        )
        SELECT operator_name, count(*) FILTER (WHERE relief >= 50)::int, count(*)::int
        FROM followed WHERE relief IS NOT NULL GROUP BY operator_name ORDER BY operator_name
        """;

    // Months are formatted after grouping: to_char on every row cost more than the grouping itself. A procedure counts
    // once per segment: of its targets at one segment (left and right), only the one with the first side is counted,
    // so a plain count(*) by hash replaces count(DISTINCT), which sorted 300,000 rows (0.75 → 0.5 s, measured).
    private const string VolumeSql = ScopeCte + """
        , by_month AS (
            SELECT date_trunc('month', s.performed_at AT TIME ZONE 'UTC') AS month, t.segment, s.kind, count(*) AS procedures
            FROM scope s JOIN procedure_targets t ON t.procedure_id = s.id
            WHERE (@segment::text IS NULL OR t.segment = @segment)
              AND NOT EXISTS (SELECT 1 FROM procedure_targets o WHERE o.procedure_id = t.procedure_id AND o.segment = t.segment AND o.side < t.side)
            GROUP BY 1, 2, 3
        )
        SELECT to_char(month, 'YYYY-MM'), segment, kind, procedures::int FROM by_month ORDER BY 1, 2, 3
        """;

    // The patients of the procedures in scope, counted only up to 5: all the small-cohort rule needs to know
    // (SmallCellSuppression.MinimumCount), so the count can stop early instead of collecting every patient id.
    private const string ScopePatientsSql = ScopeCte + """
        SELECT count(*)::int FROM (SELECT DISTINCT patient_id FROM scope LIMIT 5) p
        """;

    private const string DurabilitySql = ScopeCte + """
        , per_procedure AS (
            SELECT s.id, pf.answered_last_days AS last_days,
                   CASE WHEN s.pre_pain > 0 THEN pf.answered_first_days_pain_above[s.pre_pain / 2 + 1]
                        ELSE pf.answered_first_days_relief_below_50 END AS event_days
            FROM scope s JOIN procedure_facts pf ON pf.procedure_id = s.id AND pf.answered_last_days IS NOT NULL
            WHERE s.kind = 'RfDenervation'
        )
        SELECT t.segment, coalesce(pp.event_days, pp.last_days), pp.event_days IS NOT NULL, count(*)::int
        FROM per_procedure pp JOIN procedure_targets t ON t.procedure_id = pp.id
        WHERE @segment::text IS NULL OR t.segment = @segment
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        """;

    /// <param name="filters">Validated filters whose clinic ids are already restricted to the requester's clinics.</param>
    public async Task<ReportDataSet> ExtractAsync(ReportFilters filters, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        await using var lanes = await SnapshotLanes.OpenAsync(dataSource, cancellationToken);

        // Two connections at the same time, each with about half of the work (see Lanes).
        var firstTask = ReadFirstLaneAsync(lanes.First, filters, now, cancellationToken);
        var secondTask = ReadSecondLaneAsync(lanes.Second, filters, now, cancellationToken);
        // Both finish (or fail) before the connections are disposed, even when one of them fails early.
        await Task.WhenAll(firstTask, secondTask);
        var (caseRows, volume) = await firstTask;
        var (assessments, completion, pain, complications, operators, durability, scopePatients) = await secondTask;
        var rows = caseRows.Select(r => assessments.TryGetValue(r.PatientId, out var assessed)
            ? new CaseRow(r.Case, r.FirstAt, true, assessed.BelowKnee, assessed.Imaging, assessed.Territory)
            : new CaseRow(r.Case, r.FirstAt, false, false, null, null)).ToList();
        var cases = rows.Select(r => r.Case).ToList();

        // Confirmed: first block at or above the primary threshold; per patient, the earliest confirmed case.
        var threshold = ReliefThreshold.Create(filters.ThresholdPercent);
        var confirmedCases = rows.Where(r => threshold.IsMetBy(r.Case.FirstBlockPeakReliefPercent)).ToList();
        var confirmed = confirmedCases.GroupBy(r => r.Case.PatientKey)
            .Select(g => g.OrderBy(r => r.FirstAt).ThenBy(r => r.Case.Segment).First()).ToList();

        // A claim counts only the patients whose item is recorded; the others are left out, and the report says why
        // (issue 11: a clinic without assessments was "supported" with 0/52 patients below the knee).
        var unassessed = confirmed.Count(c => !c.Assessed);
        IReadOnlyList<LeftOut> WithoutAssessment(params LeftOut[] more) => [new(NoAssessment, unassessed), .. more];
        return new ReportDataSet(
            cases,
            [.. confirmed.Where(c => c.Territory is not null).Select(c => new TerritoryLevelCase(c.Case.PatientKey, c.Territory!.Value, c.Case.Segment))],
            [.. confirmed.Where(c => c.Imaging is not null).Select(c => new LevelAgreementCase(c.Case.PatientKey, c.Imaging!, c.Case.Segment))],
            confirmedCases.Count,
            confirmed.Count,
            new ClaimsLeftOut(
                WithoutAssessment(),
                WithoutAssessment(new LeftOut(NoTerritory, confirmed.Count(c => c.Assessed && c.Territory is null))),
                WithoutAssessment(new LeftOut(NoImagingLevel, confirmed.Count(c => c.Assessed && c.Imaging is null)))),
            confirmed.Count(c => c.Assessed),
            confirmed.Count(c => c.BelowKnee),
            confirmedCases.Count(c => c.Case.Side == Side.Bilateral),
            complications.Sum(c => c.Procedures),
            scopePatients,
            completion, pain, complications, operators, volume, durability,
            watch.Elapsed);
    }

    public const string NoAssessment = "no assessment recorded";
    public const string NoTerritory = "assessment without a painful territory";
    public const string NoImagingLevel = "no imaging, or imaging that suggested no level";

    private sealed record CaseRow(BlockedSegmentCase Case, DateTime FirstAt, bool Assessed, bool BelowKnee, SpinalSegment? Imaging, Territory? Territory);

    private sealed record RawCase(int PatientId, BlockedSegmentCase Case, DateTime FirstAt);

    private readonly record struct TherapyFollowUp(decimal? Relief, double? Months, bool Lost);

    private readonly record struct Assessed(bool BelowKnee, SpinalSegment? Imaging, Territory? Territory);

    /// <summary>
    /// The thresholds at which a comparative pair is judged: those of the PPV curve and the primary one, ascending;
    /// the case query's @thresholds.
    /// </summary>
    public static int[] ConcordanceThresholds(ReportFilters filters) =>
        [.. Criterion4Options.Default.Thresholds.Select(t => t.Percent).Append(filters.ThresholdPercent).Distinct().Order()];

    private static async Task<(List<RawCase>, List<VolumeCount>)> ReadFirstLaneAsync(
        NpgsqlConnection connection, ReportFilters filters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var thresholds = ConcordanceThresholds(filters);
        var therapies = (await ReadAsync(connection, TherapyFollowUpsSql, filters, now, r => (Id: r.GetInt32(0),
                FollowUp: new TherapyFollowUp(Decimal(r, 1), r.IsDBNull(2) ? null : r.GetInt32(2) / DaysPerMonth, r.GetBoolean(3))), cancellationToken))
            .ToDictionary(t => t.Id, t => t.FollowUp);
        // The data set's patient keys are the ranks of the patient ids; the cases come ordered by patient id, so the
        // rank is a running count.
        var (lastPatientId, patientKey) = (-1, 0);
        var cases = await ReadAsync(connection, CasesSql, filters, now, r =>
        {
            var patientId = r.GetInt32(0);
            if (patientId != lastPatientId)
            {
                (lastPatientId, patientKey) = (patientId, patientKey + 1);
            }
            var followed = r.IsDBNull(8) ? default : therapies.GetValueOrDefault(r.GetInt32(8));
            return new RawCase(
                patientId,
                new BlockedSegmentCase(
                    patientKey,
                    Segment(r, 1),
                    Sides.TryGetValue(r.GetString(2), out var side) ? side : Enum.Parse<Side>(r.GetString(2)),
                    Decimal(r, 3), Decimal(r, 4),
                    r.IsDBNull(5) ? null : r.GetBoolean(5),
                    Decimal(r, 6),
                    r.IsDBNull(7) ? TherapeuticKind.None
                        : r.GetString(7) == nameof(ProcedureKind.RfDenervation) ? TherapeuticKind.RadiofrequencyDenervation : TherapeuticKind.SteroidInjection,
                    followed.Relief, followed.Months, followed.Lost,
                    r.IsDBNull(10) ? null : new PairConcordanceByThreshold(thresholds, r.GetFieldValue<bool?[]>(10))),
                r.GetFieldValue<DateTime>(9));
        }, cancellationToken);
        var volume = await ReadAsync(connection, VolumeSql, filters, now,
            r => new VolumeCount(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3)), cancellationToken);
        return (cases, volume);
    }

    private static async Task<(Dictionary<int, Assessed>, List<CompletionCount>, List<PainQuantiles>, List<ComplicationCount>, List<OperatorCount>, List<DurabilityCount>, int)>
        ReadSecondLaneAsync(NpgsqlConnection connection, ReportFilters filters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var assessments = (await ReadAsync(connection, AssessmentsSql, filters, now, r => (Id: r.GetInt32(0), Assessed: new Assessed(
                !r.IsDBNull(1) && r.GetBoolean(1),
                r.IsDBNull(2) ? null : Segment(r, 2),
                r.IsDBNull(3) ? null : Enum.Parse<Territory>(r.GetString(3)))), cancellationToken))
            .ToDictionary(a => a.Id, a => a.Assessed);
        var procedures = await ReadAsync(connection, ProceduresSql, filters, now,
            r => (Kind: r.GetString(0), PrePain: r.GetInt32(1), Complication: r.GetBoolean(2), Count: r.GetInt32(3)), cancellationToken);
        var followUps = await ReadAsync(connection, FollowUpsSql, filters, now,
            r => (Kind: r.GetString(0), Label: r.GetString(1), DaysAfter: r.GetInt32(2), Pain: r.IsDBNull(3) ? (int?)null : r.GetInt32(3),
                Answered: r.GetInt32(4), Due: r.GetInt32(5)), cancellationToken);
        var operators = await ReadAsync(connection, OperatorSql, filters, now,
            r => new OperatorCount(r.GetString(0), r.GetInt32(1), r.GetInt32(2)), cancellationToken);
        var durability = await ReadAsync(connection, DurabilitySql, filters, now,
            r => new DurabilityCount(r.GetString(0), r.GetInt32(1) / DaysPerMonth, r.GetBoolean(2), r.GetInt32(3)), cancellationToken);

        var completion = followUps.GroupBy(f => (f.Kind, f.Label, f.DaysAfter))
            .Select(g => new CompletionCount(g.Key.Kind, g.Key.Label, g.Key.DaysAfter, g.Sum(f => f.Answered), g.Sum(f => f.Due)))
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.DaysAfter).ToList();
        // Pain before the procedure (day 0) and at each protocol point, as quartiles of the counted scores.
        var pain = procedures.GroupBy(p => p.Kind)
            .Select(g => (g.Key, Label: "before", DaysAfter: 0, Counts: g.Select(p => ((double)p.PrePain, (long)p.Count))))
            .Concat(followUps.Where(f => f.Pain is not null && f.Answered > 0).GroupBy(f => (f.Kind, f.Label, f.DaysAfter))
                .Select(g => (g.Key.Kind, g.Key.Label, g.Key.DaysAfter, Counts: g.Select(f => ((double)f.Pain!.Value, (long)f.Answered)))))
            .Select(p => new PainQuantiles(p.Item1, p.Label, p.DaysAfter, Descriptive.MedianAndQuartilesOfCounts(p.Counts)))
            .OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.DaysAfter).ToList();
        var complications = procedures.GroupBy(p => p.Kind)
            .Select(g => new ComplicationCount(g.Key, g.Where(p => p.Complication).Sum(p => p.Count), g.Sum(p => p.Count)))
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ToList();
        var scopePatients = (await ReadAsync(connection, ScopePatientsSql, filters, now, r => r.GetInt32(0), cancellationToken)).Single();
        return (assessments, completion, pain, complications, operators, durability, scopePatients);
    }

    /// <summary>
    /// Every join here is an equi-join over a whole data set, which hash joins do in linear time; PostgreSQL
    /// underestimates joins on several columns of CTEs (patient, segment, side) to one row and then picks nested loops
    /// that are quadratic in the number of cases (the former case query: 37 s for 2,000 patients, measured), so nested
    /// loops are switched off for the extraction's transaction. The sorts and hash aggregates over half a million
    /// follow-ups get 64 MB of work memory instead of the default 4 MB, so they stay in memory rather than spilling to
    /// disk. JIT compilation is off: these statements run once per report, and compiling their expressions cost
    /// 1.5–2.5 s of the former case query at 100,000 patients (measured), more than it saved. No parallel workers: the
    /// two lanes already keep two cores busy, and workers only competed with them (the follow-up counts took three
    /// processes × 440 ms in parallel against 560 ms in one, measured).
    /// SET LOCAL: the settings end with the transaction, so no pooled connection keeps them.
    /// </summary>
    public const string TuningSql = "SET LOCAL enable_nestloop = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0";

    private static decimal? Decimal(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDecimal(i);

    // The database holds segment and side codes as text; a hundred thousand cases share a few dozen of them, so each
    // is parsed once (the parse allocates, and showed in the extraction's time).
    private static readonly Dictionary<string, SpinalSegment> Segments = SpinalSegment.All.ToDictionary(s => s.Code, StringComparer.Ordinal);
    private static readonly Dictionary<string, Side> Sides = Enum.GetValues<Side>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    private static SpinalSegment Segment(DbDataReader r, int i) =>
        Segments.TryGetValue(r.GetString(i), out var segment) ? segment : SpinalSegment.Parse(r.GetString(i));

    /// <summary>
    /// The statements the extraction runs, as two lanes that run at the same time on two connections sharing one
    /// snapshot, balanced by their measured times at 100,000 patients; the benchmark's bare-SQL baseline runs them the
    /// same way.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<(string Name, string Sql)>> Lanes { get; } =
    [
        [("therapy follow-ups", TherapyFollowUpsSql), ("cases", CasesSql), ("volume", VolumeSql)],
        [("assessments", AssessmentsSql), ("procedures", ProceduresSql), ("follow-ups", FollowUpsSql), ("operators", OperatorSql), ("durability", DurabilitySql), ("scope patients", ScopePatientsSql)],
    ];

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, ReportFilters filters, DateTimeOffset now,
        Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, filters, now);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    /// <summary>One of the <see cref="Lanes"/>' statements with the filters as typed parameters.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, ReportFilters filters, DateTimeOffset now)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        var therapy = filters.Kind is ProcedureKind.RfDenervation or ProcedureKind.SteroidInjection ? filters.Kind.ToString() : null;
        command.Parameters.Add(new NpgsqlParameter("clinics", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = filters.ClinicIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)Start(filters.From) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)Start(filters.To?.AddDays(1)) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("operator", NpgsqlDbType.Text) { Value = (object?)filters.OperatorName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("segment", NpgsqlDbType.Text) { Value = (object?)filters.SegmentCode ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)filters.Kind?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("therapy", NpgsqlDbType.Text) { Value = (object?)therapy ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("threshold", NpgsqlDbType.Integer) { Value = filters.ThresholdPercent });
        command.Parameters.Add(new NpgsqlParameter("thresholds", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = ConcordanceThresholds(filters) });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        return command;
    }

    private static DateTime? Start(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
