using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>
/// Wilson values: clinical-reference §6 (Newcombe 1998, Stat Med 17:857, method 3). Clopper–Pearson values: the
/// same paper's method 5, rechecked by bisection on the binomial CDF with exact integer arithmetic.
/// </summary>
public sealed class ProportionsTests
{
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_interval_matches_the_worked_values(int x, int n, double lower, double upper)
    {
        var estimate = Proportions.Estimate(x, n);
        Assert.Equal((double)x / n, estimate.Value!.Value, 10);
        Assert.Equal(lower, estimate.Wilson!.Value.Lower, 4);
        Assert.Equal(upper, estimate.Wilson!.Value.Upper, 4);
    }

    [Theory]
    [InlineData(81, 263, 0.2527, 0.3676)]
    [InlineData(15, 148, 0.0578, 0.1617)]
    [InlineData(0, 20, 0.0000, 0.1684)]
    [InlineData(1, 29, 0.0009, 0.1776)]
    [InlineData(5, 10, 0.1871, 0.8129)]
    [InlineData(20, 20, 0.8316, 1.0000)]
    [InlineData(5_000, 100_000, 0.048657, 0.051369)] // log-space binomial tails, bisection
    public void Clopper_pearson_interval_matches_known_values(int x, int n, double lower, double upper)
    {
        var exact = Proportions.ClopperPearson(x, n)!.Value;
        var places = n > 1000 ? 6 : 4;
        Assert.Equal(lower, exact.Lower, places);
        Assert.Equal(upper, exact.Upper, places);
    }

    [Theory]
    [InlineData(5_000, 100_000)]
    [InlineData(50_000, 100_000)]
    [InlineData(3, 1_500_000)]
    public void Registry_sized_samples_give_exact_intervals_close_to_wilson(int x, int n)
    {
        var estimate = Proportions.Estimate(x, n);
        Assert.Equal(estimate.Wilson!.Value.Lower, estimate.Exact!.Value.Lower, 3);
        Assert.Equal(estimate.Wilson!.Value.Upper, estimate.Exact!.Value.Upper, 3);
        Assert.True(estimate.Exact!.Value.Width >= estimate.Wilson!.Value.Width * 0.99);
    }

    [Fact]
    public void All_successes_give_an_upper_bound_of_exactly_one()
    {
        var estimate = Proportions.Estimate(20, 20);
        Assert.Equal(1.0, estimate.Wilson!.Value.Upper);
        Assert.Equal(0.8389, estimate.Wilson!.Value.Lower, 4);
    }

    [Fact]
    public void An_empty_sample_is_not_estimable_and_never_NaN()
    {
        var estimate = Proportions.Estimate(0, 0);
        Assert.False(estimate.IsEstimable);
        Assert.Null(estimate.Value);
        Assert.Null(estimate.Wilson);
        Assert.Null(estimate.Exact);
        Assert.Contains("not estimable", estimate.ToString());
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void Impossible_counts_are_a_programming_error(int x, int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Proportions.Estimate(x, n));

    // Newcombe 1998, Stat Med 17:873, table II, method 10.
    [Theory]
    [InlineData(56, 70, 48, 80, 0.2000, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.6000, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.5714, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, 0.0893, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, 0.0000, -0.1611, 0.2775)]
    [InlineData(10, 10, 0, 20, 1.0000, 0.6791, 1.0000)]
    public void Difference_has_the_newcombe_hybrid_score_interval(
        int x1, int n1, int x2, int n2, double difference, double lower, double upper)
    {
        var estimate = Proportions.Difference(x1, n1, x2, n2);
        Assert.Equal(difference, estimate.Value!.Value, 4);
        Assert.Equal(lower, estimate.Interval!.Value.Lower, 4);
        Assert.Equal(upper, estimate.Interval!.Value.Upper, 4);
    }

    [Fact]
    public void Difference_with_an_empty_group_is_not_estimable()
    {
        var estimate = Proportions.Difference(3, 10, 0, 0);
        Assert.False(estimate.IsEstimable);
        Assert.Null(estimate.Interval);
        Assert.True(estimate.First.IsEstimable);
    }

    [Fact]
    public void Funnel_limits_are_the_normal_approximation_around_the_target()
    {
        var limits = FunnelPlot.Limits(0.5, 40);
        Assert.Equal(0.3451, limits.Limits95!.Value.Lower, 4);
        Assert.Equal(0.6549, limits.Limits95!.Value.Upper, 4);
        Assert.Equal(0.2557, limits.Limits998!.Value.Lower, 4);
        Assert.Equal(0.7443, limits.Limits998!.Value.Upper, 4);
    }

    [Fact]
    public void Funnel_limits_are_clipped_to_zero_and_one_and_absent_for_no_patients()
    {
        var small = FunnelPlot.Limits(0.9, 5);
        Assert.Equal(1.0, small.Limits998!.Value.Upper);
        Assert.Null(FunnelPlot.Limits(0.5, 0).Limits95);
        Assert.Equal(3, FunnelPlot.Curve(0.2, [10, 50, 100]).Count);
    }
}
