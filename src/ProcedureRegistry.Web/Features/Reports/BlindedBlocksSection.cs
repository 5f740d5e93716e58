using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Data;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// The report's section on blinded, randomised controlled blocks (docs/blinded-blocks.md): the placebo response rate and
/// the anesthetic arm's, their difference, and comparative concordance by the order of the agents, each with its 95%
/// interval. Computed from the blinded blocks of the report's clinics and dates at its primary threshold; printed
/// through the small-cell rule like every figure of the report.
/// </summary>
public sealed record BlindedBlocksSection(int Protocols, int Blocks, int BlindedPlaceboInjections, int BlindedComparativePairs, BlindedBlocksResult Result)
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
        return new BlindedBlocksSection(blocks.Select(b => b.ProtocolId).Distinct().Count(), blocks.Count, injections.Count, pairs.Count,
            BlindedBlockAnalysis.Analyse(injections, pairs));
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
    }

    public static string Describe(AllocationArm arm) => arm switch
    {
        AllocationArm.ShortActingFirst => "lidocaine first",
        AllocationArm.LongActingFirst => "bupivacaine first",
        _ => arm.ToString().ToLowerInvariant(),
    };

    private static string? Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);
}
