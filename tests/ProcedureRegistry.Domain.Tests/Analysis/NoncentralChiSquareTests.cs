using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class NoncentralChiSquareTests
{
    // Reference values by an independent method: direct numerical integration (mpmath 1.3 quad, 30 significant
    // digits) of the closed-form density f(x; k, λ) = ½ e^(−(x+λ)/2) (x/λ)^(k/4 − 1/2) I_(k/2−1)(√(λx)), not the
    // Poisson mixture the code sums:
    //   from mpmath import mp, quad, besseli, exp, sqrt; mp.dps = 30
    //   pdf = lambda x, k, l: exp(-(x + l) / 2) / 2 * (x / l) ** (k / 4 - 0.5) * besseli(k / 2 - 1, sqrt(l * x))
    //   quad(lambda t: pdf(t, k, l), [0, x / 4, x / 2, x])
    [Theory]
    [InlineData(3, 1, 1, 0.764784149631031)]
    [InlineData(10, 2, 5, 0.768691550659863)]
    [InlineData(5, 4, 2, 0.481963842442771)]
    [InlineData(20, 5, 10, 0.781070388285036)]
    [InlineData(1, 3, 0.5, 0.162200590723189)]
    [InlineData(40, 6, 25, 0.810326387183013)]
    [InlineData(100, 8, 80, 0.753403205151934)]
    public void The_distribution_function_matches_integration_of_the_density(double x, double df, double lambda, double expected) =>
        Assert.Equal(expected, NoncentralChiSquare.Cdf(x, df, lambda), 10);

    [Theory]
    [InlineData(3.841459, 1)]
    [InlineData(5.991465, 2)]
    [InlineData(9.487729, 4)]
    public void With_no_noncentrality_it_is_the_central_chi_square(double x, int df)
    {
        // The tabulated 95th percentiles of the chi-square distribution.
        Assert.Equal(0.95, NoncentralChiSquare.Cdf(x, df, 0), 6);
        Assert.Equal(1 - SpecialFunctions.ChiSquareUpperTail(x, df), NoncentralChiSquare.Cdf(x, df, 0), 14);
    }

    [Fact]
    public void The_distribution_function_is_0_at_0_decreases_in_lambda_and_stays_finite_for_a_large_lambda()
    {
        Assert.Equal(0, NoncentralChiSquare.Cdf(0, 3, 4));
        var previous = 1.0;
        foreach (var lambda in new[] { 0.0, 0.1, 1, 5, 20, 100, 1000, 5000 })
        {
            var p = NoncentralChiSquare.Cdf(50, 3, lambda);
            Assert.InRange(p, 0, previous);
            previous = p;
        }
        // Mean k + λ, variance 2(k + 2λ): at λ = 5000 the mean is near the median.
        Assert.InRange(NoncentralChiSquare.Cdf(5003, 3, 5000), 0.45, 0.55);
    }

    [Theory]
    [InlineData(8.333333333333334, 1)]
    [InlineData(19.21, 2)]
    [InlineData(28.3412, 4)]
    [InlineData(150, 6)]
    public void The_noncentrality_limits_solve_the_inverse_conditions(double chiSquare, int df)
    {
        var limits = NoncentralChiSquare.NoncentralityLimits(chiSquare, df);
        Assert.True(limits.Lower > 0);
        Assert.Equal(0.975, NoncentralChiSquare.Cdf(chiSquare, df, limits.Lower), 9);
        Assert.Equal(0.025, NoncentralChiSquare.Cdf(chiSquare, df, limits.Upper), 9);
    }

    [Fact]
    public void The_lower_limit_is_0_when_lambda_0_already_puts_the_statistic_below_the_975th_percentile()
    {
        // χ² = 3.6 on 1 df: P(X ≤ 3.6 | λ = 0) = 0.9422 < 0.975 (p = 0.0578 ≥ 0.025).
        var limits = NoncentralChiSquare.NoncentralityLimits(3.6, 1);
        Assert.Equal(0, limits.Lower);
        Assert.Equal(14.8790, limits.Upper, 4); // mpmath, as above
        Assert.Equal(0.025, NoncentralChiSquare.Cdf(3.6, 1, limits.Upper), 9);
        // A statistic below the 2.5th percentile: both limits 0.
        Assert.Equal(new Interval(0, 0), NoncentralChiSquare.NoncentralityLimits(0.0005, 1));
    }

    [Fact]
    public void Cramers_V_interval_reproduces_the_statpsych_example()
    {
        // statpsych (Bonett), ci.cramer(.05, 19.21, 2, 3, 200), documented output: Estimate 0.3099, LL 0.1601, UL 0.4417.
        var limits = NoncentralChiSquare.NoncentralityLimits(19.21, 2);
        Assert.Equal(0.1601, Math.Sqrt(limits.Lower / 200), 4);
        Assert.Equal(0.4417, Math.Sqrt(limits.Upper / 200), 4);
        // mpmath: λ = 5.128376 and 39.027714.
        Assert.Equal(5.128376, limits.Lower, 5);
        Assert.Equal(39.027714, limits.Upper, 5);
    }

    [Fact]
    public void Cramers_V_interval_of_the_worked_two_by_two_table()
    {
        // [[20, 5], [10, 15]]: n = 50, χ² = 25/3 = 8.3333 on 1 df, V = √(8.3333 / 50) = 0.4082. P(X ≤ 8.3333 | λ = 0) =
        // 0.9961 > 0.975, so λ_low > 0. mpmath: λ_low = 0.856751, λ_high = 23.490649, hence
        // V from √(0.856751 / 50) = 0.1309 to √(23.490649 / 50) = 0.6854.
        var result = ChiSquareTest.Compute(new[,] { { 20, 5 }, { 10, 15 } });
        Assert.Equal(0.4082, result.CramersV!.Value, 4);
        Assert.Equal(0.1309, result.CramersVInterval!.Value.Lower, 4);
        Assert.Equal(0.6854, result.CramersVInterval!.Value.Upper, 4);
        Assert.True(result.CramersVInterval.Value.Contains(result.CramersV.Value));
    }

    [Fact]
    public void Cramers_V_interval_starts_at_0_when_not_significant_and_is_capped_at_1()
    {
        // [[4, 1], [1, 4]]: χ² = 3.6, n = 10, V = 0.6; λ_low = 0 and λ_high = 14.879 gives √1.4879 = 1.22, capped at 1.
        var result = ChiSquareTest.Compute(new[,] { { 4, 1 }, { 1, 4 } });
        Assert.Equal(0.6, result.CramersV!.Value, 10);
        Assert.Equal(new Interval(0, 1), result.CramersVInterval);
    }

    [Fact]
    public void Cramers_V_interval_of_a_three_by_three_table_uses_min_dimension_minus_one()
    {
        var result = ChiSquareTest.Compute(new[,] { { 10, 2, 1 }, { 3, 8, 2 }, { 1, 2, 11 } });
        var limits = NoncentralChiSquare.NoncentralityLimits(result.Statistic!.Value, 4);
        Assert.Equal(Math.Sqrt(limits.Lower / (40 * 2)), result.CramersVInterval!.Value.Lower, 12);
        Assert.Equal(Math.Sqrt(limits.Upper / (40 * 2)), result.CramersVInterval!.Value.Upper, 12);
        // mpmath with χ² = 28.34117: 0.3343 to 0.7869.
        Assert.Equal(0.3343, result.CramersVInterval.Value.Lower, 3);
        Assert.Equal(0.7869, result.CramersVInterval.Value.Upper, 3);
    }

    [Fact]
    public void With_many_cells_and_little_association_the_interval_lies_below_the_sample_V()
    {
        // The demo clinic's territory table: χ² = 3.97 on 10 df (p = 0.95). E[χ²] = df + λ, so only a small λ puts
        // 3.97 at the 2.5th percentile: λ_high is below χ² itself.
        var limits = NoncentralChiSquare.NoncentralityLimits(3.97, 10);
        Assert.Equal(0, limits.Lower);
        Assert.InRange(limits.Upper, 0.01, 3.97);
        Assert.Equal(0.025, NoncentralChiSquare.Cdf(3.97, 10, limits.Upper), 9);
    }

    [Fact]
    public void No_interval_without_an_estimable_V() =>
        Assert.Null(ChiSquareTest.Compute(new[,] { { 5, 0 }, { 0, 0 } }).CramersVInterval);
}
