using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>
/// The Begg–Greenes correction and the post-test probabilities against the worked values of clinical-reference §8:
/// 200 blocks, 150 positive and 50 negative; treated: 100 of the positive (70 successes, 30 failures) and 10 of the
/// negative (3 successes, 7 failures).
/// </summary>
public sealed class VerificationBiasTests
{
    private static readonly TwoByTwo Treated = new(TruePositive: 70, FalsePositive: 30, FalseNegative: 3, TrueNegative: 7);

    [Fact]
    public void The_worked_values_of_section_8_uncorrected_and_corrected()
    {
        var uncorrected = DiagnosticAccuracy.Compute(Treated);
        Assert.Equal(0.9589, uncorrected.Sensitivity.Value!.Value, 4);
        Assert.Equal(0.1892, uncorrected.Specificity.Value!.Value, 4);
        Assert.Equal(1.1826, uncorrected.PositiveLikelihoodRatio.Value!.Value, 4);

        var corrected = VerificationBias.Correct(150, 50, Treated);
        Assert.Equal(0.8750, corrected.Sensitivity.Value!.Value, 4);
        Assert.Equal(0.4375, corrected.Specificity.Value!.Value, 4);
        Assert.Equal(1.5556, corrected.PositiveLikelihoodRatio.Value!.Value, 4);
        Assert.Equal(0.2857, corrected.NegativeLikelihoodRatio.Value!.Value, 4);
        Assert.False(corrected.CellCorrectionApplied);

        // Treated shares 100/150 and 10/50 differ: the corrected LR+ is the one a verdict uses.
        Assert.Equal(2.0 / 3, corrected.TreatedAfterPositive.Value!.Value, 10);
        Assert.Equal(0.2, corrected.TreatedAfterNegative.Value!.Value, 10);
        Assert.True(corrected.TreatedShareDiffers);
    }

    [Fact]
    public void Pre_and_post_test_probabilities_of_section_8()
    {
        Assert.Equal(0.6636, (double)Treated.OutcomePresent / Treated.Total, 4);
        var (afterPositive, afterNegative) = Criterion4Analysis.PostTestProbabilities(Treated);
        Assert.Equal(0.7000, afterPositive!.Value, 4);
        Assert.Equal(0.3000, afterNegative!.Value, 4);
        // The same from the corrected side: the prevalence among all blocks, 0.75 × 0.7 + 0.25 × 0.3 = 0.6, times the
        // corrected ratios. The correction leaves the post-test probabilities alone.
        Assert.Equal(0.7000, Criterion4Analysis.PostTestProbability(0.6, 1.5556 / 1.0), 3);
        var corrected = VerificationBias.Correct(150, 50, Treated);
        Assert.Equal(0.7000, Criterion4Analysis.PostTestProbability(0.6, corrected.PositiveLikelihoodRatio.Value!.Value), 10);
        Assert.Equal(0.3000, Criterion4Analysis.PostTestProbability(0.6, corrected.NegativeLikelihoodRatio.Value!.Value), 10);
    }

    [Fact]
    public void Equal_treated_shares_leave_the_figures_as_they_were()
    {
        // Half of every block group treated: the corrected figures are the uncorrected ones.
        var treated = new TwoByTwo(40, 20, 10, 30);
        var corrected = VerificationBias.Correct(120, 80, treated);
        var uncorrected = DiagnosticAccuracy.Compute(treated);
        Assert.Equal(uncorrected.Sensitivity.Value!.Value, corrected.Sensitivity.Value!.Value, 10);
        Assert.Equal(uncorrected.Specificity.Value!.Value, corrected.Specificity.Value!.Value, 10);
        Assert.Equal(uncorrected.PositiveLikelihoodRatio.Value!.Value, corrected.PositiveLikelihoodRatio.Value!.Value, 10);
        Assert.False(corrected.TreatedShareDiffers);
    }

