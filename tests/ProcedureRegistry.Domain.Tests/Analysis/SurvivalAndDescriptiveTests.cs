using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class SurvivalAndDescriptiveTests
{
    // clinical-reference §6: 3, 5, 5+, 8, 10+, 12, 15+, 20 months
    private static readonly SurvivalObservation[] Worked =
    [
        new(3, true), new(5, true), new(5, false), new(8, true),
        new(10, false), new(12, true), new(15, false), new(20, true),
    ];

    [Theory]
    [InlineData(3, 8, 0.8750, 0.1169, 0.3870, 0.9814)]
    [InlineData(5, 7, 0.7500, 0.1531, 0.3148, 0.9309)]
    [InlineData(8, 5, 0.6000, 0.1817, 0.1955, 0.8523)]
    [InlineData(12, 3, 0.4000, 0.2033, 0.0660, 0.7342)]
    public void Kaplan_meier_matches_the_worked_values(
        double time, int atRisk, double survival, double se, double lower, double upper)
    {
        var step = KaplanMeier.Estimate(Worked).Steps.Single(s => s.Time == time);
        Assert.Equal(atRisk, step.AtRisk);
        Assert.Equal(survival, step.Survival, 4);
        Assert.Equal(se, step.StandardError!.Value, 4);
        Assert.Equal(lower, step.Interval!.Value.Lower, 4); // log-log
        Assert.Equal(upper, step.Interval!.Value.Upper, 4);
    }

    [Fact]
    public void Kaplan_meier_reaches_zero_with_no_NaN_and_has_the_median()
    {
        var curve = KaplanMeier.Estimate(Worked);
        Assert.Equal(8, curve.Total);
        Assert.Equal(5, curve.Events);
        Assert.Equal(5, curve.Steps.Count);
        var last = curve.Steps[^1];
        Assert.Equal(20, last.Time);
        Assert.Equal(0.0, last.Survival);
        Assert.Null(last.StandardError);
        Assert.Null(last.Interval);
        Assert.Equal(12, curve.Median);
        Assert.Equal(1, curve.Steps.Single(s => s.Time == 5).Censored);
        Assert.Equal(1.0, curve.SurvivalAt(2.9));
        Assert.Equal(0.6, curve.SurvivalAt(11), 10);
    }

    [Fact]
    public void Censorings_are_listed_at_their_times_with_the_survival_the_curve_has_there()
    {
        // 5+ is tied with an event at 5 (S drops to 0.75 there first); 10+ and 15+ fall between events.
        var curve = KaplanMeier.Estimate(Worked);
        Assert.Equal([5.0, 10.0, 15.0], curve.Censorings.Select(c => c.Time));
        Assert.Equal([1, 1, 1], curve.Censorings.Select(c => c.Count));
        Assert.Equal([0.75, 0.6, 0.4], curve.Censorings.Select(c => Math.Round(c.Survival, 10)));
        // Two censored at the same time: one entry, counted twice.
        Assert.Equal(2, KaplanMeier.Estimate(Worked.Append(new(15, false))).Censorings[^1].Count);
        Assert.Empty(KaplanMeier.Estimate([new(1, true), new(2, true)]).Censorings);
    }

    [Fact]
    public void A_registry_sized_cohort_does_not_overflow_the_greenwood_sum()
    {
        // 100,000 cases, 1,000 losing relief at month 1: n (n − d) is far beyond int.
        var data = Enumerable.Range(0, 100_000).Select(i => new SurvivalObservation(i < 1_000 ? 1 : 12, i < 1_000));
        var step = KaplanMeier.Estimate(data).Steps.Single();
        Assert.Equal(0.99, step.Survival, 10);
        // Greenwood: S √(d / (n (n − d))) = 0.99 √(1000 / (100000 × 99000))
        Assert.Equal(0.99 * Math.Sqrt(1000.0 / (100000.0 * 99000.0)), step.StandardError!.Value, 12);
    }

    [Fact]
    public void A_curve_that_stays_above_one_half_has_no_median()
    {
        var curve = KaplanMeier.Estimate([new(2, true), new(4, false), new(6, false), new(9, false)]);
        Assert.Null(curve.Median);
        Assert.Equal(0.75, curve.SurvivalAt(12));
    }

    [Fact]
    public void No_observations_give_an_empty_curve()
    {
        var curve = KaplanMeier.Estimate([]);
        Assert.Empty(curve.Steps);
        Assert.Null(curve.Median);
        Assert.Equal(1.0, curve.SurvivalAt(5));
        Assert.Throws<ArgumentException>(() => KaplanMeier.Estimate([new(double.NaN, true)]));
    }

    [Fact]
    public void Quartiles_are_hyndman_fan_type_7()
    {
        var result = Descriptive.MedianAndQuartiles([4, 1, 3, 2]);
        Assert.Equal(2.5, result.Median);
        Assert.Equal(1.75, result.LowerQuartile);
        Assert.Equal(3.25, result.UpperQuartile);
        Assert.Equal(1.5, result.InterquartileRange);

        var pain = Descriptive.MedianAndQuartiles([7, 6, 8, 3, 2, 5, 4, 6, 9]);
        Assert.Equal(6, pain.Median);
        Assert.Equal(4, pain.LowerQuartile);
        Assert.Equal(7, pain.UpperQuartile);
    }

    [Fact]
    public void Median_of_one_value_and_of_none()
    {
        Assert.Equal(5, Descriptive.MedianAndQuartiles([5]).LowerQuartile);
        var empty = Descriptive.MedianAndQuartiles([]);
        Assert.Null(empty.Median);
        Assert.Null(empty.InterquartileRange);
        Assert.Contains("not estimable", empty.ToString());
    }

    [Fact]
    public void Quartiles_from_a_frequency_table_equal_those_of_the_expanded_sample()
    {
        // Pain scores 0–10 as PostgreSQL counts them; every sample size from 1 to 40 of a fixed pseudo-random sequence.
        var random = new Random(7);
        for (var n = 1; n <= 40; n++)
        {
            var sample = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 11)).ToArray();
            var counts = sample.GroupBy(v => v).Select(g => (g.Key, (long)g.Count())).Reverse();
            Assert.Equal(Descriptive.MedianAndQuartiles(sample), Descriptive.MedianAndQuartilesOfCounts(counts));
        }
        // 1, 2, 3, 4 as counts: quartiles 1.75 and 3.25, median 2.5; zero counts are ignored.
        Assert.Equal(new MedianAndQuartiles(4, 2.5, 1.75, 3.25), Descriptive.MedianAndQuartilesOfCounts([(3, 1), (1, 1), (9, 0), (2, 1), (4, 1)]));
        Assert.Equal(new MedianAndQuartiles(0, null, null, null), Descriptive.MedianAndQuartilesOfCounts([(5, 0)]));
        Assert.Throws<ArgumentException>(() => Descriptive.MedianAndQuartilesOfCounts([(5, -1)]));
    }
}
