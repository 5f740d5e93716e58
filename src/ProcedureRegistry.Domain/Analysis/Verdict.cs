using System.Globalization;

namespace ProcedureRegistry.Domain.Analysis;

public enum Verdict { Supported, Refuted, NotEnoughData }

/// <summary>A verdict on a claim with the reason, which quotes the numbers and the rule: never one without the other.</summary>
public sealed record ClaimVerdict(Verdict Verdict, string Reason)
{
    public override string ToString() => $"{Verdict}: {Reason}";
}

/// <summary>Why the criterion-4 rule reached its verdict: one value per branch of <see cref="Criterion4VerdictRule.Decide"/>.</summary>
public enum Criterion4Branch
{
    /// <summary>Fewer analysed patients than the rule's minimum: not enough data, whatever the figures.</summary>
    TooFewPatients,
    /// <summary>No positive block among the treated: no LR+.</summary>
    NoPositiveBlock,
    /// <summary>No block-negative case was treated and followed up: no specificity, so no LR+.</summary>
    NoNegativeBlockTreated,
    /// <summary>The LR+ the rule uses is not estimable (no success or no failure among the treated).</summary>
    NotEstimable,
    /// <summary>The lower 95% bound of LR+ reaches E: supported.</summary>
    LowerBoundReaches,
    /// <summary>The upper 95% bound of LR+ is below E: refuted.</summary>
    UpperBoundBelow,
    /// <summary>The interval straddles E: not enough data.</summary>
    Straddles,
}

/// <summary>
/// The decision of the criterion-4 rule, holding everything it compared: the verdict and its reason are both read from
/// it (<see cref="Verdict"/>, <see cref="ToClaimVerdict"/>), so the reason cannot contradict the numbers.
/// </summary>
/// <param name="Branch">Which branch of the rule decided.</param>
/// <param name="Patients">Distinct patients analysed.</param>
/// <param name="MinimumPatients">The rule's minimum.</param>
/// <param name="Threshold">E, the LR+ the rule asks of a positive block.</param>
/// <param name="UsesCorrected">True when the verdict uses the Begg–Greenes corrected LR+ (the treated share differs by block result).</param>
/// <param name="LikelihoodRatio">The LR+ the verdict used; null before it is reached.</param>
/// <param name="Judgement">Its interval against E; null unless one of the last three branches decided.</param>
/// <param name="TreatedShares">The treated share after positive and after negative blocks, in words, for the reason; null when not compared.</param>
public sealed record Criterion4Decision(
    Criterion4Branch Branch,
    int Patients,
    int MinimumPatients,
    double Threshold,
    bool UsesCorrected,
    RatioEstimate? LikelihoodRatio,
    IntervalJudgement? Judgement,
    string? TreatedShares)
{
    public Verdict Verdict => Branch switch
    {
        Criterion4Branch.LowerBoundReaches => Verdict.Supported,
        Criterion4Branch.UpperBoundBelow => Verdict.Refuted,
        _ => Verdict.NotEnoughData,
    };

    /// <summary>Which LR+ the verdict used, in words.</summary>
    public string Which => UsesCorrected ? "corrected for verification (Begg–Greenes)" : "uncorrected";

    /// <summary>The grade of the LR+ used (its point estimate), or null when there is none.</summary>
    public string? Grade => LikelihoodRatio?.Value is { } value ? LikelihoodRatioGrade.Describe(value) : null;

    public ClaimVerdict ToClaimVerdict() => new(Verdict, Reason());

    private string Reason()
    {
        var patients = $"{Patients} patient{(Patients == 1 ? "" : "s")} analysed";
        switch (Branch)
        {
            case Criterion4Branch.TooFewPatients:
                return $"{patients}; the rule needs at least {MinimumPatients}.";
            case Criterion4Branch.NoPositiveBlock:
                return $"No treated case had a positive block among the {patients}, so there is no LR+ to judge.";
            case Criterion4Branch.NoNegativeBlockTreated:
                return $"No block-negative case was treated and followed up among the {patients}, so specificity and LR+ cannot be estimated: a PPV alone cannot show how much a positive block changes the odds.";
            case Criterion4Branch.NotEstimable:
                return $"The {Which} LR+ is not estimable ({patients}: the treated cases lack a success or a failure).";
        }
        var judgement = Judgement!;
        var lr = $"LR+ {LikelihoodRatioGrade.Written(LikelihoodRatio!.Value!.Value)} ({judgement.IntervalText(NumberStyle.Ratio)}, {Which}; {Grade})";
        var conclusion = Branch switch
        {
            Criterion4Branch.LowerBoundReaches => "a positive block establishes the diagnosis",
            Criterion4Branch.UpperBoundBelow => "a positive block does not establish the diagnosis",
            _ => "too wide to decide",
        };
        var shares = TreatedShares is null ? "" : $" {TreatedShares}";
        return $"{lr}: {judgement.PositionText(NumberStyle.Ratio, "E")}, so {conclusion}; {patients}.{shares}";
    }
}