    [Fact]
    public void The_delta_method_gradients_match_numeric_derivatives()
    {
        // An independent check of the derivation: central differences of the corrected figures on their scales.
        (double P, double Ppv, double Npv) at = (0.75, 0.7, 0.7);
        static double Logit(double x) => Math.Log(x / (1 - x));
        Func<double, double, double, double>[] functions =
        [
            (p, a, b) => Logit(VerificationBias.Figures(p, a, b).Sensitivity),
            (p, a, b) => Logit(VerificationBias.Figures(p, a, b).Specificity),
            (p, a, b) => Math.Log(VerificationBias.Figures(p, a, b).PositiveLikelihoodRatio),
            (p, a, b) => Math.Log(VerificationBias.Figures(p, a, b).NegativeLikelihoodRatio),
        ];
        (double, double, double)[] analytic =
        [
            VerificationBias.SensitivityGradient(at.P, at.Ppv, at.Npv),
            VerificationBias.SpecificityGradient(at.P, at.Ppv, at.Npv),
            VerificationBias.PositiveLikelihoodRatioGradient(at.P, at.Ppv, at.Npv),
            VerificationBias.NegativeLikelihoodRatioGradient(at.P, at.Ppv, at.Npv),
        ];
        const double h = 1e-6;
        for (var i = 0; i < functions.Length; i++)
        {
            var f = functions[i];
            var numeric = (
                (f(at.P + h, at.Ppv, at.Npv) - f(at.P - h, at.Ppv, at.Npv)) / (2 * h),
                (f(at.P, at.Ppv + h, at.Npv) - f(at.P, at.Ppv - h, at.Npv)) / (2 * h),
                (f(at.P, at.Ppv, at.Npv + h) - f(at.P, at.Ppv, at.Npv - h)) / (2 * h));
            Assert.Equal(numeric.Item1, analytic[i].Item1, 5);
            Assert.Equal(numeric.Item2, analytic[i].Item2, 5);
            Assert.Equal(numeric.Item3, analytic[i].Item3, 5);
        }
    }

    [Fact]
    public void The_delta_method_intervals_agree_with_a_seeded_parametric_bootstrap()
    {
        var corrected = VerificationBias.Correct(150, 50, Treated);
        var random = new Random(20261206);
        int Binomial(int n, double p)
        {
            var x = 0;
            for (var i = 0; i < n; i++)
            {
                x += random.NextDouble() < p ? 1 : 0;
            }
            return x;
        }
        const int replicates = 20_000;
        var positive = new List<double>(replicates);
        var sensitivity = new List<double>(replicates);
        var specificity = new List<double>(replicates);
        for (var r = 0; r < replicates; r++)
        {
            var p = Binomial(200, 0.75) / 200.0;
            var ppv = Binomial(100, 0.7) / 100.0;
            var npv = Binomial(10, 0.7) / 10.0;
            if (p is <= 0 or >= 1 || ppv is <= 0 or >= 1 || npv <= 0)
            {
                continue;
            }
            var f = VerificationBias.Figures(p, ppv, npv);
            positive.Add(f.PositiveLikelihoodRatio);
            sensitivity.Add(f.Sensitivity);
            specificity.Add(f.Specificity);
        }
        static Interval Percentiles(List<double> values)
        {
            values.Sort();
            return new(values[(int)(0.025 * values.Count)], values[(int)(0.975 * values.Count)]);
        }
        // Ten negative blocks treated make every interval wide and skewed; the two methods agree within a tenth
        // of each bound (log or logit scale), which is what a 95% interval can promise at these numbers.
        var lr = Percentiles(positive);
        var delta = corrected.PositiveLikelihoodRatio.Interval!.Value;
        Assert.InRange(Math.Log(delta.Lower) - Math.Log(lr.Lower), -0.1, 0.1);
        Assert.InRange(Math.Log(delta.Upper) - Math.Log(lr.Upper), -0.1, 0.1);
        var sens = Percentiles(sensitivity);
        Assert.InRange(corrected.Sensitivity.Interval!.Value.Lower - sens.Lower, -0.05, 0.05);
        Assert.InRange(corrected.Sensitivity.Interval!.Value.Upper - sens.Upper, -0.05, 0.05);
        var spec = Percentiles(specificity);
        Assert.InRange(corrected.Specificity.Interval!.Value.Lower - spec.Lower, -0.05, 0.05);
        Assert.InRange(corrected.Specificity.Interval!.Value.Upper - spec.Upper, -0.05, 0.05);
    }

