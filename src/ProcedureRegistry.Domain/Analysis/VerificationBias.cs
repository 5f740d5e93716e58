namespace ProcedureRegistry.Domain.Analysis;

/// <summary>A derived figure (a corrected sensitivity or specificity) with its 95% interval; null parts are not estimable.</summary>
public sealed record DerivedEstimate(double? Value, Interval? Interval)
{
    public static DerivedEstimate NotEstimable { get; } = new(null, null);

    public bool IsEstimable => Value is not null;
}

/// <summary>
/// Sensitivity, specificity and likelihood ratios corrected for partial verification (Begg and Greenes, Biometrics
/// 1983;39:207; clinical-reference §8). Success is seen only in treated, followed-up patients, and block-negative
/// patients are rarely treated; assuming treatment depends on the block result only, the PPV and NPV of the treated
/// are unbiased, and with p the share of positive blocks among all classifiable blocks:
/// sensitivity = p·PPV / (p·PPV + (1 − p)(1 − NPV)), specificity = (1 − p)·NPV / ((1 − p)·NPV + p(1 − PPV)).
/// </summary>
/// <param name="PositiveBlocks">Classifiable blocks that were positive, treated or not.</param>
/// <param name="NegativeBlocks">Classifiable blocks that were negative, treated or not.</param>
/// <param name="Treated">Block result against success among the treated and followed-up cases.</param>
/// <param name="TreatedAfterPositive">Treated and followed up, of the positive blocks.</param>
/// <param name="TreatedAfterNegative">Treated and followed up, of the negative blocks.</param>
/// <param name="TreatedShareDifference">The first minus the second, with Newcombe's interval.</param>
/// <param name="CellCorrectionApplied">A cell of <paramref name="Treated"/> was zero: 0.5 was added to each of its cells.</param>
public sealed record VerificationCorrection(
    int PositiveBlocks,
    int NegativeBlocks,
    TwoByTwo Treated,
    ProportionEstimate TreatedAfterPositive,
    ProportionEstimate TreatedAfterNegative,
    DifferenceEstimate TreatedShareDifference,
    DerivedEstimate Sensitivity,
    DerivedEstimate Specificity,
    RatioEstimate PositiveLikelihoodRatio,
    RatioEstimate NegativeLikelihoodRatio,
    bool CellCorrectionApplied)
{
    /// <summary>
    /// Whether the treated share differs between positive and negative blocks, the condition under which the verdict
    /// uses the corrected likelihood ratio: the 95% Newcombe interval of the difference of the two shares excludes zero.
    /// </summary>
    public bool TreatedShareDiffers => TreatedShareDifference.Interval is { } i && (i.Lower > 0 || i.Upper < 0);
}

/// <summary>
/// The Begg–Greenes correction with delta-method intervals. The likelihood factorises into p (binomial over the
/// classifiable blocks), the PPV and the NPV (binomial over the treated positive and negative blocks), so the three
/// are asymptotically independent; each corrected figure's variance is Σ (∂f/∂θ)² Var(θ) on the logit scale (sensitivity,
/// specificity) or the log scale (likelihood ratios), and the interval is transformed back. With π = p·PPV + (1 − p)(1 − NPV)
/// (success among all blocks), LR+ = odds(PPV) / odds(π) and LR− = odds(1 − NPV) / odds(π).
/// </summary>
public static class VerificationBias
{
    public static VerificationCorrection Correct(int positiveBlocks, int negativeBlocks, TwoByTwo treated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positiveBlocks);
        ArgumentOutOfRangeException.ThrowIfNegative(negativeBlocks);
        if (treated.TestPositive > positiveBlocks || treated.TestNegative > negativeBlocks)
        {
            throw new ArgumentException($"The treated cases ({treated}) cannot outnumber the blocks ({positiveBlocks} positive, {negativeBlocks} negative).", nameof(treated));
        }
        var afterPositive = Proportions.Estimate(treated.TestPositive, positiveBlocks);
        var afterNegative = Proportions.Estimate(treated.TestNegative, negativeBlocks);
        var difference = Proportions.Difference(treated.TestPositive, positiveBlocks, treated.TestNegative, negativeBlocks);
        if (positiveBlocks == 0 || negativeBlocks == 0 || treated.TestPositive == 0 || treated.TestNegative == 0)
        {
            return new(positiveBlocks, negativeBlocks, treated, afterPositive, afterNegative, difference,
                DerivedEstimate.NotEstimable, DerivedEstimate.NotEstimable, RatioEstimate.NotEstimable, RatioEstimate.NotEstimable, false);
        }

