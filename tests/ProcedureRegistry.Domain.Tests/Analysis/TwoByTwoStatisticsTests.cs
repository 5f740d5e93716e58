using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>
/// Fisher and diagnostic accuracy. Expected values beyond clinical-reference §6 were computed independently
/// (Python, exact rational arithmetic for Fisher; the closed-form log-method formulas for the ratios).
/// </summary>
public sealed class TwoByTwoStatisticsTests
{
    [Theory]
    [InlineData(3, 1, 1, 3, 0.4857)] // clinical-reference §6
    [InlineData(1, 9, 11, 3, 0.0028)] // Wikipedia's dieting example, two-sided p = 0.002759
    [InlineData(10, 2, 3, 15, 0.0005)]
    [InlineData(0, 5, 5, 0, 0.0079)]
    [InlineData(20, 5, 10, 15, 0.0086)]
    [InlineData(0, 0, 0, 0, 1.0)]
    [InlineData(5, 5, 0, 0, 1.0)]
    public void Fisher_two_sided_matches_known_values(int a, int b, int c, int d, double expected) =>
        Assert.Equal(expected, FisherExact.TwoSidedP(new(a, b, c, d)), 4);

    [Fact]
    public void Fisher_counts_tables_tied_with_the_observed_one()
    {
        // Symmetric margins: the observed table and its mirror image are equally likely, both count.
        Assert.Equal(0.4857142857, FisherExact.TwoSidedP(new(3, 1, 1, 3)), 9);
        Assert.Equal(1.0, FisherExact.TwoSidedP(new(2, 2, 2, 2)), 9);
    }

    [Fact]
    public void Diagnostic_accuracy_of_a_table_without_zero_cells()
    {
        // TP 20, FP 10, FN 5, TN 15
        var result = DiagnosticAccuracy.Compute(new(20, 10, 5, 15));
        Assert.False(result.CorrectionApplied);
        Assert.Equal(0.8, result.Sensitivity.Value!.Value, 4);
        Assert.Equal(0.6, result.Specificity.Value!.Value, 4);
        Assert.Equal(0.6667, result.PositivePredictiveValue.Value!.Value, 4);
        Assert.Equal(0.75, result.NegativePredictiveValue.Value!.Value, 4);
        Assert.Equal(Proportions.Wilson(20, 30), result.PositivePredictiveValue.Wilson);
        Assert.Equal(2.0, result.PositiveLikelihoodRatio.Value!.Value, 4);
        Assert.Equal(1.1908, result.PositiveLikelihoodRatio.Interval!.Value.Lower, 4);
        Assert.Equal(3.3592, result.PositiveLikelihoodRatio.Interval!.Value.Upper, 4);
        Assert.Equal(0.3333, result.NegativeLikelihoodRatio.Value!.Value, 4);
        Assert.Equal(0.1429, result.NegativeLikelihoodRatio.Interval!.Value.Lower, 4);
        Assert.Equal(0.7774, result.NegativeLikelihoodRatio.Interval!.Value.Upper, 4);
        Assert.Equal(6.0, result.DiagnosticOddsRatio.Value!.Value, 4);
        Assert.Equal(1.6932, result.DiagnosticOddsRatio.Interval!.Value.Lower, 4);
        Assert.Equal(21.2618, result.DiagnosticOddsRatio.Interval!.Value.Upper, 4);
        Assert.Equal(0.0086, result.FisherExactP, 4);
    }

    [Fact]
    public void A_zero_cell_adds_one_half_to_every_cell_for_the_ratios_only()
    {
        var result = DiagnosticAccuracy.Compute(new(10, 0, 5, 15));
        Assert.True(result.CorrectionApplied);
        Assert.Equal(1.0, result.Specificity.Value!.Value); // raw counts: 15/15
        Assert.Equal(21.0, result.PositiveLikelihoodRatio.Value!.Value, 4);
        Assert.Equal(1.3410, result.PositiveLikelihoodRatio.Interval!.Value.Lower, 4);
        Assert.Equal(328.8590, result.PositiveLikelihoodRatio.Interval!.Value.Upper, 4);
        Assert.Equal(0.3548, result.NegativeLikelihoodRatio.Value!.Value, 4);
        Assert.Equal(59.1818, result.DiagnosticOddsRatio.Value!.Value, 4);
        Assert.Equal(2.9489, result.DiagnosticOddsRatio.Interval!.Value.Lower, 4);
        Assert.Equal(1187.7190, result.DiagnosticOddsRatio.Interval!.Value.Upper, 4);
    }

    [Fact]
    public void Without_block_negative_patients_only_the_ppv_is_estimable()
    {
        // The usual registry: only block-positive patients are treated.
        var result = DiagnosticAccuracy.Compute(new(12, 4, 0, 0));
        Assert.Equal(0.75, result.PositivePredictiveValue.Value!.Value);
        Assert.False(result.NegativePredictiveValue.IsEstimable);
        Assert.Equal(1.0, result.Sensitivity.Value); // 12/12, true but uninformative
        Assert.Equal(0.0, result.Specificity.Value);
        Assert.False(result.PositiveLikelihoodRatio.IsEstimable);
        Assert.False(result.NegativeLikelihoodRatio.IsEstimable);
        Assert.False(result.DiagnosticOddsRatio.IsEstimable);
        Assert.False(result.CorrectionApplied);
        Assert.Equal(1.0, result.FisherExactP);
    }

    [Fact]
    public void An_empty_table_gives_nothing_estimable_and_no_NaN()
    {
        var result = DiagnosticAccuracy.Compute(new(0, 0, 0, 0));
        Assert.Null(result.Sensitivity.Value);
        Assert.Null(result.PositivePredictiveValue.Value);
        Assert.Null(result.DiagnosticOddsRatio.Value);
        Assert.Equal(1.0, result.FisherExactP);
    }
}