/// <summary>The usual reading of a positive likelihood ratio (Jaeschke, Guyatt, Sackett, JAMA 1994;271:703).</summary>
public static class LikelihoodRatioGrade
{
    public static string Describe(double positiveLikelihoodRatio) => positiveLikelihoodRatio switch
    {
        > 10 => "large: an often conclusive change in the odds",
        >= 5 => "moderate",
        >= 2 => "small",
        >= 1 => "small and rarely important",
        _ => "below 1: a positive block lowers the odds of success",
    };

    /// <summary>
    /// The LR+ written so that it falls in the grade it is given: 4.996 is written "4.996" (small), not "5.00" (which
    /// would read as moderate).
    /// </summary>
    public static string Written(double positiveLikelihoodRatio)
    {
        var nearest = Boundaries.MinBy(b => Math.Abs(Math.Log(positiveLikelihoodRatio / b)));
        return NumberStyle.Ratio.Against(positiveLikelihoodRatio, nearest);
    }

    private static readonly double[] Boundaries = [1, 2, 5, 10];

    /// <summary>The grade's short name: large, moderate, small, rarely important, below 1.</summary>
    public static string Short(double positiveLikelihoodRatio) => positiveLikelihoodRatio switch
    {
        > 10 => "large",
        >= 5 => "moderate",
        >= 2 => "small",
        >= 1 => "rarely important",
        _ => "below 1",
    };
}

/// <summary>
/// The rule that turns the criterion-4 figures into a verdict on "a positive block establishes the diagnosis"
/// (clinical-reference §8, issue 11): with E = <see cref="LikelihoodRatioThreshold"/>, supported when the lower 95%
/// bound of LR+ reaches E; refuted when the upper 95% bound is below E; otherwise not enough data; and below
/// <see cref="MinimumPatients"/> analysed patients always not enough data. The LR+ is the Begg–Greenes corrected one
/// when the treated share differs between positive and negative blocks (<see cref="VerificationCorrection.TreatedShareDiffers"/>),
/// the uncorrected one otherwise.
/// </summary>
public sealed record Criterion4VerdictRule
{
    public const double DefaultLikelihoodRatioThreshold = 5;

    /// <summary>E: the LR+ a positive block must reach; 5 by default, where a "moderate" change in the odds begins.</summary>
    public double LikelihoodRatioThreshold { get; init; } = DefaultLikelihoodRatioThreshold;

    /// <summary>Below 10 patients in a cohort a verdict is "not enough data" (clinical-reference §6).</summary>
    public int MinimumPatients { get; init; } = 10;

    public static Criterion4VerdictRule Default { get; } = new();

