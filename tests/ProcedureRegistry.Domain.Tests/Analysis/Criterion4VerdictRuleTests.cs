using System.Globalization;
using System.Text.RegularExpressions;
using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>
/// Each branch of the criterion-4 verdict rule of clinical-reference §8 (issue 11), with its reason. The rule of
/// issue 5 (the PPV's lower bound against 50%, and success after positive above success after negative blocks) is
/// gone: these tests replace the ones that pinned it.
/// </summary>
public sealed partial class Criterion4VerdictRuleTests
{
    private static readonly Criterion4VerdictRule Rule = Criterion4VerdictRule.Default;

    /// <summary>The rule on a treated table, with every block treated unless more blocks are given.</summary>
    private static Criterion4Decision Decide(TwoByTwo treated, int? patients = null, int? positiveBlocks = null, int? negativeBlocks = null, Criterion4VerdictRule? rule = null) =>
        (rule ?? Rule).Decide(
            patients ?? treated.Total,
            treated.TestPositive,
            treated.TestNegative > 0 ? DiagnosticAccuracy.Compute(treated) : null,
            VerificationBias.Correct(positiveBlocks ?? treated.TestPositive, negativeBlocks ?? treated.TestNegative, treated));

    [Fact]
    public void Defaults_are_an_LR_threshold_of_five_and_ten_patients()
    {
        Assert.Equal(5, Rule.LikelihoodRatioThreshold);
        Assert.Equal(10, Rule.MinimumPatients);
        var text = Rule.Describe();
        Assert.Contains("lower 95% bound of the positive likelihood ratio (LR+) reaches E = 5.00", text);
        Assert.Contains("fewer than 10 analysed patients", text);
        Assert.Contains("Begg–Greenes corrected one when the share treated and followed up differs", text);
        Assert.Contains("replaces the former rule", text);
    }

    [Fact]
    public void Supported_when_the_lower_bound_of_LR_plus_reaches_E()
    {
        // Sensitivity 45/50 = 0.9, 1 − specificity 2/50 = 0.04: LR+ 22.5 (log CI 5.77 to 87.76).
        var decision = Decide(new TwoByTwo(45, 2, 5, 48));
        Assert.Equal(Criterion4Branch.LowerBoundReaches, decision.Branch);
        Assert.Equal(Verdict.Supported, decision.Verdict);
        Assert.False(decision.UsesCorrected);
        var reason = decision.ToClaimVerdict().Reason;
        Assert.StartsWith("LR+ 22.50 (95% CI 5.77 to 87.76, uncorrected; large: an often conclusive change in the odds): the lower bound reaches E = 5.00, so a positive block establishes the diagnosis; 100 patients analysed.", reason);
    }

    [Fact]
    public void Refuted_when_the_upper_bound_is_below_E_as_on_the_data_set_of_the_issue()
    {
        // Like the independent check's data set: success 62% overall, 66% after a positive block.
        var decision = Decide(new TwoByTwo(660, 340, 580, 420));
        Assert.Equal(Criterion4Branch.UpperBoundBelow, decision.Branch);
        Assert.Equal(Verdict.Refuted, decision.Verdict);
        var reason = decision.ToClaimVerdict().Reason;
        Assert.Contains("LR+ 1.19 (95% CI 1.08 to 1.31, uncorrected; small and rarely important)", reason);
        Assert.Contains("the upper bound is below E = 5.00, so a positive block does not establish the diagnosis", reason);
    }

    [Fact]
    public void Not_enough_data_when_the_interval_straddles_E()
    {
        // LR+ (18/20) / (3/20) = 6, interval about 2.1 to 17.
        var decision = Decide(new TwoByTwo(18, 3, 2, 17));
        Assert.Equal(Criterion4Branch.Straddles, decision.Branch);
        Assert.Equal(Verdict.NotEnoughData, decision.Verdict);
        Assert.Contains("the interval straddles E = 5.00, so too wide to decide", decision.ToClaimVerdict().Reason);
        Assert.Contains("moderate", decision.ToClaimVerdict().Reason);
    }

