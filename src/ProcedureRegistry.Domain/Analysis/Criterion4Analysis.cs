using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>A step of the cohort flow diagram that removed cases, and why.</summary>
public sealed record Exclusion(string Reason, int Cases);

/// <summary>
/// The numbers at every step of the cohort (issue 5): logged block cases, eligible (treated with this therapy at the
/// same segment and side), followed up at the chosen point, analysed (block result classifiable at the primary
/// threshold), and the exclusions with their reasons; they add up: Logged − Σ exclusions = Analysed.
/// </summary>
public sealed record CohortFlow(
    int Logged, int Eligible, int FollowedUp, int Analysed, int AnalysedPatients, IReadOnlyList<Exclusion> Exclusions);

/// <summary>
/// The figures at one relief threshold: the 2×2 of block result against treatment success, the PPV, success after
/// negative blocks and the difference (Newcombe), and, where block-negative patients were also treated, the full
/// diagnostic accuracy (sensitivity, specificity, NPV, likelihood ratios, Fisher's p) uncorrected and corrected for
/// verification (Begg–Greenes); the pre-test probability of success and the post-test probabilities after a positive
/// and a negative block; the decision of the verdict rule and the verdict it gives.
/// </summary>
public sealed record ThresholdResult(
    ReliefThreshold Threshold,
    int Cases,
    int Patients,
    int NotClassifiable,
    TwoByTwo Table,
    ProportionEstimate PositivePredictiveValue,
    ProportionEstimate SuccessAfterNegative,
    DifferenceEstimate SuccessDifference,
    DiagnosticAccuracyResult? Accuracy,
    VerificationCorrection Verification,
    ProportionEstimate PreTestProbability,
    double? PostTestAfterPositive,
    double? PostTestAfterNegative,
    Criterion4Decision Decision,
    ClaimVerdict Verdict);

/// <summary>One point of the PPV-against-threshold curve.</summary>
public sealed record PpvCurvePoint(ReliefThreshold Threshold, ProportionEstimate PositivePredictiveValue);

/// <summary>
/// The single-block false-positive rate at a threshold: among cases whose first block reached it and that had a
/// confirmatory block, the share whose confirmatory block did not (clinical-reference §3).
/// </summary>
public sealed record FalsePositiveRate(ReliefThreshold Threshold, ProportionEstimate Rate);

/// <summary>The criterion-4 figures for one therapy (RF denervation or steroid injection, reported separately).</summary>
public sealed record Criterion4Arm(
    TherapeuticKind Therapy,
    CohortFlow Flow,
    IReadOnlyList<ThresholdResult> Thresholds,
    ThresholdResult Primary,
    KaplanMeierCurve Durability)
{
    /// <summary>The headline verdict: the one at the primary threshold.</summary>
    public ClaimVerdict Verdict => Primary.Verdict;

    public IReadOnlyList<PpvCurvePoint> PpvCurve =>
        [.. Thresholds.Select(t => new PpvCurvePoint(t.Threshold, t.PositivePredictiveValue))];
}

/// <summary>The criterion-4 report: does a positive diagnostic block predict treatment success?</summary>
public sealed record Criterion4Report(
    Criterion4Options Options,
    int LoggedCases,
    int LoggedPatients,
    IReadOnlyList<FalsePositiveRate> SingleBlockFalsePositiveRates,
    Criterion4Arm Radiofrequency,
    Criterion4Arm Steroid);

/// <summary>
/// The criterion-4 analysis over an in-memory data set (issue 5 §3). The unit of analysis is the blocked segment
/// case (patient × segment × side); a patient with several cases counts once toward the verdict's minimum cohort,
/// and the intervals treat cases as independent (a caveat the methods page states).
/// </summary>
public static class Criterion4Analysis
{
    public const string NoTherapy = "no therapeutic procedure at the same segment and side";
    public const string NoFollowUp = "not followed up at the chosen point";
    public const string FirstBlockMissing = "first block result missing (diary too sparse)";
    public const string NoConfirmatoryBlock = "positive first block without a confirmatory block";
    public const string ConcordanceMissing = "comparative pair without a recorded duration comparison";
    public const string NoPlaceboBlock = "positive first block without a placebo block";

