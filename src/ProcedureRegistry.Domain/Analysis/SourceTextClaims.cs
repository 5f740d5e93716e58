using ProcedureRegistry.Domain.Clinical;
using static System.FormattableString;

namespace ProcedureRegistry.Domain.Analysis;

/// <summary>A confirmed case's principal referred-pain territory and its block-confirmed segment; one row per case.</summary>
public sealed record TerritoryLevelCase(int PatientKey, Territory Territory, SpinalSegment ConfirmedSegment);

/// <summary>A confirmed case where imaging suggested a level: that level and the block-confirmed one.</summary>
public sealed record LevelAgreementCase(int PatientKey, SpinalSegment ImagingLevel, SpinalSegment BlockConfirmedLevel);

/// <summary>
/// The rule for "the referred-pain territory does not indicate the spinal level". With V Cramér's V and p the
/// test's p-value (Fisher's exact for a 2×2 table with an expected count below 5, Pearson's chi-square otherwise):
/// supported when V &lt; <see cref="SmallCramersV"/> (at most a weak association, significant or not: a weak
/// association cannot localise); refuted when V ≥ <see cref="SmallCramersV"/> and p &lt; <see cref="Alpha"/>;
/// otherwise (a sizeable but not significant association), or with fewer than <see cref="MinimumPatients"/>
/// patients, or fewer than two territories or segments seen, not enough data.
/// </summary>
public sealed record TerritoryLevelRule
{
    /// <summary>0.05, two-sided.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>0.3: Cohen's (1988) "medium" effect for a 2-column table; below it the association is called weak.</summary>
    public double SmallCramersV { get; init; } = 0.3;

    public int MinimumPatients { get; init; } = 10;

    public string Describe() => Invariant(
        $"Territory against block-confirmed segment, Pearson chi-square (Fisher's exact for a 2×2 table with an expected count below 5) and Cramér's V: ")
        + Invariant($"\"the territory does not indicate the level\" is supported when V is below {SmallCramersV}, refuted when V reaches {SmallCramersV} with p below {Alpha}, ")
        + Invariant($"otherwise, or with fewer than {MinimumPatients} patients, not enough data.");
}

/// <summary>
/// The rule for "imaging is non-contributory" (agreement of the imaging-suggested level with the block-confirmed
/// level): supported when the upper 95% bound of Cohen's kappa is below <see cref="MeaningfulKappa"/>; refuted when
/// the lower bound reaches it; otherwise, or with fewer than <see cref="MinimumPatients"/> patients, not enough data.
/// </summary>
public sealed record LevelAgreementRule
{
    /// <summary>0.4, where "moderate" agreement begins (Landis &amp; Koch 1977, Biometrics 33:159).</summary>
    public double MeaningfulKappa { get; init; } = 0.4;

    public int MinimumPatients { get; init; } = 10;

    public string Describe() => Invariant(
        $"Imaging-suggested level against block-confirmed level, Cohen's kappa with its 95% interval: \"imaging is non-contributory\" is supported when ")
        + Invariant($"the upper bound is below {MeaningfulKappa}, refuted when the lower bound reaches it, otherwise, or with fewer than {MinimumPatients} patients, not enough data.");
}

/// <summary>
/// The rule for "pain does not radiate below the knee" in confirmed cases, read as "in fewer than
/// <see cref="MaximumProportion"/> of them": supported when the upper 95% Wilson bound is below it, refuted when the
/// lower bound reaches it, otherwise (or below <see cref="MinimumPatients"/>) not enough data.
/// </summary>
public sealed record BelowKneeRule
{
    /// <summary>0.10: occasional radiation below the knee (misclassification, a second pain source) is tolerated.</summary>
    public double MaximumProportion { get; init; } = 0.10;

    public int MinimumPatients { get; init; } = 10;

    public string Describe() =>
        $"Confirmed cases with pain below the knee, with the 95% Wilson interval: \"pain does not radiate below the knee\" is supported when the upper bound "
        + $"is below {Criterion4VerdictRule.Percent(MaximumProportion)}, refuted when the lower bound reaches it, otherwise, or with fewer than {MinimumPatients} patients, not enough data.";
}

/// <summary>
/// The rule for "bilateral cases occur": supported when at least one confirmed case is bilateral; refuted, in the
/// practical sense that bilateral cases are rarer than <see cref="RareBelow"/> if they occur at all, when none is seen
/// and the upper 95% Wilson bound is below it; otherwise, or below <see cref="MinimumPatients"/>, not enough data.
/// </summary>
public sealed record BilateralRule
{
    /// <summary>0.05.</summary>
    public double RareBelow { get; init; } = 0.05;

    public int MinimumPatients { get; init; } = 10;

