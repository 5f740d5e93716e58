using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>Each branch of the criterion-4 verdict rule, with the default target of 50% and minimum of 10 patients.</summary>
public sealed class Criterion4VerdictRuleTests
{
    private static readonly Criterion4VerdictRule Rule = Criterion4VerdictRule.Default;

    private static ClaimVerdict Judge(int patients, int successesPositive, int positive, int successesNegative, int negative) =>
        Rule.Apply(patients,
            Proportions.Estimate(successesPositive, positive),
            Proportions.Difference(successesPositive, positive, successesNegative, negative));

    [Fact]
    public void Defaults_are_a_target_of_one_half_and_ten_patients_with_the_comparison_required()
    {
        Assert.Equal(0.5, Rule.TargetSuccessRate);
        Assert.Equal(10, Rule.MinimumPatients);
        Assert.True(Rule.RequireComparisonWithNegativeBlocks);
        Assert.Contains("lower 95% bound of the PPV reaches 50%", Rule.Describe());
        Assert.Contains("fewer than 10 patients", Rule.Describe());
    }

    [Fact]
    public void Supported_when_the_ppv_reaches_the_target_and_positive_blocks_do_better()
    {
        // PPV 40/50 = 80% (Wilson 67.0–88.8%); negatives 5/25 = 20%; difference +60 points, interval above zero.
        var verdict = Judge(75, 40, 50, 5, 25);
        Assert.Equal(Verdict.Supported, verdict.Verdict);
        Assert.Contains("PPV 80% (40/50, 95% CI 67%–88.8%)", verdict.Reason);
        Assert.Contains("+60 points", verdict.Reason);
    }

    [Fact]
    public void Refuted_when_the_upper_bound_of_the_ppv_is_below_the_target()
    {
        // PPV 10/40 = 25% (Wilson 14.2–40.2%)
        var verdict = Judge(60, 10, 40, 2, 20);
        Assert.Equal(Verdict.Refuted, verdict.Verdict);
        Assert.Contains("upper bound is below the target of 50%", verdict.Reason);
        Assert.Contains("25%", verdict.Reason);
    }

    [Fact]
    public void Refuted_when_positive_blocks_do_no_better_than_negative_ones()
    {
        // PPV 36/60 = 60% but negatives 54/60 = 90%: difference −30 points (−43.7 to −14.7).
        var verdict = Judge(120, 36, 60, 54, 60);
        Assert.Equal(Verdict.Refuted, verdict.Verdict);
        Assert.Contains("at or below zero", verdict.Reason);
        Assert.Contains("−30 points (95% CI −43.7 points to −14.7 points)", verdict.Reason);
    }

    [Fact]
    public void Not_enough_data_below_ten_patients_whatever_the_figures()
    {
        var verdict = Judge(9, 9, 9, 0, 0);
        Assert.Equal(Verdict.NotEnoughData, verdict.Verdict);
        Assert.Equal("9 patients analysed; the rule needs at least 10.", verdict.Reason);
    }

    [Fact]
    public void Not_enough_data_without_a_positive_block()
    {
        var verdict = Judge(12, 0, 0, 3, 12);
        Assert.Equal(Verdict.NotEnoughData, verdict.Verdict);
        Assert.Contains("No block was positive", verdict.Reason);
    }

    [Fact]
    public void Not_enough_data_when_the_ppv_interval_straddles_the_target()
    {
        // PPV 7/12 = 58.3% (Wilson 32–80.7%)
        var verdict = Judge(20, 7, 12, 1, 8);
        Assert.Equal(Verdict.NotEnoughData, verdict.Verdict);
        Assert.Contains("too wide to decide", verdict.Reason);
        Assert.Contains("straddles the target of 50%", verdict.Reason);
    }

    [Fact]
    public void Not_enough_data_when_the_difference_interval_includes_zero()
    {
        // PPV 40/50 = 80% but negatives 6/10 = 60%: difference +20 points, interval includes zero.
        var verdict = Judge(60, 40, 50, 6, 10);
        Assert.Equal(Verdict.NotEnoughData, verdict.Verdict);
        Assert.Contains("the interval includes zero", verdict.Reason);
        Assert.DoesNotContain("straddles", verdict.Reason);
    }

    [Fact]
    public void Not_enough_data_when_no_block_negative_patient_was_treated_unless_the_clinic_waives_the_comparison()
    {
        var required = Judge(50, 40, 50, 0, 0);
        Assert.Equal(Verdict.NotEnoughData, required.Verdict);
        Assert.Contains("no block-negative patient was treated", required.Reason);

        var ppvOnly = (Rule with { RequireComparisonWithNegativeBlocks = false })
            .Apply(50, Proportions.Estimate(40, 50), Proportions.Difference(40, 50, 0, 0));
        Assert.Equal(Verdict.Supported, ppvOnly.Verdict);
        Assert.Contains("lower bound reaches the target of 50%", ppvOnly.Reason);
    }

    [Fact]
    public void The_target_and_minimum_are_settings()
    {
        var strict = Rule with { TargetSuccessRate = 0.7, MinimumPatients = 100 };
        Assert.Equal(Verdict.NotEnoughData, strict.Apply(75,
            Proportions.Estimate(40, 50), Proportions.Difference(40, 50, 5, 25)).Verdict);
        var lenient = Rule with { TargetSuccessRate = 0.7, MinimumPatients = 10 };
        Assert.Contains("straddles the target of 70%", lenient.Apply(75,
            Proportions.Estimate(40, 50), Proportions.Difference(40, 50, 5, 25)).Reason);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void An_impossible_target_is_a_configuration_error(double target) =>
        Assert.Throws<InvalidOperationException>(() => (Rule with { TargetSuccessRate = target })
            .Apply(50, Proportions.Estimate(40, 50), Proportions.Difference(40, 50, 5, 25)));
}