    public static Criterion4Report Analyse(IEnumerable<BlockedSegmentCase> data, Criterion4Options? options = null)
    {
        options ??= Criterion4Options.Default;
        var cases = data.ToList();
        // Every classifiable block, treated or not, at each threshold: p of the Begg–Greenes correction, the same for both arms.
        var blocks = options.Thresholds.Append(options.PrimaryThreshold).Distinct().ToDictionary(t => t, t =>
        {
            int positive = 0, negative = 0;
            foreach (var c in cases)
            {
                switch (Classify(c, options.Exposure, t).Positive)
                {
                    case true: positive++; break;
                    case false: negative++; break;
                }
            }
            return (positive, negative);
        });
        return new(
            options,
            cases.Count,
            cases.Select(c => c.PatientKey).Distinct().Count(),
            [.. options.Thresholds.Select(t => SingleBlockFalsePositiveRate(cases, t))],
            Arm(cases, blocks, TherapeuticKind.RadiofrequencyDenervation, options),
            Arm(cases, blocks, TherapeuticKind.SteroidInjection, options));
    }

    /// <summary>
    /// The block result under an exposure definition at a threshold: true when positive, false when negative, null
    /// with the reason when it cannot be classified.
    /// </summary>
    public static (bool? Positive, string? WhyNot) Classify(BlockedSegmentCase c, BlockExposure exposure, ReliefThreshold threshold)
    {
        if (c.FirstBlockPeakReliefPercent is null)
        {
            return (null, FirstBlockMissing);
        }
        if (!threshold.IsMetBy(c.FirstBlockPeakReliefPercent))
        {
            return (false, null);
        }
        switch (exposure)
        {
            case BlockExposure.ComparativePair:
                if (c.ConfirmatoryBlockPeakReliefPercent is null)
                {
                    return (null, NoConfirmatoryBlock);
                }
                if (!threshold.IsMetBy(c.ConfirmatoryBlockPeakReliefPercent))
                {
                    return (false, null);
                }
                return c.ConcordantAt(threshold) is { } concordant ? (concordant, null) : (null, ConcordanceMissing);
            case BlockExposure.PlaceboControlled:
                return c.PlaceboPeakReliefPercent is null
                    ? (null, NoPlaceboBlock)
                    : (!threshold.IsMetBy(c.PlaceboPeakReliefPercent), null);
            default:
                return (true, null);
        }
    }

    public static FalsePositiveRate SingleBlockFalsePositiveRate(IEnumerable<BlockedSegmentCase> cases, ReliefThreshold threshold)
    {
        var confirmed = cases
            .Where(c => threshold.IsMetBy(c.FirstBlockPeakReliefPercent) && c.ConfirmatoryBlockPeakReliefPercent is not null)
            .ToList();
        var falsePositive = confirmed.Count(c => !threshold.IsMetBy(c.ConfirmatoryBlockPeakReliefPercent));
        return new(threshold, Proportions.Estimate(falsePositive, confirmed.Count));
    }

    private static Criterion4Arm Arm(List<BlockedSegmentCase> cases, Dictionary<ReliefThreshold, (int Positive, int Negative)> blocks, TherapeuticKind therapy, Criterion4Options options)
    {
        var exclusions = new List<Exclusion>();
        void Exclude(string reason, int count)
        {
            if (count > 0)
            {
                exclusions.Add(new(reason, count));
            }
        }

        Exclude(NoTherapy, cases.Count(c => c.LaterTherapy == TherapeuticKind.None));
        foreach (var other in Enum.GetValues<TherapeuticKind>().Where(k => k != TherapeuticKind.None && k != therapy))
        {
            Exclude($"treated by {Describe(other)} (reported separately)", cases.Count(c => c.LaterTherapy == other));
        }
        var eligible = cases.Where(c => c.LaterTherapy == therapy).ToList();
        var followedUp = eligible.Where(c => c.FollowUpReliefPercent is not null).ToList();
        Exclude(NoFollowUp, eligible.Count - followedUp.Count);
        foreach (var group in followedUp
                     .Select(c => Classify(c, options.Exposure, options.PrimaryThreshold).WhyNot)
                     .OfType<string>()
                     .GroupBy(reason => reason))
        {
            Exclude(group.Key, group.Count());
        }
        var analysed = followedUp.Where(c => Classify(c, options.Exposure, options.PrimaryThreshold).Positive is not null).ToList();
        var flow = new CohortFlow(cases.Count, eligible.Count, followedUp.Count, analysed.Count,
            analysed.Select(c => c.PatientKey).Distinct().Count(), exclusions);

        var durability = KaplanMeier.Estimate(analysed
            .Where(c => Classify(c, options.Exposure, options.PrimaryThreshold).Positive == true)
            .Where(c => c.DurabilityMonths is { } months && double.IsFinite(months) && months >= 0)
            .Select(c => new SurvivalObservation(c.DurabilityMonths!.Value, c.ReliefLost)));

        var thresholds = options.Thresholds.Select(t => AtThreshold(blocks[t], followedUp, t, options)).ToList();
        return new(therapy, flow,
            thresholds,
            thresholds.FirstOrDefault(t => t.Threshold == options.PrimaryThreshold) ?? AtThreshold(blocks[options.PrimaryThreshold], followedUp, options.PrimaryThreshold, options),
            durability);
    }