        var correct = treated.HasZeroCell;
        var k = correct ? 0.5 : 0.0;
        double n1 = treated.TestPositive + 2 * k, n0 = treated.TestNegative + 2 * k, n = positiveBlocks + negativeBlocks;
        var ppv = (treated.TruePositive + k) / n1;
        var npv = (treated.TrueNegative + k) / n0;
        var p = positiveBlocks / n;
        var f = Figures(p, ppv, npv);
        var (varP, varPpv, varNpv) = (p * (1 - p) / n, ppv * (1 - ppv) / n1, npv * (1 - npv) / n0);
        var z = Confidence.Z95;

        double Se((double P, double Ppv, double Npv) g) => Math.Sqrt(g.P * g.P * varP + g.Ppv * g.Ppv * varPpv + g.Npv * g.Npv * varNpv);
        DerivedEstimate Logit(double value, double se) => new(value, new(Expit(LogitOf(value) - z * se), Expit(LogitOf(value) + z * se)));
        RatioEstimate Log(double value, double se) => new(value, new(value * Math.Exp(-z * se), value * Math.Exp(z * se)));

        return new(positiveBlocks, negativeBlocks, treated, afterPositive, afterNegative, difference,
            Logit(f.Sensitivity, Se(SensitivityGradient(p, ppv, npv))),
            Logit(f.Specificity, Se(SpecificityGradient(p, ppv, npv))),
            Log(f.PositiveLikelihoodRatio, Se(PositiveLikelihoodRatioGradient(p, ppv, npv))),
            Log(f.NegativeLikelihoodRatio, Se(NegativeLikelihoodRatioGradient(p, ppv, npv))),
            correct);
    }

    /// <summary>The corrected figures from p, PPV and NPV (each strictly between 0 and 1).</summary>
    public static (double Sensitivity, double Specificity, double PositiveLikelihoodRatio, double NegativeLikelihoodRatio) Figures(double p, double ppv, double npv)
    {
        var sensitivity = p * ppv / (p * ppv + (1 - p) * (1 - npv));
        var specificity = (1 - p) * npv / ((1 - p) * npv + p * (1 - ppv));
        return (sensitivity, specificity, sensitivity / (1 - specificity), (1 - sensitivity) / specificity);
    }

    /// <summary>The gradients of the delta method (public so a test can check them against numeric derivatives).</summary>
    // logit(sensitivity) = ln p + ln PPV − ln(1 − p) − ln(1 − NPV)
    public static (double P, double Ppv, double Npv) SensitivityGradient(double p, double ppv, double npv) =>
        (1 / (p * (1 - p)), 1 / ppv, 1 / (1 - npv));

    // logit(specificity) = ln(1 − p) + ln NPV − ln p − ln(1 − PPV)
    public static (double P, double Ppv, double Npv) SpecificityGradient(double p, double ppv, double npv) =>
        (-1 / (p * (1 - p)), 1 / (1 - ppv), 1 / npv);

    // ln LR+ = logit(PPV) − logit(π), π = p·PPV + (1 − p)(1 − NPV)
    public static (double P, double Ppv, double Npv) PositiveLikelihoodRatioGradient(double p, double ppv, double npv)
    {
        var v = Pi(p, ppv, npv) * (1 - Pi(p, ppv, npv));
        return (-(ppv + npv - 1) / v, 1 / (ppv * (1 - ppv)) - p / v, (1 - p) / v);
    }

    // ln LR− = logit(1 − NPV) − logit(π)
    public static (double P, double Ppv, double Npv) NegativeLikelihoodRatioGradient(double p, double ppv, double npv)
    {
        var v = Pi(p, ppv, npv) * (1 - Pi(p, ppv, npv));
        return (-(ppv + npv - 1) / v, -p / v, -1 / (npv * (1 - npv)) + (1 - p) / v);
    }

    private static double Pi(double p, double ppv, double npv) => p * ppv + (1 - p) * (1 - npv);

    private static double LogitOf(double x) => Math.Log(x / (1 - x));

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));
}