    [Fact]
    public void Without_a_treated_negative_block_nothing_is_estimable_and_a_zero_cell_gets_one_half()
    {
        var none = VerificationBias.Correct(40, 20, new TwoByTwo(30, 10, 0, 0));
        Assert.False(none.PositiveLikelihoodRatio.IsEstimable);
        Assert.False(none.Sensitivity.IsEstimable);

        var zero = VerificationBias.Correct(40, 20, new TwoByTwo(30, 10, 0, 5));
        Assert.True(zero.CellCorrectionApplied);
        // PPV (30.5/41), NPV (5.5/6), p = 40/60.
        var expected = VerificationBias.Figures(40 / 60.0, 30.5 / 41, 5.5 / 6);
        Assert.Equal(expected.PositiveLikelihoodRatio, zero.PositiveLikelihoodRatio.Value!.Value, 10);
        Assert.True(double.IsFinite(zero.PositiveLikelihoodRatio.Interval!.Value.Upper));
    }

    [Fact]
    public void Treated_cases_cannot_outnumber_the_blocks() =>
        Assert.Throws<ArgumentException>(() => VerificationBias.Correct(10, 5, new TwoByTwo(8, 4, 1, 1)));

    [Fact]
    public void The_analysis_gives_the_worked_values_from_cases()
    {
        var segment = SpinalSegment.Parse("T12-L1");
        var cases = new List<BlockedSegmentCase>();
        void Add(int count, decimal block, TherapeuticKind therapy, decimal? followUp)
        {
            for (var i = 0; i < count; i++)
            {
                cases.Add(new(cases.Count + 1, segment, Side.Left, block, null, null, null, therapy, followUp));
            }
        }
        const TherapeuticKind rf = TherapeuticKind.RadiofrequencyDenervation;
        Add(70, 90, rf, 80);
        Add(30, 90, rf, 10);
        Add(50, 90, TherapeuticKind.None, null);
        Add(3, 20, rf, 80);
        Add(7, 20, rf, 10);
        Add(40, 20, TherapeuticKind.None, null);

        var primary = Criterion4Analysis.Analyse(cases).Radiofrequency.Primary;
        Assert.Equal(Treated, primary.Table);
        Assert.Equal(150, primary.Verification.PositiveBlocks);
        Assert.Equal(50, primary.Verification.NegativeBlocks);
        Assert.Equal(0.6636, primary.PreTestProbability.Value!.Value, 4);
        Assert.Equal(0.7000, primary.PostTestAfterPositive!.Value, 4);
        Assert.Equal(0.3000, primary.PostTestAfterNegative!.Value, 4);
        Assert.Equal(1.5556, primary.Verification.PositiveLikelihoodRatio.Value!.Value, 4);
        Assert.True(primary.Decision.UsesCorrected);
        Assert.Equal(1.5556, primary.Decision.LikelihoodRatio!.Value!.Value, 4);
        Assert.Equal(Verdict.Refuted, primary.Verdict.Verdict);
        Assert.Contains("LR+ 1.56 (95% CI", primary.Verdict.Reason);
        Assert.Contains("corrected for verification (Begg–Greenes)", primary.Verdict.Reason);
        Assert.Contains("small and rarely important", primary.Verdict.Reason);
        Assert.Contains("the upper bound is below E = 5.00, so a positive block does not establish the diagnosis", primary.Verdict.Reason);
        Assert.Contains("66.7% of positive and 20% of negative blocks", primary.Verdict.Reason);
    }
}