    public string Describe() =>
        $"Bilateral confirmed cases, with the 95% Wilson interval: \"bilateral cases occur\" is supported when at least one is seen, refuted when none is seen "
        + $"and the upper bound is below {Criterion4VerdictRule.Percent(RareBelow)}, otherwise, or with fewer than {MinimumPatients} patients, not enough data.";
}

/// <summary>
/// Patients a claim leaves out of its denominator because the item it rests on was not recorded (no assessment, no
/// territory, no imaging level), with why: a claim "supported by missing data" is not a finding (clinical-reference §8).
/// </summary>
public sealed record LeftOut(string Reason, int Patients);

public sealed record TerritoryLevelResult(
    IReadOnlyList<Territory> Territories,
    IReadOnlyList<SpinalSegment> Segments,
    IReadOnlyList<IReadOnlyList<int>> Table,
    ChiSquareResult Test,
    double? P,
    ClaimVerdict Verdict)
{
    /// <summary>Confirmed patients without the item, not in <see cref="Table"/>.</summary>
    public IReadOnlyList<LeftOut> LeftOut { get; init; } = [];
}

public sealed record LevelAgreementResult(IReadOnlyList<SpinalSegment> Levels, IReadOnlyList<IReadOnlyList<int>> Table, KappaResult Kappa, ClaimVerdict Verdict)
{
    /// <summary>Confirmed patients without the item, not in <see cref="Table"/>.</summary>
    public IReadOnlyList<LeftOut> LeftOut { get; init; } = [];
}

public sealed record ProportionClaimResult(ProportionEstimate Proportion, ClaimVerdict Verdict)
{
    /// <summary>Confirmed patients or cases without the item, not in the proportion's denominator.</summary>
    public IReadOnlyList<LeftOut> LeftOut { get; init; } = [];
}

