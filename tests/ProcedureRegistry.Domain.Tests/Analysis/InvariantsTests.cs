using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>Every small input, checked for what must always hold: finite numbers, ordered intervals, p in [0, 1].</summary>
public sealed class InvariantsTests
{
    private static void AssertFinite(double? value, string what)
    {
        if (value is { } v)
        {
            Assert.True(double.IsFinite(v), $"{what} = {v}");
        }
    }

    private static void AssertInterval(Interval? interval, double? estimate, string what)
    {
        if (interval is not { } i)
        {
            return;
        }
        AssertFinite(i.Lower, what);
        AssertFinite(i.Upper, what);
        Assert.True(i.Lower <= i.Upper, $"{what}: {i}");
        if (estimate is { } e)
        {
            Assert.True(i.Lower <= e + 1e-12 && e <= i.Upper + 1e-12, $"{what}: {e} outside {i}");
        }
    }

    [Fact]
    public void Proportion_intervals_are_ordered_contain_the_estimate_and_clopper_pearson_has_exact_tails()
    {
        for (var n = 0; n <= 60; n++)
        {
            for (var x = 0; x <= n; x++)
            {
                var p = Proportions.Estimate(x, n);
                Assert.Equal(n > 0, p.IsEstimable);
                AssertInterval(p.Wilson, p.Value, $"Wilson {x}/{n}");
                AssertInterval(p.Exact, p.Value, $"CP {x}/{n}");
                if (p.Exact is { } cp && x > 0)
                {
                    // P(X ≥ x | p = lower) = 0.025
                    Assert.Equal(0.025, 1 - SpecialFunctions.RegularizedIncompleteBeta(1 - cp.Lower, n - x + 1, x), 9);
                }
                if (p.Exact is { } cp2 && x < n)
                {
                    // P(X ≤ x | p = upper) = 0.025
                    Assert.Equal(0.025, SpecialFunctions.RegularizedIncompleteBeta(1 - cp2.Upper, n - x, x + 1), 9);
                }
            }
        }
    }

    [Fact]
    public void Two_by_two_statistics_are_finite_for_every_table_up_to_five_per_cell()
    {
        for (var a = 0; a <= 5; a++)
        for (var b = 0; b <= 5; b++)
        for (var c = 0; c <= 5; c++)
        for (var d = 0; d <= 5; d++)
        {
            var table = new TwoByTwo(a, b, c, d);
            var what = table.ToString();
            var accuracy = DiagnosticAccuracy.Compute(table);
            Assert.InRange(accuracy.FisherExactP, 0, 1);
            foreach (var ratio in new[] { accuracy.PositiveLikelihoodRatio, accuracy.NegativeLikelihoodRatio, accuracy.DiagnosticOddsRatio })
            {
                AssertFinite(ratio.Value, what);
                AssertInterval(ratio.Interval, ratio.Value, what);
                Assert.Equal(ratio.Value is null, ratio.Interval is null);
            }
            var chi = ChiSquareTest.Compute(table.ToArray());
            AssertFinite(chi.Statistic, what);
            AssertFinite(chi.CramersV, what);
            AssertInterval(chi.CramersVInterval, chi.CramersV, what);
            Assert.Equal(chi.CramersV is null, chi.CramersVInterval is null);
            if (chi.P is { } p)
            {
                Assert.InRange(p, 0, 1);
            }
            var kappa = CohensKappa.Compute(table.ToArray());
            AssertFinite(kappa.Kappa, what);
            AssertFinite(kappa.StandardError, what);
            AssertInterval(kappa.Interval, kappa.Kappa, what);
            var difference = Proportions.Difference(a, a + b, c, c + d);
            AssertInterval(difference.Interval, difference.Value, what);
        }
    }

    [Fact]
    public void Fisher_p_is_never_smaller_than_the_probability_of_the_observed_table()
    {
        // Brute force over the tables with the margins of [[a,b],[c,d]].
        for (var a = 0; a <= 6; a++)
        for (var b = 0; b <= 6; b++)
        for (var c = 0; c <= 6; c++)
        for (var d = 0; d <= 6; d++)
        {
            int n = a + b + c + d, row = a + b, column = a + c;
            if (n == 0)
            {
                continue;
            }
            double Probability(int x) => Math.Exp(SpecialFunctions.LogChoose(column, x)
                + SpecialFunctions.LogChoose(n - column, row - x) - SpecialFunctions.LogChoose(n, row));
            var observed = Probability(a);
            var expected = Enumerable.Range(Math.Max(0, row + column - n), Math.Min(row, column) - Math.Max(0, row + column - n) + 1)
                .Select(Probability).Where(q => q <= observed * (1 + 1e-7)).Sum();
            Assert.Equal(Math.Min(1, expected), FisherExact.TwoSidedP(new(a, b, c, d)), 12);
        }
    }

    [Theory]
    [InlineData(34348, 18460, 2000, 20000)]
    [InlineData(520, 480, 490, 510)]
    [InlineData(3, 2000, 1, 1500)]
    [InlineData(0, 900, 45, 12)]
    [InlineData(1200, 3, 2, 1100)]
    public void Fisher_p_of_large_tables_matches_the_sum_over_every_table(int a, int b, int c, int d)
    {
        // The walk from the mode stops early; summing every table (in log space, relative to the observed one) must give the same p.
        int n = a + b + c + d, row = a + b, column = a + c;
        double LogProbability(int x) => SpecialFunctions.LogChoose(column, x)
            + SpecialFunctions.LogChoose(n - column, row - x) - SpecialFunctions.LogChoose(n, row);
        var observed = LogProbability(a);
        var sum = 0.0;
        for (var x = Math.Max(0, row + column - n); x <= Math.Min(row, column); x++)
        {
            if (LogProbability(x) <= observed + 1e-7)
            {
                sum += Math.Exp(LogProbability(x) - observed);
            }
        }
        var expected = Math.Min(1, sum * Math.Exp(observed));
        var actual = FisherExact.TwoSidedP(new(a, b, c, d));
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * expected + 1e-300, $"p = {actual:R}, summed over every table {expected:R}");
    }
}
