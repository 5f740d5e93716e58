namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// What a 2×2 table says about a test. The four proportions use the raw counts with Wilson intervals; the ratios
/// use the counts plus 0.5 in every cell when (and only when) some cell is zero, flagged by
/// <see cref="CorrectionApplied"/>. A ratio is not estimable when a margin of the table is zero.
/// </summary>
public sealed record DiagnosticAccuracyResult(
    TwoByTwo Table,
    ProportionEstimate Sensitivity,
    ProportionEstimate Specificity,
    ProportionEstimate PositivePredictiveValue,
    ProportionEstimate NegativePredictiveValue,
    RatioEstimate PositiveLikelihoodRatio,
    RatioEstimate NegativeLikelihoodRatio,
    RatioEstimate DiagnosticOddsRatio,
    bool CorrectionApplied,
    double FisherExactP);

/// <summary>
/// Sensitivity, specificity, PPV, NPV (Wilson intervals), likelihood ratios with log-method intervals (Simel,
/// Samsa, Matchar 1991, J Clin Epidemiol 44:763: SE ln LR+ = √(1/a − 1/(a+c) + 1/b − 1/(b+d))), and the diagnostic
/// odds ratio with Woolf's log interval (SE ln DOR = √(1/a + 1/b + 1/c + 1/d); Glas et al. 2003, J Clin Epidemiol
/// 56:1129), with a = TP, b = FP, c = FN, d = TN.
/// </summary>
public static class DiagnosticAccuracy
{
    public static DiagnosticAccuracyResult Compute(TwoByTwo table)
    {
        var (tp, fp, fn, tn) = (table.TruePositive, table.FalsePositive, table.FalseNegative, table.TrueNegative);
        var correct = table.HasZeroCell;
        var ratiosEstimable = table.TestPositive > 0 && table.TestNegative > 0
                              && table.OutcomePresent > 0 && table.OutcomeAbsent > 0;
        var k = correct ? 0.5 : 0.0;
        double a = tp + k, b = fp + k, c = fn + k, d = tn + k;
        var z = Confidence.Z95;

        RatioEstimate Ratio(double value, double logSe) =>
            new(value, new(value * Math.Exp(-z * logSe), value * Math.Exp(z * logSe)));

        var sensitivity = a / (a + c);
        var specificity = d / (b + d);
        return new(
            table,
            Proportions.Estimate(tp, table.OutcomePresent),
            Proportions.Estimate(tn, table.OutcomeAbsent),
            Proportions.Estimate(tp, table.TestPositive),
            Proportions.Estimate(tn, table.TestNegative),
            ratiosEstimable
                ? Ratio(sensitivity / (1 - specificity), Math.Sqrt(1 / a - 1 / (a + c) + 1 / b - 1 / (b + d)))
                : RatioEstimate.NotEstimable,
            ratiosEstimable
                ? Ratio((1 - sensitivity) / specificity, Math.Sqrt(1 / c - 1 / (a + c) + 1 / d - 1 / (b + d)))
                : RatioEstimate.NotEstimable,
            ratiosEstimable
                ? Ratio(a * d / (b * c), Math.Sqrt(1 / a + 1 / b + 1 / c + 1 / d))
                : RatioEstimate.NotEstimable,
            correct && ratiosEstimable,
            FisherExact.TwoSidedP(table));
    }
}
