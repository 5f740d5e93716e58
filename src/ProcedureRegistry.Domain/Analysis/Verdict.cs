using System.Globalization;

namespace ProcedureRegistry.Domain.Analysis;

public enum Verdict { Supported, Refuted, NotEnoughData }

/// <summary>A verdict on a claim with the reason, which quotes the numbers and the rule: never one without the other.</summary>
public sealed record ClaimVerdict(Verdict Verdict, string Reason)
{
    public override string ToString() => $"{Verdict}: {Reason}";
}

/// <summary>
/// The configurable rule that turns the criterion-4 figures into a verdict on "a positive block predicts
/// treatment success" (issue 5). In order:
/// <list type="number">
/// <item>not enough data when fewer than <see cref="MinimumPatients"/> patients were analysed, or no block was positive;</item>
/// <item>refuted when the upper 95% bound of the PPV is below <see cref="TargetSuccessRate"/>, or when the 95%
/// interval of (success after positive blocks − success after negative blocks) lies entirely at or below zero;</item>
/// <item>supported when the lower 95% bound of the PPV reaches <see cref="TargetSuccessRate"/> and (if
/// <see cref="RequireComparisonWithNegativeBlocks"/>) that difference has an interval entirely above zero;</item>
/// <item>otherwise not enough data: the intervals are too wide to decide, or no block-negative patient was treated.</item>
/// </list>
/// Refutation is checked first, so a high PPV with no advantage over negative blocks is refuted: the block then
/// does not discriminate, whatever the treatment's own success rate.
/// </summary>
public sealed record Criterion4VerdictRule
{
    /// <summary>
    /// The success rate a positive block must predict: 0.5 by default, i.e. a positive block should make success
    /// more likely than not (success itself is ≥ 50% relief at 3 months by default, clinical-reference §5).
    /// </summary>
    public double TargetSuccessRate { get; init; } = 0.5;

    /// <summary>Below 10 patients in a cohort a verdict is "not enough data" (clinical-reference §6).</summary>
    public int MinimumPatients { get; init; } = 10;

    /// <summary>
    /// True by default (the rule of issue 5): "supported" also needs success after positive blocks to exceed success
    /// after negative blocks. Clinics that never treat block-negative patients will then see "not enough data",
    /// which is honest: a PPV alone cannot show that the block adds anything. Set false to judge on the PPV alone.
    /// </summary>
    public bool RequireComparisonWithNegativeBlocks { get; init; } = true;

    public static Criterion4VerdictRule Default { get; } = new();

    /// <summary>The rule in words, for the methods page.</summary>
    public string Describe()
    {
        var target = Percent(TargetSuccessRate);
        var comparison = RequireComparisonWithNegativeBlocks
            ? " and success after positive blocks exceeds success after negative blocks with a 95% interval of the difference above zero"
            : "";
        return $"Supported when the lower 95% bound of the PPV reaches {target}{comparison}; refuted when the upper 95% bound "
               + $"of the PPV is below {target}, or the 95% interval of the difference lies at or below zero; otherwise, "
               + $"or with fewer than {MinimumPatients} patients, not enough data.";
    }

    /// <param name="patients">Distinct patients analysed.</param>
    /// <param name="ppv">Success among block-positive cases.</param>
    /// <param name="difference">Success after positive minus success after negative blocks (Newcombe interval).</param>
    public ClaimVerdict Apply(int patients, ProportionEstimate ppv, DifferenceEstimate difference)
    {
        if (!double.IsFinite(TargetSuccessRate) || TargetSuccessRate is <= 0 or >= 1)
        {
            throw new InvalidOperationException($"The target success rate must lie strictly between 0 and 1, not {TargetSuccessRate}.");
        }
        var target = Percent(TargetSuccessRate);
        if (patients < MinimumPatients)
        {
            return new(Verdict.NotEnoughData,
                $"{patients} patient{(patients == 1 ? "" : "s")} analysed; the rule needs at least {MinimumPatients}.");
        }
        if (ppv is not { Value: { } value, Wilson: { } interval })
        {
            return new(Verdict.NotEnoughData, $"No block was positive among {patients} patients, so there is no PPV to judge.");
        }
        var ppvText = $"PPV {Percent(value)} ({ppv.Successes}/{ppv.Total}, 95% CI {Percent(interval.Lower)}–{Percent(interval.Upper)})";
        var differenceText = difference is { Value: { } d, Interval: { } di }
            ? $"success after positive minus after negative blocks {Points(d)} (95% CI {Points(di.Lower)} to {Points(di.Upper)})"
            : null;

        if (interval.Upper < TargetSuccessRate)
        {
            return new(Verdict.Refuted, $"{ppvText}: the upper bound is below the target of {target}.");
        }
        if (difference.Interval is { } below && below.Upper <= 0)
        {
            return new(Verdict.Refuted,
                $"{differenceText}: the interval lies at or below zero, so a positive block does not predict success better than a negative one ({ppvText}).");
        }

        var ppvReaches = interval.Lower >= TargetSuccessRate;
        var differenceAboveZero = difference.Interval is { } above && above.Lower > 0;
        if (ppvReaches && (differenceAboveZero || !RequireComparisonWithNegativeBlocks))
        {
            return new(Verdict.Supported, differenceText is null || !RequireComparisonWithNegativeBlocks
                ? $"{ppvText}: the lower bound reaches the target of {target}."
                : $"{ppvText}: the lower bound reaches the target of {target}; {differenceText}: above zero.");
        }

        var undecided = new List<string>();
        if (!ppvReaches)
        {
            undecided.Add($"{ppvText}: the interval straddles the target of {target}");
        }
        if (RequireComparisonWithNegativeBlocks)
        {
            undecided.Add(differenceText is null
                ? "no block-negative patient was treated, so success after positive and negative blocks cannot be compared"
                : $"{differenceText}: the interval includes zero");
        }
        return new(Verdict.NotEnoughData, $"The intervals are too wide to decide: {string.Join("; ", undecided)}.");
    }

    internal static string Percent(double proportion) =>
        (proportion * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Points(double difference) =>
        (difference * 100).ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture) + " points";
}
