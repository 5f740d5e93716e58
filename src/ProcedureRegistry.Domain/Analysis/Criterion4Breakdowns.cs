using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// When the report shows the exact (Clopper–Pearson) interval beside Wilson's. The methods page promises it "for
/// small numbers"; small here means fewer than <see cref="MinimumTotal"/> cases, or fewer than
/// <see cref="MinimumOutcome"/> in either outcome (x or n − x): the counts at which the normal approximation under
/// Wilson's interval is usually trusted (np ≥ 10 and n(1 − p) ≥ 10), where Wilson's coverage can dip below 95%.
/// </summary>
public static class ExactIntervalRule
{
    public const int MinimumTotal = 30;
    public const int MinimumOutcome = 10;

    public static bool IsSmall(int successes, int total) =>
        total > 0 && (total < MinimumTotal || successes < MinimumOutcome || total - successes < MinimumOutcome);

    public static bool IsSmall(ProportionEstimate p) => p.Exact is not null && IsSmall(p.Successes, p.Total);

    /// <summary>The rule in words, for the report's notes.</summary>
    public static string Describe() =>
        $"The exact (Clopper–Pearson) 95% interval is shown beside Wilson's where the numbers are small: fewer than {MinimumTotal} cases, or fewer than {MinimumOutcome} in either outcome.";
}

/// <summary>
/// What became of the comparative pairs (cases whose first block has a confirmatory block) at one threshold: the
/// first block fell short; it reached the threshold but the confirmatory block did not; both reached it and relief
/// lasted longer with the long-acting agent (concordant), or not (discordant), or the comparison is not recorded.
/// The five add up to <see cref="Pairs"/>; <see cref="FirstBlockMissing"/> pairs have no first-block result.
/// </summary>
public sealed record ComparativePairCounts(
    ReliefThreshold Threshold, int Pairs, int FirstBlockMissing, int FirstBlockNegative, int ConfirmatoryNegative, int Concordant, int Discordant, int NotRecorded)
{
    /// <summary>Every pair by what became of it: first negative, confirmatory negative, concordant, discordant, not recorded.</summary>
    public IReadOnlyList<int> Outcomes => [FirstBlockNegative, ConfirmatoryNegative, Concordant, Discordant, NotRecorded];

    /// <summary>
    /// Pairs whose first block reached the threshold: the denominator of the single-block false-positive rate
    /// (<see cref="Criterion4Analysis.SingleBlockFalsePositiveRate"/>), which counts the same cases.
    /// </summary>
    public int FirstBlockReached => Pairs - FirstBlockNegative;

    /// <summary>What the confirmatory block made of those: below the threshold, concordant, discordant, not compared; they add up to <see cref="FirstBlockReached"/>.</summary>
    public IReadOnlyList<int> Confirmations => [ConfirmatoryNegative, Concordant, Discordant, NotRecorded];
}

/// <summary>The criterion-4 durability curve of one therapy by block result at the primary threshold: after a positive and after a negative block.</summary>
public sealed record DurabilityByBlockResult(TherapeuticKind Therapy, KaplanMeierCurve Positive, KaplanMeierCurve Negative);

/// <summary>Breakdowns of the criterion-4 data that the report shows beside the verdict's figures.</summary>
public static class Criterion4Breakdowns
{
    /// <summary>The comparative pairs among all logged cases, at one threshold.</summary>
    public static ComparativePairCounts PairCounts(IEnumerable<BlockedSegmentCase> cases, ReliefThreshold threshold)
    {
        int pairs = 0, missing = 0, firstNegative = 0, confirmatoryNegative = 0, concordant = 0, discordant = 0, notRecorded = 0;
        foreach (var c in cases.Where(c => c.ConfirmatoryBlockPeakReliefPercent is not null))
        {
            if (c.FirstBlockPeakReliefPercent is null)
            {
                missing++;
                continue;
            }
            pairs++;
            if (!threshold.IsMetBy(c.FirstBlockPeakReliefPercent))
            {
                firstNegative++;
            }
            else if (!threshold.IsMetBy(c.ConfirmatoryBlockPeakReliefPercent))
            {
                confirmatoryNegative++;
            }
            else
            {
                switch (c.ConcordantAt(threshold))
                {
                    case true: concordant++; break;
                    case false: discordant++; break;
                    default: notRecorded++; break;
                }
            }
        }
        return new(threshold, pairs, missing, firstNegative, confirmatoryNegative, concordant, discordant, notRecorded);
    }

    /// <summary>
    /// Kaplan–Meier durability of one therapy's analysed cases (treated at the same segment and side, followed up,
    /// block result classifiable at the primary threshold: the cases of the arm's 2 × 2 table), split by block result.
    /// Cases without a recorded durability are left out.
    /// </summary>
    public static DurabilityByBlockResult DurabilityByBlockResult(IEnumerable<BlockedSegmentCase> cases, TherapeuticKind therapy, Criterion4Options? options = null)
    {
        options ??= Criterion4Options.Default;
        var positive = new List<SurvivalObservation>();
        var negative = new List<SurvivalObservation>();
        foreach (var c in cases.Where(c => c.LaterTherapy == therapy && c.FollowUpReliefPercent is not null))
        {
            if (Criterion4Analysis.Classify(c, options.Exposure, options.PrimaryThreshold).Positive is not { } isPositive
                || c.DurabilityMonths is not { } months || !double.IsFinite(months) || months < 0)
            {
                continue;
            }
            (isPositive ? positive : negative).Add(new SurvivalObservation(months, c.ReliefLost));
        }
        return new(therapy, KaplanMeier.Estimate(positive), KaplanMeier.Estimate(negative));
    }
}