    [Fact]
    public void Not_enough_data_below_ten_patients_whatever_the_figures()
    {
        var decision = Decide(new TwoByTwo(45, 2, 5, 48), patients: 9);
        Assert.Equal(Criterion4Branch.TooFewPatients, decision.Branch);
        Assert.Equal("9 patients analysed; the rule needs at least 10.", decision.ToClaimVerdict().Reason);
        Assert.Null(decision.LikelihoodRatio);
    }

    [Fact]
    public void Not_enough_data_without_a_positive_block_or_a_treated_negative_one()
    {
        var noPositive = Decide(new TwoByTwo(0, 0, 4, 12));
        Assert.Equal(Criterion4Branch.NoPositiveBlock, noPositive.Branch);
        Assert.Contains("no LR+ to judge", noPositive.ToClaimVerdict().Reason);

        var noNegative = Decide(new TwoByTwo(40, 10, 0, 0), negativeBlocks: 30);
        Assert.Equal(Criterion4Branch.NoNegativeBlockTreated, noNegative.Branch);
        Assert.Equal(Verdict.NotEnoughData, noNegative.Verdict);
        Assert.Contains("No block-negative case was treated and followed up", noNegative.ToClaimVerdict().Reason);
    }

    [Fact]
    public void Not_enough_data_when_the_LR_is_not_estimable()
    {
        // Every treated case succeeded: no failure, so no specificity.
        var decision = Decide(new TwoByTwo(20, 0, 10, 0));
        Assert.Equal(Criterion4Branch.NotEstimable, decision.Branch);
        Assert.Equal(Verdict.NotEnoughData, decision.Verdict);
        Assert.Contains("not estimable", decision.ToClaimVerdict().Reason);
    }

    [Fact]
    public void The_corrected_LR_decides_when_the_treated_share_differs_and_the_reason_says_so()
    {
        // Treated: 45/60 positive blocks, 30/300 negative blocks: corrected LR+ differs from the uncorrected one.
        var treated = new TwoByTwo(40, 5, 6, 24);
        var decision = Decide(treated, positiveBlocks: 60, negativeBlocks: 300);
        Assert.True(decision.UsesCorrected);
        var corrected = VerificationBias.Correct(60, 300, treated).PositiveLikelihoodRatio;
        Assert.Equal(corrected, decision.LikelihoodRatio);
        Assert.NotEqual(DiagnosticAccuracy.Compute(treated).PositiveLikelihoodRatio.Value, decision.LikelihoodRatio!.Value);
        var reason = decision.ToClaimVerdict().Reason;
        Assert.Contains("corrected for verification (Begg–Greenes)", reason);
        Assert.Contains("75% of positive and 10% of negative blocks", reason);
        Assert.Contains("excluding zero: the corrected LR+ is used", reason);

        var same = Decide(treated, positiveBlocks: 90, negativeBlocks: 60);
        Assert.False(same.UsesCorrected);
        Assert.Contains("including zero: the uncorrected LR+ is used", same.ToClaimVerdict().Reason);
    }

    [Fact]
    public void E_is_a_setting()
    {
        var lenient = Decide(new TwoByTwo(18, 3, 2, 17), rule: Rule with { LikelihoodRatioThreshold = 2 });
        Assert.Equal(Verdict.Supported, lenient.Verdict);
        Assert.Contains("reaches E = 2.00", lenient.ToClaimVerdict().Reason);
        Assert.Throws<InvalidOperationException>(() => Decide(new TwoByTwo(18, 3, 2, 17), rule: Rule with { LikelihoodRatioThreshold = double.NaN }));
    }

