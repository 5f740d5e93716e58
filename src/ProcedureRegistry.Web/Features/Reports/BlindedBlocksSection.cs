using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// The report's section on blinded, randomised controlled blocks (docs/blinded-blocks.md): the placebo response rate and
/// the anesthetic arm's, their difference, and comparative concordance by the order of the agents, each with its 95%
/// interval. Computed from the blinded blocks of the report's clinics and dates at its primary threshold; printed
/// through the small-cell rule like every figure of the report.
/// </summary>
/// <param name="Criterion4">
/// The criterion-4 analysis of the cases whose saline block was blinded, placebo-controlled exposure: the same Domain
/// analysis as the report's own section, on these cases only.
/// </param>
public sealed record BlindedBlocksSection(
    int Protocols, int Blocks, int BlindedPlaceboInjections, int BlindedComparativePairs, BlindedBlocksResult Result, Criterion4Report Criterion4)
{
    public static async Task<BlindedBlocksSection> ReadAsync(RegistryDbContext db, ReportFilters filters, CancellationToken cancellationToken)
    {
        var threshold = ReliefThreshold.Create(filters.ThresholdPercent);
        DateTimeOffset? start = filters.From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        DateTimeOffset? end = filters.To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        var blocks = await (from a in db.KitAllocations
                            join k in db.BlindedKits on a.KitId equals k.Id
                            join pr in db.ControlledBlockProtocols on k.ProtocolId equals pr.Id
                            join p in db.Procedures on a.ProcedureId equals p.Id
                            where filters.ClinicIds.Contains(p.ClinicId) && p.VoidedAt == null
                                && (start == null || p.PerformedAt >= start) && (end == null || p.PerformedAt < end)
                            select new { Block = p, KitId = k.Id, k.Arm, a.Dose, pr.Design, ProtocolId = pr.Id })
            .AsNoTracking().ToListAsync(cancellationToken);

        var injections = blocks.Where(b => b.Design == ControlledDesign.PlaceboControlled)
            .Select(b => new BlindedPlaceboInjection(b.Arm, BlockRules.Analyse(b.Block.ToDiary(), threshold).Classification))
            .ToList();
        var pairs = blocks.Where(b => b.Design == ControlledDesign.ComparativeOrder).GroupBy(b => b.KitId)
            .Where(g => g.Count() == 2)
            .Select(g =>
            {
                var (first, second) = (g.Single(b => b.Dose == 1).Block, g.Single(b => b.Dose == 2).Block);
                var outcome = BlockRules.EvaluatePair(first.Agent!.Value, BlockRules.Analyse(first.ToDiary(), threshold),
                    second.Agent!.Value, BlockRules.Analyse(second.ToDiary(), threshold)).Outcome;
                return new BlindedComparativePair(g.First().Arm, outcome);
            })
            .ToList();
        var salineIds = blocks.Where(b => b.Design == ControlledDesign.PlaceboControlled && b.Block.Agent == BlockAgent.Saline)
            .Select(b => b.Block.Id).ToArray();
        var criterion4 = Criterion4Analysis.Analyse(await SalineControlledCasesAsync(db, salineIds, cancellationToken),
            new Criterion4Options { PrimaryThreshold = threshold, Exposure = BlockExposure.PlaceboControlled });
        return new BlindedBlocksSection(blocks.Select(b => b.ProtocolId).Distinct().Count(), blocks.Count, injections.Count, pairs.Count,
            BlindedBlockAnalysis.Analyse(injections, pairs), criterion4);
    }

    /// <summary>
    /// The report's cases (block_cases: the first block of a patient × segment × side, its partners and the therapy that
    /// followed) whose saline partner is one of <paramref name="salineIds"/>, with the therapy's relief at the answered
    /// follow-up nearest 3 months as procedure_facts keeps it (db/functions/refresh_procedure_facts.sql), read as the
    /// report's extraction reads it.
    /// </summary>
    private static async Task<List<BlockedSegmentCase>> SalineControlledCasesAsync(RegistryDbContext db, int[] salineIds, CancellationToken cancellationToken)
    {
        if (salineIds.Length == 0)
        {
            return [];
        }
        var rows = new List<(int Patient, string Segment, string Side, decimal? FirstPeak, decimal? PlaceboPeak, string? TherapyKind, decimal? TherapyRelief)>();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }
        try
        {
            await using var command = new Npgsql.NpgsqlCommand(
                """
                SELECT c.patient_id, c.segment, c.side, c.first_peak, c.placebo_peak, c.therapy_kind,
                       CASE WHEN t.pre_pain > 0 THEN round((t.pre_pain - pf.near_pain) * 100.0 / t.pre_pain, 1) ELSE pf.near_relief END
                FROM block_cases c
                LEFT JOIN procedures t ON t.id = c.therapy_id
                LEFT JOIN procedure_facts pf ON pf.procedure_id = c.therapy_id
                WHERE c.placebo_id = ANY(@ids)
                ORDER BY c.patient_id, c.segment, c.side, c.performed_at, c.block_id
                """, connection);
            command.Parameters.AddWithValue("ids", salineIds);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetDecimal(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : Convert.ToDecimal(reader.GetValue(6), CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        var patientKeys = rows.Select(r => r.Patient).Distinct().Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i + 1);
        return [.. rows.Select(r => new BlockedSegmentCase(
            patientKeys[r.Patient], SpinalSegment.Parse(r.Segment), Enum.Parse<Side>(r.Side), r.FirstPeak, null, null, r.PlaceboPeak,
            r.TherapyKind switch
            {
                nameof(ProcedureKind.RfDenervation) => TherapeuticKind.RadiofrequencyDenervation,
                nameof(ProcedureKind.SteroidInjection) => TherapeuticKind.SteroidInjection,
                _ => TherapeuticKind.None,
            },
            r.TherapyRelief))];
    }

    /// <summary>True when a proportion rests on a count the small-cell rule withholds.</summary>
    public static bool Hidden(ProportionEstimate p) => SmallCellSuppression.HidesProportion(p.Successes, p.Total);

    public bool DifferenceHidden => Hidden(Result.PlaceboResponse.Rate) || Hidden(Result.AnestheticResponse.Rate);

    /// <summary>A count as it may be shown: "&lt; 5" from 1 to 4.</summary>
    public static string Count(int n) => SmallCellSuppression.IsSmall(n) ? SmallCellSuppression.Withheld : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The section's figures in the report's CSV and JSON columns (section, figure, group, x, n, value, lower, upper, verdict).</summary>
    public IEnumerable<string?[]> Figures()
    {
        const string withheld = SmallCellSuppression.Withheld;
        string?[] Row(string figure, string group, ProportionEstimate p) => Hidden(p)
            ? ["blinded", figure, group, withheld, Count(p.Total), withheld, withheld, withheld, null]
            : ["blinded", figure, group, Count(p.Successes), Count(p.Total), Number(p.Value), Number(p.Wilson?.Lower), Number(p.Wilson?.Upper), null];

        yield return ["blinded", "blinded blocks", "all", null, Count(Blocks), null, null, null, null];
        yield return Row("placebo response rate", "saline arm", Result.PlaceboResponse.Rate);
        yield return Row("response rate", "anesthetic arm", Result.AnestheticResponse.Rate);
        var d = Result.AnestheticMinusPlacebo;
        yield return DifferenceHidden
            ? ["blinded", "anesthetic minus placebo response", "difference", null, null, withheld, withheld, withheld, null]
            : ["blinded", "anesthetic minus placebo response", "difference", null, null, Number(d.Value), Number(d.Interval?.Lower), Number(d.Interval?.Upper), null];
        foreach (var arm in Result.ConcordanceByArm)
        {
            yield return Row("comparative concordance", Describe(arm.Arm), arm.Rate);
        }
        foreach (var arm in new[] { Criterion4.Radiofrequency, Criterion4.Steroid })
        {
            var p = arm.Primary.PositivePredictiveValue;
            var verdict = OutcomeReport.VerdictText(arm.Verdict.Verdict);
            const string figure = "criterion-4 PPV, blinded saline-controlled cases";
            yield return Hidden(p)
                ? ["blinded", figure, Criterion4Analysis.Describe(arm.Therapy), withheld, Count(p.Total), withheld, withheld, withheld, verdict]
                : ["blinded", figure, Criterion4Analysis.Describe(arm.Therapy), Count(p.Successes), Count(p.Total), Number(p.Value), Number(p.Wilson?.Lower), Number(p.Wilson?.Upper), verdict];
        }
    }

    public static string Describe(AllocationArm arm) => arm switch
    {
        AllocationArm.ShortActingFirst => "lidocaine first",
        AllocationArm.LongActingFirst => "bupivacaine first",
        _ => arm.ToString().ToLowerInvariant(),
    };

    private static string? Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
