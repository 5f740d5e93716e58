using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class ComparativeBlockTests
{
    private static BlockResult Positive(double hours, bool lowerBound = false) =>
        new(BlockClassification.Positive, 90m, TimeSpan.FromMinutes(30), TimeSpan.FromHours(hours), lowerBound, [], "");

    private static readonly BlockResult Negative =
        new(BlockClassification.Negative, 20m, TimeSpan.FromMinutes(30), null, false, [], "");

    private static readonly BlockResult Indeterminate =
        new(BlockClassification.Indeterminate, null, null, null, false, [], "");

    private const BlockAgent Lido = BlockAgent.Lidocaine;
    private const BlockAgent Bupi = BlockAgent.Bupivacaine;

    [Fact]
    public void Longer_relief_with_the_long_acting_agent_is_concordant_whichever_came_first()
    {
        Assert.Equal(PairConcordance.Concordant, BlockRules.ComparePair(Lido, Positive(2), Bupi, Positive(6)));
        Assert.Equal(PairConcordance.Concordant, BlockRules.ComparePair(Bupi, Positive(6), Lido, Positive(2)));
        Assert.Equal(PairConcordance.Concordant, BlockRules.ComparePair(Lido, Positive(1), BlockAgent.Ropivacaine, Positive(4)));
    }

    [Theory]
    [InlineData(6, 2)] // reversed
    [InlineData(3, 3)] // equal
    public void Relief_not_longer_with_the_long_acting_agent_is_discordant_but_positive(double lidocaineHours, double bupivacaineHours) =>
        Assert.Equal(PairConcordance.DiscordantPositive,
            BlockRules.ComparePair(Lido, Positive(lidocaineHours), Bupi, Positive(bupivacaineHours)));

    [Theory]
    [InlineData(3, 3, true, PairConcordance.Concordant)] // still relieved at the short block's end: at least as long
    [InlineData(3, 4, true, PairConcordance.Concordant)]
    [InlineData(3, 2, true, PairConcordance.DiscordantPositive)] // diary stopped before the short block's relief ended
    [InlineData(3, 3, false, PairConcordance.DiscordantPositive)]
    public void A_lower_bound_on_the_long_acting_block_counts_as_longer_when_it_reaches_the_short_one(
        double lidocaineHours, double bupivacaineHours, bool bupivacaineLowerBound, PairConcordance expected) =>
        Assert.Equal(expected,
            BlockRules.ComparePair(Lido, Positive(lidocaineHours), Bupi, Positive(bupivacaineHours, bupivacaineLowerBound)));

    [Fact]
    public void The_pair_explanation_gives_both_durations()
    {
        var pair = BlockRules.EvaluatePair(Lido, Positive(2), Bupi, Positive(8, lowerBound: true));

        Assert.Equal(PairConcordance.Concordant, pair.Outcome);
        Assert.Equal(
            "Concordant: both blocks positive and relief lasted longer with the long-acting agent (bupivacaine at least 8 h, lidocaine 2 h).",
            pair.Explanation);
        Assert.StartsWith("Discordant but positive", BlockRules.EvaluatePair(Lido, Positive(8), Bupi, Positive(2)).Explanation);
    }

    [Theory]
    [InlineData(BlockClassification.Positive)]
    [InlineData(BlockClassification.Negative)]
    public void A_negative_first_block_makes_the_pair_negative_whatever_the_second(BlockClassification second) =>
        Assert.Equal(PairConcordance.Negative,
            BlockRules.ComparePair(Lido, Negative, Bupi, Result(second)));

    [Fact]
    public void A_positive_first_block_with_a_negative_confirmatory_block_is_a_false_positive_single_block() =>
        Assert.Equal(PairConcordance.FalsePositiveSingle, BlockRules.ComparePair(Lido, Positive(2), Bupi, Negative));

    [Fact]
    public void An_indeterminate_block_makes_the_pair_indeterminate()
    {
        Assert.Equal(PairConcordance.Indeterminate, BlockRules.ComparePair(Lido, Indeterminate, Bupi, Positive(4)));
        Assert.Equal(PairConcordance.Indeterminate, BlockRules.ComparePair(Lido, Positive(2), Bupi, Indeterminate));
        Assert.Equal(PairConcordance.Indeterminate, BlockRules.ComparePair(Lido, Negative, Bupi, Indeterminate));
    }

    [Theory]
    [InlineData(BlockAgent.Lidocaine, BlockAgent.Lidocaine, "lidocaine and lidocaine are both short-acting")]
    [InlineData(BlockAgent.Bupivacaine, BlockAgent.Ropivacaine, "bupivacaine and ropivacaine are both long-acting")]
    public void Agents_with_the_same_expected_duration_cannot_be_compared(BlockAgent first, BlockAgent second, string because)
    {
        var pair = BlockRules.EvaluatePair(first, Positive(2), second, Negative);

        Assert.Equal(PairConcordance.Indeterminate, pair.Outcome);
        Assert.Contains(because, pair.Explanation);
    }

    [Theory]
    [InlineData(BlockAgent.Lidocaine, BlockAgent.Saline)]
    [InlineData(BlockAgent.Saline, BlockAgent.Bupivacaine)]
    public void A_saline_block_belongs_to_a_placebo_controlled_pair_not_a_comparative_one(BlockAgent first, BlockAgent second)
    {
        var pair = BlockRules.EvaluatePair(first, Positive(2), second, Negative);

        Assert.Equal(PairConcordance.Indeterminate, pair.Outcome);
        Assert.Contains("placebo-controlled", pair.Explanation);
    }

    [Fact]
    public void Positive_blocks_without_a_duration_cannot_be_compared()
    {
        var noDuration = Positive(2) with { DurationAtThreshold = null };

        Assert.Equal(PairConcordance.Indeterminate, BlockRules.ComparePair(Lido, noDuration, Bupi, Positive(4)));
        Assert.Equal(PairConcordance.Indeterminate, BlockRules.ComparePair(Lido, Positive(2), Bupi, noDuration));
    }

    [Fact]
    public void Pair_explanations_come_from_real_diaries_too()
    {
        var lidocaine = BlockRules.Analyse(
            new PainDiary(8, [new(TimeSpan.FromMinutes(30), 1), new(TimeSpan.FromHours(1), 1), new(TimeSpan.FromHours(2), 6)]),
            ReliefThreshold.Eighty);
        var bupivacaine = BlockRules.Analyse(
            new PainDiary(8, [new(TimeSpan.FromMinutes(30), 1), new(TimeSpan.FromHours(4), 1), new(TimeSpan.FromHours(6), 5)]),
            ReliefThreshold.Eighty);

        Assert.Equal(PairConcordance.Concordant, BlockRules.ComparePair(Lido, lidocaine, Bupi, bupivacaine));
    }

    [Theory]
    [InlineData(BlockClassification.Positive, BlockClassification.Negative, PlaceboOutcome.Confirmed)]
    [InlineData(BlockClassification.Positive, BlockClassification.Positive, PlaceboOutcome.PlaceboResponder)]
    [InlineData(BlockClassification.Negative, BlockClassification.Negative, PlaceboOutcome.Negative)]
    [InlineData(BlockClassification.Negative, BlockClassification.Positive, PlaceboOutcome.Negative)]
    [InlineData(BlockClassification.Negative, BlockClassification.Indeterminate, PlaceboOutcome.Negative)]
    [InlineData(BlockClassification.Positive, BlockClassification.Indeterminate, PlaceboOutcome.Indeterminate)]
    [InlineData(BlockClassification.Indeterminate, BlockClassification.Negative, PlaceboOutcome.Indeterminate)]
    [InlineData(BlockClassification.Indeterminate, BlockClassification.Positive, PlaceboOutcome.Indeterminate)]
    public void Placebo_controlled_blocks_confirm_only_with_relief_from_the_anesthetic_and_none_from_saline(
        BlockClassification anesthetic, BlockClassification saline, PlaceboOutcome expected) =>
        Assert.Equal(expected, BlockRules.ComparePlacebo(Result(anesthetic), Result(saline)));

    private static BlockResult Result(BlockClassification classification) => classification switch
    {
        BlockClassification.Positive => Positive(3),
        BlockClassification.Negative => Negative,
        _ => Indeterminate,
    };

    [Theory]
    [InlineData(PairConcordance.Concordant, "Concordant:")]
    [InlineData(PairConcordance.DiscordantPositive, "Discordant but positive:")]
    [InlineData(PairConcordance.Negative, "Negative:")]
    [InlineData(PairConcordance.FalsePositiveSingle, "False-positive single block:")]
    [InlineData(PairConcordance.Indeterminate, "Indeterminate:")]
    public void Each_pair_outcome_has_a_plain_description(PairConcordance outcome, string start) =>
        Assert.StartsWith(start, BlockRules.Describe(outcome));

    [Theory]
    [InlineData(PlaceboOutcome.Confirmed, "Confirmed:")]
    [InlineData(PlaceboOutcome.PlaceboResponder, "Placebo responder:")]
    [InlineData(PlaceboOutcome.Negative, "Negative:")]
    [InlineData(PlaceboOutcome.Indeterminate, "Indeterminate:")]
    public void Each_placebo_outcome_has_a_plain_description(PlaceboOutcome outcome, string start) =>
        Assert.StartsWith(start, BlockRules.Describe(outcome));

    [Theory]
    [InlineData(BlockClassification.Positive, "Positive:")]
    [InlineData(BlockClassification.Negative, "Negative:")]
    [InlineData(BlockClassification.Indeterminate, "Indeterminate:")]
    public void Each_classification_has_a_plain_description(BlockClassification classification, string start) =>
        Assert.StartsWith(start, BlockRules.Describe(classification));

    [Fact]
    public void Unknown_outcomes_have_no_description()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockRules.Describe((PairConcordance)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockRules.Describe((PlaceboOutcome)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockRules.Describe((BlockClassification)99));
    }
}
