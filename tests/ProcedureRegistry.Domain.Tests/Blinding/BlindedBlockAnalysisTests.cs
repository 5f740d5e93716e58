using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Blinding;

public sealed class BlindedBlockAnalysisTests
{
    private static IEnumerable<BlindedPlaceboInjection> Many(AllocationArm arm, BlockClassification classification, int count) =>
        Enumerable.Repeat(new BlindedPlaceboInjection(arm, classification), count);

    [Fact]
    public void The_placebo_response_rate_is_the_positive_share_of_decided_saline_injections_with_a_Wilson_interval()
    {
        BlindedPlaceboInjection[] injections =
        [
            .. Many(AllocationArm.Saline, BlockClassification.Positive, 6),
            .. Many(AllocationArm.Saline, BlockClassification.Negative, 14),
            .. Many(AllocationArm.Saline, BlockClassification.Indeterminate, 3),
            .. Many(AllocationArm.Anesthetic, BlockClassification.Positive, 16),
            .. Many(AllocationArm.Anesthetic, BlockClassification.Negative, 4),
        ];

        var result = BlindedBlockAnalysis.Analyse(injections, []);

        Assert.Equal((6, 20, 3), (result.PlaceboResponse.Rate.Successes, result.PlaceboResponse.Rate.Total, result.PlaceboResponse.Indeterminate));
        Assert.Equal(0.3, result.PlaceboResponse.Rate.Value!.Value, 10);
        // Wilson 95% for 6/20: 0.1455 to 0.5190.
        Assert.Equal(0.1455, result.PlaceboResponse.Rate.Wilson!.Value.Lower, 4);
        Assert.Equal(0.5190, result.PlaceboResponse.Rate.Wilson!.Value.Upper, 4);
        Assert.Equal(0.8, result.AnestheticResponse.Rate.Value!.Value, 10);
        Assert.Equal(0.5, result.AnestheticMinusPlacebo.Value!.Value, 10);
        Assert.True(result.AnestheticMinusPlacebo.Interval!.Value.Lower > 0);
    }

    [Fact]
    public void Concordance_is_judged_by_arm_leaving_out_the_pairs_that_cannot_be_judged()
    {
        BlindedComparativePair[] pairs =
        [
            new(AllocationArm.ShortActingFirst, PairConcordance.Concordant),
            new(AllocationArm.ShortActingFirst, PairConcordance.FalsePositiveSingle),
            new(AllocationArm.ShortActingFirst, PairConcordance.Indeterminate),
            new(AllocationArm.LongActingFirst, PairConcordance.Concordant),
            new(AllocationArm.LongActingFirst, PairConcordance.Concordant),
            new(AllocationArm.LongActingFirst, PairConcordance.DiscordantPositive),
        ];

        var byArm = BlindedBlockAnalysis.Analyse([], pairs).ConcordanceByArm;

        Assert.Equal([AllocationArm.ShortActingFirst, AllocationArm.LongActingFirst], byArm.Select(a => a.Arm));
        Assert.Equal((1, 2, 1), (byArm[0].Rate.Successes, byArm[0].Rate.Total, byArm[0].Indeterminate));
        Assert.Equal((2, 3, 0), (byArm[1].Rate.Successes, byArm[1].Rate.Total, byArm[1].Indeterminate));
    }

    [Fact]
    public void No_blinded_blocks_give_rates_that_are_not_estimable()
    {
        var result = BlindedBlockAnalysis.Analyse([], []);
        Assert.Null(result.PlaceboResponse.Rate.Value);
        Assert.Null(result.AnestheticMinusPlacebo.Value);
        Assert.All(result.ConcordanceByArm, a => Assert.Equal(0, a.Rate.Total));
    }
}