/// <summary>The other claims of the source text (issue 5 §4), each tested from the data with its own verdict.</summary>
public static class SourceTextClaims
{
    /// <summary>Territory (rows) against block-confirmed segment (columns), only those seen; chi-square and Cramér's V.</summary>
    /// <param name="leftOut">Confirmed patients without a recorded territory (not in <paramref name="data"/>), with why.</param>
    public static TerritoryLevelResult TerritoryIndicatesLevel(IEnumerable<TerritoryLevelCase> data, TerritoryLevelRule? rule = null, IReadOnlyList<LeftOut>? leftOut = null)
    {
        rule ??= new();
        leftOut = Nonzero(leftOut);
        var cases = data.ToList();
        var territories = cases.Select(c => c.Territory).Distinct().Order().ToList();
        var segments = cases.Select(c => c.ConfirmedSegment).Distinct().Order().ToList();
        var table = new int[territories.Count, segments.Count];
        foreach (var c in cases)
        {
            table[territories.IndexOf(c.Territory), segments.IndexOf(c.ConfirmedSegment)]++;
        }
        var test = ChiSquareTest.Compute(table);
        var useFisher = test is { FisherExactP: not null, AnyExpectedBelowFive: true };
        var p = useFisher ? test.FisherExactP : test.P;
        var patients = cases.Select(c => c.PatientKey).Distinct().Count();

        ClaimVerdict verdict;
        if (patients < rule.MinimumPatients)
        {
            verdict = TooFew(patients, rule.MinimumPatients, leftOut);
        }
        else if (test is not { CramersV: { } v, Statistic: { } chi, DegreesOfFreedom: { } df } || p is not { } pValue)
        {
            verdict = new(Verdict.NotEnoughData,
                $"{territories.Count} territor{(territories.Count == 1 ? "y" : "ies")} and {segments.Count} segment{(segments.Count == 1 ? "" : "s")} seen among {cases.Count} cases: an association needs at least two of each.");
        }
        else
        {
            var numbers = Invariant($"{cases.Count} cases, {territories.Count} territories × {segments.Count} segments: chi-square {chi:0.00} ")
                          + Invariant($"(df {df}), {(useFisher ? "Fisher's exact " : "")}{FormatP(pValue, rule.Alpha)}, Cramér's V {NumberStyle.Ratio.Against(v, rule.SmallCramersV)}")
                          + (test.CramersVInterval is { } vi ? Invariant($" (95% CI {vi.Lower:0.00} to {vi.Upper:0.00}{(v > vi.Upper ? "; the sample V lies above it, as it can when χ² is below its degrees of freedom: chance alone inflates V" : "")})") : "")
                          + (test.AnyExpectedBelowFive && !useFisher ? " (some expected counts below 5: the chi-square p is approximate)" : "");
            // The two comparisons decide, and their results, not the numbers again, choose the words.
            var weak = v < rule.SmallCramersV;
            var significant = pValue < rule.Alpha;
            var small = Invariant($"{rule.SmallCramersV:0.0#}");
            var alpha = Invariant($"{rule.Alpha}");
            verdict = weak
                ? new(Verdict.Supported, $"{numbers}. V is below {small}: at most a weak association, so the territory does not indicate the level.")
                : significant
                    ? new(Verdict.Refuted, $"{numbers}. V reaches {small} and p is below {alpha}: the territory is associated with the level.")
                    : new(Verdict.NotEnoughData, $"{numbers}. V reaches {small} but p is not below {alpha}: too few data to tell a real association from chance.");
            verdict = WithLeftOut(verdict, leftOut);
        }
        return new(territories, segments, Rows(table), test, p, verdict) { LeftOut = leftOut };
    }

    /// <summary>Imaging-suggested level (rows) against block-confirmed level (columns), over the levels seen in either; Cohen's kappa.</summary>
    /// <param name="leftOut">Confirmed patients without an imaging-suggested level (not in <paramref name="data"/>), with why.</param>
    public static LevelAgreementResult ImagingAgreesWithBlocks(IEnumerable<LevelAgreementCase> data, LevelAgreementRule? rule = null, IReadOnlyList<LeftOut>? leftOut = null)
    {
        rule ??= new();
        leftOut = Nonzero(leftOut);
        var cases = data.ToList();
        var levels = cases.SelectMany(c => new[] { c.ImagingLevel, c.BlockConfirmedLevel }).Distinct().Order().ToList();
        var table = new int[levels.Count, levels.Count];
        foreach (var c in cases)
        {
            table[levels.IndexOf(c.ImagingLevel), levels.IndexOf(c.BlockConfirmedLevel)]++;
        }
        var kappa = CohensKappa.Compute(table);
        var patients = cases.Select(c => c.PatientKey).Distinct().Count();
        ClaimVerdict verdict;
        if (patients < rule.MinimumPatients)
        {
            verdict = TooFew(patients, rule.MinimumPatients, leftOut);
        }
        else if (kappa is not { Kappa: { } k, Interval: { } ci, ObservedAgreement: { } po })
        {
            verdict = new(Verdict.NotEnoughData, $"{cases.Count} cases, all at one level on both sides: kappa is not estimable.");
        }
        else
        {
            var judged = IntervalJudgement.Of(ci, rule.MeaningfulKappa);
            var numbers = Invariant($"{cases.Count} cases: imaging and blocks agree in {po * 100:0.#}%, kappa {k:0.00} ({judged.IntervalText(NumberStyle.Ratio)})");
            verdict = WithLeftOut(Judge(judged, $"{numbers}; {judged.PositionText(NumberStyle.Ratio)}",
                "imaging does not localise the level", "imaging agrees with the blocks at least moderately", "too wide to decide"), leftOut);
        }
        return new(levels, Rows(table), kappa, verdict) { LeftOut = leftOut };
    }

    /// <summary>
    /// The proportion of confirmed patients with pain below the knee (Wilson), against "does not radiate below the
    /// knee". <paramref name="recorded"/> counts only the patients whose answer is recorded (an assessment); those
    /// without it are <paramref name="leftOut"/>, never counted as "not below the knee".
    /// </summary>
    public static ProportionClaimResult PainBelowKnee(int casesBelowKnee, int recorded, int patients, BelowKneeRule? rule = null, IReadOnlyList<LeftOut>? leftOut = null)
    {
        rule ??= new();
        leftOut = Nonzero(leftOut);
        var proportion = Proportions.Estimate(casesBelowKnee, recorded);
        if (patients < rule.MinimumPatients || proportion is not { Wilson: { } ci })
        {
            return new(proportion, TooFew(patients, rule.MinimumPatients, leftOut)) { LeftOut = leftOut };
        }
        var judged = IntervalJudgement.Of(ci, rule.MaximumProportion);
        var numbers = $"{Describe(proportion, judged)} of confirmed cases had pain below the knee";
        return new(proportion, WithLeftOut(Judge(judged, $"{numbers}; {judged.PositionText(NumberStyle.Percent)}", null, null, "too wide to decide"), leftOut))
        {
            LeftOut = leftOut,
        };
    }

    /// <summary>The proportion of confirmed cases that are bilateral (Wilson), against "bilateral cases occur".</summary>
    public static ProportionClaimResult BilateralCasesOccur(int bilateralCases, int confirmedCases, int patients, BilateralRule? rule = null, IReadOnlyList<LeftOut>? leftOut = null)
    {
        rule ??= new();
        leftOut = Nonzero(leftOut);
        var proportion = Proportions.Estimate(bilateralCases, confirmedCases);
        if (patients < rule.MinimumPatients || proportion is not { Wilson: { } ci })
        {
            return new(proportion, TooFew(patients, rule.MinimumPatients, leftOut)) { LeftOut = leftOut };
        }
        ClaimVerdict verdict;
        if (bilateralCases > 0)
        {
            verdict = new(Verdict.Supported, $"{Describe(proportion)} of confirmed cases were bilateral: bilateral cases occur.");
        }
        else
        {
            // None seen: whether they are rare rests on the upper bound alone (the lower bound of 0/n is 0).
            var judged = IntervalJudgement.Of(ci, rule.RareBelow);
            var numbers = $"{Describe(proportion, judged)} of confirmed cases were bilateral";
            verdict = judged.Position == IntervalPosition.Below
                ? new(Verdict.Refuted, $"{numbers}; {judged.PositionText(NumberStyle.Percent)}: bilateral cases are rare if they occur at all.")
                : new(Verdict.NotEnoughData, $"{numbers}; none seen, but the upper bound reaches {NumberStyle.Percent.FormatLimit(rule.RareBelow)}: too few cases to say they are rare.");
        }
        return new(proportion, WithLeftOut(verdict, leftOut)) { LeftOut = leftOut };
    }

    /// <summary>
    /// A verdict from where an interval lies against the claim's limit: below supports the claim, reaching refutes
    /// it, straddling decides nothing; the reason is the numbers with the position in words and what it means.
    /// </summary>
    private static ClaimVerdict Judge(IntervalJudgement judged, string numbersAndPosition, string? whenBelow, string? whenReaches, string whenStraddles)
    {
        var (verdict, meaning) = judged.Position switch
        {
            IntervalPosition.Below => (Verdict.Supported, whenBelow),
            IntervalPosition.Reaches => (Verdict.Refuted, whenReaches),
            _ => (Verdict.NotEnoughData, whenStraddles),
        };
        return new(verdict, meaning is null ? $"{numbersAndPosition}." : $"{numbersAndPosition}: {meaning}.");
    }

    /// <summary>"12 confirmed patients left out: no assessment (12)", for a reason; empty when none was.</summary>
    public static string DescribeLeftOut(IReadOnlyList<LeftOut> leftOut) =>
        leftOut.Count == 0
            ? ""
            : $"{leftOut.Sum(l => l.Patients)} left out of the denominator, the item not recorded: {string.Join("; ", leftOut.Select(l => $"{l.Reason} ({l.Patients})"))}.";

    private static ClaimVerdict WithLeftOut(ClaimVerdict verdict, IReadOnlyList<LeftOut> leftOut) =>
        leftOut.Count == 0 ? verdict : verdict with { Reason = $"{verdict.Reason} {DescribeLeftOut(leftOut)}" };

    private static IReadOnlyList<LeftOut> Nonzero(IReadOnlyList<LeftOut>? leftOut) =>
        leftOut is null ? [] : [.. leftOut.Where(l => l.Patients > 0)];

    // Results hold jagged rows, not int[,], so that System.Text.Json can write them for the analysts' download.
    private static IReadOnlyList<IReadOnlyList<int>> Rows(int[,] table) =>
        [.. Enumerable.Range(0, table.GetLength(0))
            .Select(i => (IReadOnlyList<int>)[.. Enumerable.Range(0, table.GetLength(1)).Select(j => table[i, j])])];

    /// <summary>"p = 0.0123", or "p &lt; 0.0001" when it would round to zero.</summary>
    public static string FormatP(double p) => p < 0.0001 ? "p < 0.0001" : Invariant($"p = {p:0.0000}");

    /// <summary>As <see cref="FormatP(double)"/>, with more decimals where 4 would put p on the wrong side of <paramref name="alpha"/> ("p = 0.04996", not "p = 0.0500", beside "below 0.05").</summary>
    public static string FormatP(double p, double alpha) => p < 0.0001 ? "p < 0.0001" : $"p = {PStyle.Against(p, alpha)}";

    private static readonly NumberStyle PStyle = new(1, 4, false, "");

    private static ClaimVerdict TooFew(int patients, int minimum, IReadOnlyList<LeftOut> leftOut) =>
        WithLeftOut(new(Verdict.NotEnoughData, $"{patients} patient{(patients == 1 ? "" : "s")} analysed; the rule needs at least {minimum}."), leftOut);

    private static string Describe(ProportionEstimate p) =>
        $"{p.Successes}/{p.Total} ({Criterion4VerdictRule.Percent(p.Value ?? 0)}, 95% CI "
        + $"{Criterion4VerdictRule.Percent(p.Wilson?.Lower ?? 0)}–{Criterion4VerdictRule.Percent(p.Wilson?.Upper ?? 0)})";

    // The bounds written so that each compares with the written limit as it does with the limit.
    private static string Describe(ProportionEstimate p, IntervalJudgement judged) =>
        $"{p.Successes}/{p.Total} ({Criterion4VerdictRule.Percent(p.Value ?? 0)}, 95% CI "
        + $"{NumberStyle.Percent.Against(judged.Interval.Lower, judged.Limit)}–{NumberStyle.Percent.Against(judged.Interval.Upper, judged.Limit)})";
}