    // One pass over the cases (at 100,000 cases a report calls this a dozen times).
    private static ThresholdResult AtThreshold((int Positive, int Negative) blocks, List<BlockedSegmentCase> followedUp, ReliefThreshold threshold, Criterion4Options options)
    {
        var (positiveBlocks, negativeBlocks) = blocks;
        int truePositive = 0, falsePositive = 0, falseNegative = 0, trueNegative = 0;
        var patientKeys = new HashSet<int>();
        foreach (var c in followedUp)
        {
            if (Classify(c, options.Exposure, threshold).Positive is not { } positive)
            {
                continue;
            }
            patientKeys.Add(c.PatientKey);
            var success = c.FollowUpReliefPercent >= options.SuccessReliefPercent;
            if (positive)
            {
                if (success) { truePositive++; } else { falsePositive++; }
            }
            else
            {
                if (success) { falseNegative++; } else { trueNegative++; }
            }
        }
        var classified = truePositive + falsePositive + falseNegative + trueNegative;
        var patients = patientKeys.Count;
        var table = new TwoByTwo(truePositive, falsePositive, falseNegative, trueNegative);
        var ppv = Proportions.Estimate(table.TruePositive, table.TestPositive);
        var difference = Proportions.Difference(table.TruePositive, table.TestPositive, table.FalseNegative, table.TestNegative);
        var accuracy = table.TestNegative > 0 ? DiagnosticAccuracy.Compute(table) : null;
        var verification = VerificationBias.Correct(positiveBlocks, negativeBlocks, table);
        var decision = options.Rule.Decide(patients, table.TestPositive, accuracy, verification);
        var (afterPositive, afterNegative) = PostTestProbabilities(table);
        return new(
            threshold,
            classified,
            patients,
            followedUp.Count - classified,
            table,
            ppv,
            difference.Second,
            difference,
            accuracy,
            verification,
            Proportions.Estimate(table.OutcomePresent, table.Total),
            afterPositive,
            afterNegative,
            decision,
            decision.ToClaimVerdict());
    }

    /// <summary>
    /// Post-test probability from a pre-test probability and a likelihood ratio: odds × LR, back to a probability.
    /// </summary>
    public static double PostTestProbability(double preTest, double likelihoodRatio)
    {
        var odds = preTest / (1 - preTest) * likelihoodRatio;
        return odds / (1 + odds);
    }

    /// <summary>
    /// The probability of success after a positive and after a negative block: the pre-test odds of success (all
    /// analysed treated cases) times LR+ and LR− of the same cases. These equal the PPV and 1 − NPV, and the
    /// verification correction leaves them unchanged (it assumes treatment depends on the block result only, which
    /// leaves the PPV and NPV unbiased). Where a ratio is 0 or infinite (an empty cell) the PPV or 1 − NPV is the limit.
    /// </summary>
    public static (double? AfterPositive, double? AfterNegative) PostTestProbabilities(TwoByTwo t)
    {
        if (t.Total == 0)
        {
            return (null, null);
        }
        double? afterPositive = t.TestPositive == 0 ? null : (double)t.TruePositive / t.TestPositive;
        double? afterNegative = t.TestNegative == 0 ? null : (double)t.FalseNegative / t.TestNegative;
        if (t.TruePositive > 0 && t.FalsePositive > 0 && t.FalseNegative > 0 && t.TrueNegative > 0)
        {
            double sensitivity = (double)t.TruePositive / t.OutcomePresent, specificity = (double)t.TrueNegative / t.OutcomeAbsent;
            var preTest = (double)t.OutcomePresent / t.Total;
            afterPositive = PostTestProbability(preTest, sensitivity / (1 - specificity));
            afterNegative = PostTestProbability(preTest, (1 - sensitivity) / specificity);
        }
        return (afterPositive, afterNegative);
    }

    public static string Describe(TherapeuticKind kind) => kind switch
    {
        TherapeuticKind.RadiofrequencyDenervation => "RF denervation",
        TherapeuticKind.SteroidInjection => "steroid injection",
        _ => "no therapeutic procedure",
    };

    /// <summary>How a person reads the exposure: on the form, the report's cover and its criterion-4 section.</summary>
    public static string Describe(BlockExposure exposure) => exposure switch
    {
        BlockExposure.SingleBlock => "single block",
        BlockExposure.ComparativePair => "comparative pair (both positive, concordant durations)",
        BlockExposure.PlaceboControlled => "placebo-controlled (anaesthetic positive, saline negative)",
        _ => exposure.ToString(),
    };
}
