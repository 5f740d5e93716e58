using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Blinding;

/// <summary>A blinded placebo-controlled injection: its kit's arm and how its diary reads at the threshold.</summary>
public sealed record BlindedPlaceboInjection(AllocationArm Arm, BlockClassification Classification);

/// <summary>A blinded comparative pair whose two doses were both given: its kit's arm and how the pair reads (§3).</summary>
public sealed record BlindedComparativePair(AllocationArm Arm, PairConcordance Outcome);

/// <summary>One arm's rate, of the decided cases (positive or negative; indeterminate ones are counted apart).</summary>
public sealed record ArmRate(AllocationArm Arm, ProportionEstimate Rate, int Indeterminate);

/// <summary>What the blinded, randomised blocks show (clinical-reference §9).</summary>
/// <param name="PlaceboResponse">Saline injections that were positive: the placebo response rate.</param>
/// <param name="AnestheticResponse">Anesthetic injections of the same protocols that were positive, for comparison.</param>
/// <param name="AnestheticMinusPlacebo">The difference of the two, with its Newcombe interval.</param>
/// <param name="ConcordanceByArm">Concordant pairs of each order, of the pairs that could be judged.</param>
public sealed record BlindedBlocksResult(
    ArmRate PlaceboResponse,
    ArmRate AnestheticResponse,
    DifferenceEstimate AnestheticMinusPlacebo,
    IReadOnlyList<ArmRate> ConcordanceByArm);

public static class BlindedBlockAnalysis
{
    public static BlindedBlocksResult Analyse(IReadOnlyCollection<BlindedPlaceboInjection> injections, IReadOnlyCollection<BlindedComparativePair> pairs)
    {
        var saline = Rate(AllocationArm.Saline, injections.Where(i => i.Arm == AllocationArm.Saline).Select(i => i.Classification));
        var anesthetic = Rate(AllocationArm.Anesthetic, injections.Where(i => i.Arm == AllocationArm.Anesthetic).Select(i => i.Classification));
        var difference = Proportions.Difference(anesthetic.Rate.Successes, anesthetic.Rate.Total, saline.Rate.Successes, saline.Rate.Total);
        var concordance = new[] { AllocationArm.ShortActingFirst, AllocationArm.LongActingFirst }.Select(arm =>
        {
            var ofArm = pairs.Where(p => p.Arm == arm).ToList();
            var judged = ofArm.Where(p => p.Outcome != PairConcordance.Indeterminate).ToList();
            return new ArmRate(arm, Proportions.Estimate(judged.Count(p => p.Outcome == PairConcordance.Concordant), judged.Count), ofArm.Count - judged.Count);
        }).ToList();
        return new BlindedBlocksResult(saline, anesthetic, difference, concordance);
    }

    private static ArmRate Rate(AllocationArm arm, IEnumerable<BlockClassification> classifications)
    {
        var all = classifications.ToList();
        var decided = all.Count(c => c != BlockClassification.Indeterminate);
        return new ArmRate(arm, Proportions.Estimate(all.Count(c => c == BlockClassification.Positive), decided), all.Count - decided);
    }
}