    [Theory]
    [InlineData(10.5, "large")]
    [InlineData(10, "moderate")]
    [InlineData(5, "moderate")]
    [InlineData(4.99, "small")]
    [InlineData(2, "small")]
    [InlineData(1.99, "rarely important")]
    [InlineData(1, "rarely important")]
    [InlineData(0.8, "below 1")]
    public void LR_plus_is_graded_as_Jaeschke_1994(double lr, string grade) =>
        Assert.Equal(grade, LikelihoodRatioGrade.Short(lr));

    [Theory]
    [InlineData(4.996, "4.996")]
    [InlineData(5.0, "5.00")]
    [InlineData(10.004, "10.004")]
    [InlineData(1.9999, "1.9999")]
    [InlineData(1.5556, "1.56")]
    public void LR_plus_is_written_inside_its_grade(double lr, string written) =>
        Assert.Equal(written, LikelihoodRatioGrade.Written(lr));

    [GeneratedRegex(@"95% CI (-?[0-9.]+) to (-?[0-9.]+)")]
    private static partial Regex IntervalPattern();

    /// <summary>
    /// Over many tables and thresholds, the reason's words agree with the numbers it prints: "reaches" only when the
    /// printed lower bound is at or above the printed E, "below" only when the printed upper bound is below it,
    /// "straddles" only when the printed interval contains it (issue 11: a reason read "+70 points (95% CI +12.4 to
    /// +89.2 points): the interval includes zero").
    /// </summary>
    [Fact]
    public void A_reason_never_contradicts_its_numbers()
    {
        var random = new Random(11);
        var checkedReasons = 0;
        for (var i = 0; i < 3000; i++)
        {
            var table = new TwoByTwo(random.Next(0, 60), random.Next(0, 60), random.Next(0, 60), random.Next(0, 60));
            var e = Math.Round(1 + random.NextDouble() * 9, random.Next(0, 4));
            var decision = Decide(table, positiveBlocks: table.TestPositive + random.Next(0, 50), negativeBlocks: table.TestNegative + random.Next(0, 200),
                rule: Rule with { LikelihoodRatioThreshold = e });
            var verdict = decision.ToClaimVerdict();
            var match = IntervalPattern().Match(verdict.Reason);
            if (decision.Judgement is null)
            {
                Assert.False(match.Success, verdict.Reason);
                Assert.Equal(Verdict.NotEnoughData, verdict.Verdict);
                continue;
            }
            var lower = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var upper = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var printedE = double.Parse(Regex.Match(verdict.Reason, @"E = ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
            switch (verdict.Verdict)
            {
                case Verdict.Supported:
                    Assert.Contains("the lower bound reaches", verdict.Reason);
                    Assert.True(lower >= printedE, verdict.Reason);
                    break;
                case Verdict.Refuted:
                    Assert.Contains("the upper bound is below", verdict.Reason);
                    Assert.True(upper < printedE, verdict.Reason);
                    break;
                default:
                    Assert.Contains("the interval straddles", verdict.Reason);
                    Assert.True(lower < printedE && upper >= printedE, verdict.Reason);
                    break;
            }
            Assert.DoesNotContain("includes zero", verdict.Reason);
            checkedReasons++;
        }
        Assert.True(checkedReasons > 1000, $"{checkedReasons} reasons with an interval");
    }

    [Fact]
    public void The_case_of_the_issue_cannot_be_written()
    {
        // The issue's numbers: a difference of +70 points with an interval of +12.4 to +89.2 points. Whatever branch
        // decides, no reason says of an interval above zero that it includes zero, or of one above E that it straddles E.
        foreach (var table in new[] { new TwoByTwo(8, 1, 2, 7), new TwoByTwo(9, 1, 2, 8), new TwoByTwo(18, 2, 4, 16) })
        {
            var reason = Decide(table).ToClaimVerdict().Reason;
            Assert.DoesNotContain("includes zero", reason);
            var judged = Decide(table).Judgement;
            if (judged is not null && reason.Contains("straddles"))
            {
                Assert.True(judged.Interval.Contains(judged.Limit), reason);
            }
        }
    }
}
