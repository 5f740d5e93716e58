using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class BlockRulesTests
{
    private static PainDiary Diary(int pre, params (int Minutes, int Pain)[] scores) =>
        new(pre, [.. scores.Select(s => new DiaryEntry(TimeSpan.FromMinutes(s.Minutes), s.Pain))]);

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [Theory]
    [InlineData(8, 2, "75.0")]
    [InlineData(8, 0, "100.0")]
    [InlineData(10, 10, "0.0")]
    [InlineData(3, 2, "33.3")]
    [InlineData(3, 1, "66.7")]
    [InlineData(7, 2, "71.4")]
    [InlineData(4, 5, "-25.0")] // pain increased
    [InlineData(0, 0, null)] // cannot be computed
    [InlineData(0, 3, null)]
    public void Percent_relief_is_pre_minus_post_over_pre_to_one_decimal(int pre, int post, string? relief) =>
        Assert.Equal(relief is null ? null : decimal.Parse(relief), BlockRules.PercentRelief(pre, post));

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(11, 0)]
    [InlineData(5, -1)]
    [InlineData(5, 11)]
    public void Percent_relief_rejects_pain_outside_0_to_10(int pre, int post) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockRules.PercentRelief(pre, post));

    [Fact]
    public void The_standard_diary_times_run_from_15_minutes_to_24_hours() =>
        Assert.Equal(
            [TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), H(1), H(2), H(3), H(4), H(6), H(8), H(24)],
            PainDiary.StandardTimes);

    [Theory]
    [InlineData(10, 2, 80, BlockClassification.Positive)] // exactly 80%
    [InlineData(10, 3, 80, BlockClassification.Negative)] // 70%
    [InlineData(8, 1, 80, BlockClassification.Positive)] // 87.5%
    [InlineData(8, 4, 50, BlockClassification.Positive)] // exactly 50%
    [InlineData(8, 3, 50, BlockClassification.Positive)] // 62.5%
    [InlineData(8, 3, 80, BlockClassification.Negative)]
    [InlineData(8, 5, 50, BlockClassification.Negative)] // 37.5%
    public void A_block_is_positive_when_peak_relief_reaches_the_threshold(int pre, int bestPain, int threshold, BlockClassification expected)
    {
        var diary = Diary(pre, (15, pre), (30, bestPain), (60, pre));

        var result = BlockRules.Analyse(diary, ReliefThreshold.Create(threshold));

        Assert.Equal(expected, result.Classification);
        Assert.Equal(BlockRules.PercentRelief(pre, bestPain), result.PeakReliefPercent);
        Assert.Equal(TimeSpan.FromMinutes(30), result.PeakAt);
    }

    [Fact]
    public void A_negative_block_has_no_duration_and_says_why()
    {
        var result = BlockRules.Analyse(Diary(8, (15, 6), (30, 4), (60, 5)), ReliefThreshold.Eighty);

        Assert.Equal(BlockClassification.Negative, result.Classification);
        Assert.Null(result.DurationAtThreshold);
        Assert.False(result.DurationIsLowerBound);
        Assert.Equal("Negative: peak relief 50% at 30 min, below the 80% threshold.", result.Explanation);
    }

    [Fact]
    public void A_block_that_only_made_the_pain_worse_reports_no_relief()
    {
        var result = BlockRules.Analyse(Diary(4, (30, 5), (60, 4)), ReliefThreshold.Fifty);

        Assert.Equal(BlockClassification.Negative, result.Classification);
        Assert.Equal(0m, result.PeakReliefPercent);
        Assert.Equal("Negative: no relief at any time, below the 50% threshold.", result.Explanation);
    }

    [Fact]
    public void Pain_of_0_before_the_block_is_indeterminate()
    {
        var result = BlockRules.Analyse(Diary(0, (15, 0), (60, 0)), ReliefThreshold.Eighty);

        Assert.Equal(BlockClassification.Indeterminate, result.Classification);
        Assert.Null(result.PeakReliefPercent);
        Assert.Null(result.PeakAt);
        Assert.Null(result.DurationAtThreshold);
        Assert.All(result.ReliefByTime, r => Assert.Null(r.Relief));
        Assert.Contains("relief cannot be computed", result.Explanation);
    }

    [Fact]
    public void A_diary_with_no_score_in_the_first_2_hours_is_indeterminate_even_with_great_relief_later()
    {
        var result = BlockRules.Analyse(Diary(8, (180, 0), (240, 1)), ReliefThreshold.Eighty);

        Assert.Equal(BlockClassification.Indeterminate, result.Classification);
        Assert.Equal(100m, result.PeakReliefPercent); // shown, but it does not decide
        Assert.Equal(H(3), result.PeakAt);
        Assert.Null(result.DurationAtThreshold);
        Assert.Contains("no pain score in the first 2 h", result.Explanation);
    }

    [Fact]
    public void An_empty_diary_is_indeterminate()
    {
        var result = BlockRules.Analyse(Diary(8), ReliefThreshold.Eighty);

        Assert.Equal(BlockClassification.Indeterminate, result.Classification);
        Assert.Null(result.PeakReliefPercent);
        Assert.Empty(result.ReliefByTime);
    }

    [Fact]
    public void A_score_at_exactly_2_hours_is_in_time() =>
        Assert.Equal(BlockClassification.Positive, BlockRules.Analyse(Diary(8, (120, 0)), ReliefThreshold.Eighty).Classification);

    [Fact]
    public void Duration_is_the_time_of_the_first_score_below_threshold_after_relief_last_reached_it()
    {
        // 90% at 15 min, a dip to 50% at 30 min, back to 90% at 1 h, then below from 2 h.
        var diary = Diary(10, (15, 1), (30, 5), (60, 1), (120, 6), (180, 7));

        var result = BlockRules.Analyse(diary, ReliefThreshold.Eighty);

        Assert.Equal(BlockClassification.Positive, result.Classification);
        Assert.Equal(90m, result.PeakReliefPercent);
        Assert.Equal(TimeSpan.FromMinutes(15), result.PeakAt); // the first time the peak was reached
        Assert.Equal(H(2), result.DurationAtThreshold);
        Assert.False(result.DurationIsLowerBound);
        Assert.Equal("Positive: peak relief 90% at 15 min reaches the 80% threshold; relief fell below the threshold by 2 h.",
            result.Explanation);
    }

    [Fact]
    public void Relief_still_at_threshold_at_the_last_score_gives_a_lower_bound()
    {
        var result = BlockRules.Analyse(Diary(8, (15, 4), (60, 1), (240, 1), (480, 4)), ReliefThreshold.Fifty);

        Assert.Equal(H(8), result.DurationAtThreshold);
        Assert.True(result.DurationIsLowerBound);
        Assert.EndsWith("so it lasted at least 8 h.", result.Explanation);
    }

    [Fact]
    public void The_same_diary_can_be_positive_at_50_and_negative_at_80()
    {
        var diary = Diary(10, (30, 3), (60, 4), (120, 6));

        var at50 = BlockRules.Analyse(diary, ReliefThreshold.Fifty);
        var at80 = BlockRules.Analyse(diary, ReliefThreshold.Eighty);

        Assert.Equal((BlockClassification.Positive, H(2), false), (at50.Classification, at50.DurationAtThreshold, at50.DurationIsLowerBound));
        Assert.Equal((BlockClassification.Negative, (TimeSpan?)null), (at80.Classification, at80.DurationAtThreshold));
    }

    [Fact]
    public void Entries_in_any_order_are_read_in_time_order()
    {
        var ordered = BlockRules.Analyse(Diary(10, (15, 2), (60, 1), (120, 5)), ReliefThreshold.Eighty);
        var shuffled = BlockRules.Analyse(Diary(10, (120, 5), (15, 2), (60, 1)), ReliefThreshold.Eighty);

        Assert.Equal(ordered.ReliefByTime, shuffled.ReliefByTime);
        Assert.Equal([(TimeSpan.FromMinutes(15), (decimal?)80m), (H(1), 90m), (H(2), 50m)], shuffled.ReliefByTime);
        Assert.Equal((H(2), false), (shuffled.DurationAtThreshold, shuffled.DurationIsLowerBound));
        Assert.Equal(ordered.Explanation, shuffled.Explanation);
    }

    [Theory]
    [InlineData(true, " Palpation tenderness was abolished.")]
    [InlineData(false, " Palpation tenderness was not abolished.")]
    public void The_explanation_says_whether_tenderness_was_abolished(bool abolished, string sentence)
    {
        var diary = Diary(8, (30, 0)) with { TendernessAbolished = abolished };

        Assert.EndsWith(sentence, BlockRules.Analyse(diary, ReliefThreshold.Eighty).Explanation);
    }

    public static TheoryData<PainDiary> InvalidDiaries => new()
    {
        Diary(8, (30, 2), (30, 3)), // two scores at the same time
        Diary(8, (-5, 2), (30, 3)), // before the block
        Diary(8, (30, 11)),
        Diary(8, (30, -1)),
        Diary(11, (30, 2)),
        Diary(-1, (30, 2)),
    };

    [Theory]
    [MemberData(nameof(InvalidDiaries))]
    public void Invalid_diaries_are_rejected(PainDiary diary) =>
        Assert.ThrowsAny<ArgumentException>(() => BlockRules.Analyse(diary, ReliefThreshold.Eighty));

    [Theory]
    [InlineData(BlockAgent.Lidocaine, AgentDuration.Short)]
    [InlineData(BlockAgent.Bupivacaine, AgentDuration.Long)]
    [InlineData(BlockAgent.Ropivacaine, AgentDuration.Long)]
    [InlineData(BlockAgent.Saline, AgentDuration.Placebo)]
    public void Agents_have_an_expected_duration(BlockAgent agent, AgentDuration duration) =>
        Assert.Equal(duration, agent.ExpectedDuration());

    [Fact]
    public void An_unknown_agent_has_no_expected_duration() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((BlockAgent)99).ExpectedDuration());
}
