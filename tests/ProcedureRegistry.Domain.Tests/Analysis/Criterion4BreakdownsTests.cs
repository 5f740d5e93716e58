using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class Criterion4BreakdownsTests
{
    private static readonly SpinalSegment T12L1 = SpinalSegment.Parse("T12-L1");
    private static readonly TherapeuticKind Rf = TherapeuticKind.RadiofrequencyDenervation;

    private static BlockedSegmentCase Case(
        int patient, decimal? first, TherapeuticKind therapy, decimal? followUp,
        decimal? confirmatory = null, bool? concordant = null, double? months = null, bool lost = false) =>
        new(patient, T12L1, Side.Left, first, confirmatory, concordant, null, therapy, followUp, months, lost);

    [Theory]
    [InlineData(0, 0, false)]   // nothing to estimate
    [InlineData(15, 29, true)]  // under 30 cases
    [InlineData(15, 30, false)] // 30 cases, 15 and 15
    [InlineData(9, 100, true)]  // fewer than 10 successes
    [InlineData(10, 100, false)]
    [InlineData(91, 100, true)] // fewer than 10 failures
    [InlineData(90, 100, false)]
    public void The_exact_interval_is_shown_under_30_cases_or_under_10_in_either_outcome(int successes, int total, bool small)
    {
        Assert.Equal(small, ExactIntervalRule.IsSmall(successes, total));
        Assert.Equal(small, ExactIntervalRule.IsSmall(Proportions.Estimate(successes, total)));
        Assert.Contains("fewer than 30 cases, or fewer than 10 in either outcome", ExactIntervalRule.Describe());
    }

    [Fact]
    public void Comparative_pairs_are_counted_by_what_became_of_them_at_each_threshold()
    {
        BlockedSegmentCase[] data =
        [
            Case(1, 90, Rf, 60, 85, true),   // both positive, concordant
            Case(2, 90, Rf, 60, 95, true),   // both positive, concordant
            Case(3, 90, Rf, 60, 85, false),  // both positive, discordant
            Case(4, 90, Rf, 60, 85),         // both positive, comparison not recorded
            Case(5, 90, Rf, 60, 40, false),  // confirmatory negative
            Case(6, 70, Rf, 60, 70, true),   // first negative at 80%, both positive at 70%
            Case(7, null, Rf, 60, 90, true), // no first-block result
            Case(8, 90, Rf, 60),             // no confirmatory block: not a pair
        ];

        var at80 = Criterion4Breakdowns.PairCounts(data, ReliefThreshold.Eighty);
        Assert.Equal(new ComparativePairCounts(ReliefThreshold.Eighty, 6, 1, 1, 1, 2, 1, 1), at80);
        Assert.Equal(at80.Pairs, at80.Outcomes.Sum());
        Assert.Equal(at80.FirstBlockReached, at80.Confirmations.Sum());
        // The pairs whose first block reached the threshold are the false-positive rate's first blocks with a confirmatory block.
        var falsePositive = Criterion4Analysis.SingleBlockFalsePositiveRate(data, ReliefThreshold.Eighty).Rate;
        Assert.Equal((falsePositive.Successes, falsePositive.Total), (at80.ConfirmatoryNegative, at80.FirstBlockReached));

        var at70 = Criterion4Breakdowns.PairCounts(data, ReliefThreshold.Create(70));
        Assert.Equal(new ComparativePairCounts(ReliefThreshold.Create(70), 6, 1, 0, 1, 3, 1, 1), at70);

        var none = Criterion4Breakdowns.PairCounts([], ReliefThreshold.Eighty);
        Assert.Equal(0, none.Pairs);
        Assert.All(none.Outcomes, n => Assert.Equal(0, n));
    }

    [Fact]
    public void Durability_by_block_result_splits_the_arms_analysed_cases_at_the_primary_threshold()
    {
        BlockedSegmentCase[] data =
        [
            Case(1, 90, Rf, 70, months: 6, lost: true),   // positive
            Case(2, 85, Rf, 55, months: 12),              // positive, censored
            Case(3, 95, Rf, 20, months: 1, lost: true),   // positive
            Case(4, 60, Rf, 80, months: 3, lost: true),   // negative
            Case(5, 30, Rf, 10, months: 1, lost: true),   // negative
            Case(6, 30, Rf, 10),                          // negative, no durability recorded
            Case(7, 90, Rf, null, months: 2, lost: true), // not followed up: not analysed
            Case(8, null, Rf, 60, months: 2, lost: true), // not classifiable
            Case(9, 90, TherapeuticKind.SteroidInjection, 60, months: 2, lost: true), // the other arm
        ];

        var rf = Criterion4Breakdowns.DurabilityByBlockResult(data, Rf);

        Assert.Equal(Rf, rf.Therapy);
        Assert.Equal((3, 2), (rf.Positive.Total, rf.Positive.Events));
        Assert.Equal(6, rf.Positive.Median);
        Assert.Equal((2, 2), (rf.Negative.Total, rf.Negative.Events));
        Assert.Equal(0.5, rf.Negative.SurvivalAt(1), 10);
        Assert.Equal(0, rf.Negative.SurvivalAt(3), 10);
        // The positive curve is the arm's own durability curve.
        var arm = Criterion4Analysis.Analyse(data).Radiofrequency.Durability;
        Assert.Equal((arm.Total, arm.Events, arm.Median), (rf.Positive.Total, rf.Positive.Events, rf.Positive.Median));

        var lower = Criterion4Breakdowns.DurabilityByBlockResult(data, Rf, new Criterion4Options { PrimaryThreshold = ReliefThreshold.Create(50) });
        Assert.Equal(4, lower.Positive.Total); // patient 4 (60%) is positive at 50%

        var empty = Criterion4Breakdowns.DurabilityByBlockResult([], TherapeuticKind.SteroidInjection);
        Assert.Equal(0, empty.Positive.Total);
        Assert.Empty(empty.Negative.Steps);
    }
}