    /// <summary>The rule in words, for the methods page.</summary>
    public string Describe()
    {
        var e = NumberStyle.Ratio.FormatLimit(LikelihoodRatioThreshold);
        return $"\"A positive block establishes the diagnosis\" is supported when the lower 95% bound of the positive likelihood ratio (LR+) reaches E = {e}, "
               + $"refuted when the upper 95% bound is below E, otherwise not enough data; with fewer than {MinimumPatients} analysed patients, or without a treated "
               + "block-negative case (no specificity, so no LR+), not enough data. The LR+ is the Begg–Greenes corrected one when the share treated and followed up "
               + "differs between positive and negative blocks (the 95% Newcombe interval of the difference of the two shares excludes zero), the uncorrected one "
               + "otherwise; the verdict says which. LR+ is graded as in Jaeschke, Guyatt and Sackett (JAMA 1994): above 10 large, 5–10 moderate, 2–5 small, "
               + "1–2 small and rarely important. This replaces the former rule (the lower 95% bound of the PPV at least 50%, with success after positive "
               + "blocks above success after negative ones), under which a block that moved the chance of success from 62% to 66% was \"supported\": a PPV can be "
               + "high because most treated patients do well anyway.";
    }

    /// <param name="patients">Distinct patients analysed.</param>
    /// <param name="uncorrected">Diagnostic accuracy of the treated cases; null when no block-negative case was treated.</param>
    /// <param name="corrected">The Begg–Greenes correction; null when not computed.</param>
    /// <param name="treatedPositive">Treated cases with a positive block.</param>
    public Criterion4Decision Decide(int patients, int treatedPositive, DiagnosticAccuracyResult? uncorrected, VerificationCorrection? corrected)
    {
        if (!double.IsFinite(LikelihoodRatioThreshold) || LikelihoodRatioThreshold <= 0)
        {
            throw new InvalidOperationException($"The LR+ threshold E must be a positive number, not {LikelihoodRatioThreshold}.");
        }
        var useCorrected = corrected is { TreatedShareDiffers: true };
        var shares = corrected is { TreatedAfterPositive: { Value: { } pos }, TreatedAfterNegative: { Value: { } neg } } c
            ? $"Treated and followed up: {NumberStyle.Percent.Format(pos)} of positive and {NumberStyle.Percent.Format(neg)} of negative blocks"
              + (c.TreatedShareDifference.Interval is { } di
                  ? $" (difference {Points(c.TreatedShareDifference.Value!.Value)}, 95% CI {Points(di.Lower)} to {Points(di.Upper)}{(useCorrected ? ", excluding zero: the corrected LR+ is used" : ", including zero: the uncorrected LR+ is used")})."
                  : ".")
            : null;
        Criterion4Decision Decision(Criterion4Branch branch, RatioEstimate? lr = null, IntervalJudgement? judgement = null) =>
            new(branch, patients, MinimumPatients, LikelihoodRatioThreshold, useCorrected, lr, judgement, shares);

        if (patients < MinimumPatients)
        {
            return Decision(Criterion4Branch.TooFewPatients);
        }
        if (treatedPositive == 0)
        {
            return Decision(Criterion4Branch.NoPositiveBlock);
        }
        if (uncorrected is null)
        {
            return Decision(Criterion4Branch.NoNegativeBlockTreated);
        }
        var lr = useCorrected ? corrected!.PositiveLikelihoodRatio : uncorrected.PositiveLikelihoodRatio;
        if (lr is not { Value: not null, Interval: { } interval })
        {
            return Decision(Criterion4Branch.NotEstimable, lr);
        }
        var judged = IntervalJudgement.Of(interval, LikelihoodRatioThreshold);
        return Decision(judged.Position switch
        {
            IntervalPosition.Reaches => Criterion4Branch.LowerBoundReaches,
            IntervalPosition.Below => Criterion4Branch.UpperBoundBelow,
            _ => Criterion4Branch.Straddles,
        }, lr, judged);
    }

    internal static string Percent(double proportion) =>
        (proportion * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static readonly NumberStyle PointStyle = new(100, 1, true, " points");

    // Signed, with enough decimals that a bound near zero is never written "0" (the comparison is against zero).
    private static string Points(double difference) =>
        (difference > 0 ? "+" : difference < 0 ? "−" : "") + PointStyle.Against(Math.Abs(difference), 0);
}
