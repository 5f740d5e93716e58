using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class QualityFiguresTests
{
    [Fact]
    public void Complication_rate_is_per_100_procedures_with_the_wilson_interval()
    {
        var rate = QualityFigures.ComplicationRatePer100(15, 148);
        Assert.Equal(10.1351, rate.Rate!.Value, 4);
        Assert.Equal(6.2386, rate.Interval!.Value.Lower, 4);
        Assert.Equal(16.0487, rate.Interval!.Value.Upper, 4);
        Assert.False(QualityFigures.ComplicationRatePer100(0, 0).IsEstimable);
        Assert.Null(QualityFigures.ComplicationRatePer100(0, 0).Interval);
    }

    [Fact]
    public void Follow_up_completion_is_a_proportion()
    {
        Assert.Equal(0.8, QualityFigures.FollowUpCompletion(8, 10).Value);
    }

    [Fact]
    public void Pain_trajectory_gives_median_and_iqr_in_protocol_order_and_empty_points_are_not_estimable()
    {
        (string, double)[] scores = [("before", 7), ("before", 8), ("before", 6), ("3 months", 3), ("3 months", 2)];
        var trajectory = QualityFigures.PainTrajectory(scores, ["before", "6 weeks", "3 months"]);
        Assert.Equal(["before", "6 weeks", "3 months"], trajectory.Select(t => t.TimePoint));
        Assert.Equal(7, trajectory[0].Pain.Median);
        Assert.Equal(6.5, trajectory[0].Pain.LowerQuartile);
        Assert.Null(trajectory[1].Pain.Median);
        Assert.Equal(2.5, trajectory[2].Pain.Median);
    }

    [Fact]
    public void Operator_funnel_flags_outliers_against_the_clinic_mean_and_suppresses_small_cells()
    {
        var points = QualityFigures.OperatorFunnel(
        [
            ("A", 20, 40), ("B", 18, 40), ("C", 2, 4), ("D", 40, 40),
        ]);
        var target = 80.0 / 124;
        Assert.All(points, p => Assert.Equal(target, p.Limits.Target, 10));
        Assert.True(points.Single(p => p.Operator == "C").Suppressed);
        Assert.False(points.Single(p => p.Operator == "A").Suppressed);
        var d = points.Single(p => p.Operator == "D");
        Assert.True(d.Outside95);
        Assert.True(d.Outside998);
        Assert.False(points.Single(p => p.Operator == "A").Outside998);
        Assert.Empty(QualityFigures.OperatorFunnel([]));
        Assert.True(QualityFigures.OperatorFunnel([("E", 0, 0)]).Single().Suppressed);
    }
}
