using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>Each branch of each claim's rule, with the default settings.</summary>
public sealed class SourceTextClaimsTests
{
    private static readonly SpinalSegment T12L1 = SpinalSegment.Parse("T12-L1");
    private static readonly SpinalSegment L1L2 = SpinalSegment.Parse("L1-L2");

    private static IEnumerable<TerritoryLevelCase> Cells(Territory territory, SpinalSegment segment, int count, int firstKey) =>
        Enumerable.Range(firstKey, count).Select(key => new TerritoryLevelCase(key, territory, segment));

    [Fact]
    public void Territory_does_not_indicate_level_when_every_territory_spreads_evenly_over_the_levels()
    {
        var data = Cells(Territory.Anterior, T12L1, 10, 0).Concat(Cells(Territory.Anterior, L1L2, 10, 100))
            .Concat(Cells(Territory.Posterior, T12L1, 10, 200)).Concat(Cells(Territory.Posterior, L1L2, 10, 300))
            .Concat(Cells(Territory.Lateral, T12L1, 10, 400)).Concat(Cells(Territory.Lateral, L1L2, 10, 500));
        var result = SourceTextClaims.TerritoryIndicatesLevel(data);
        Assert.Equal(3, result.Territories.Count);
        Assert.Equal([T12L1, L1L2], result.Segments);
        Assert.Equal(0.0, result.Test.CramersV!.Value, 10);
        Assert.Equal(Verdict.Supported, result.Verdict.Verdict);
        Assert.Contains("Cramér's V 0.00 (95% CI 0.00 to 0.00)", result.Verdict.Reason);
        Assert.Contains("does not indicate the level", result.Verdict.Reason);
    }

    [Fact]
    public void A_sample_V_above_its_interval_is_explained()
    {
        // 3 × 3, nearly uniform: χ² = 0.4286 on 4 df, below its 2.5th percentile (0.4844), so the interval is 0 to 0
        // while the sample V is √(0.4286 / 84) = 0.071.
        var l2l3 = SpinalSegment.Parse("L2-L3");
        var counts = new[,] { { 5, 5, 4 }, { 5, 4, 5 }, { 4, 5, 5 } };
        Territory[] territories = [Territory.Anterior, Territory.Posterior, Territory.Lateral];
        SpinalSegment[] segments = [T12L1, L1L2, l2l3];
        var key = 0;
        var data = new List<TerritoryLevelCase>();
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                data.AddRange(Cells(territories[i], segments[j], counts[i, j], key));
                key += 100;
            }
        }
        var result = SourceTextClaims.TerritoryIndicatesLevel(data);
        Assert.Equal(new Interval(0, 0), result.Test.CramersVInterval);
        Assert.True(result.Test.CramersV > 0.05);
        Assert.Equal(Verdict.Supported, result.Verdict.Verdict);
        Assert.Contains("(95% CI 0.00 to 0.00; the sample V lies above it", result.Verdict.Reason);
    }

    [Fact]
    public void Territory_indicates_level_when_each_territory_belongs_to_one_level()
    {
        var data = Cells(Territory.Anterior, L1L2, 20, 0).Concat(Cells(Territory.Posterior, T12L1, 20, 100));
        var result = SourceTextClaims.TerritoryIndicatesLevel(data);
        Assert.Equal(1.0, result.Test.CramersV!.Value, 10);
        Assert.Equal(Verdict.Refuted, result.Verdict.Verdict);
        Assert.Contains("associated with the level", result.Verdict.Reason);
        Assert.Contains("chi-square 40.00 (df 1), p < 0.0001", result.Verdict.Reason);
    }

    [Fact]
    public void A_sizeable_association_that_is_not_significant_is_not_enough_data_and_uses_fisher_for_small_tables()
    {
        // [[4,1],[1,4]]: V = 0.6, expected counts 2.5, Fisher p = 0.2063
        var data = Cells(Territory.Anterior, T12L1, 4, 0).Concat(Cells(Territory.Anterior, L1L2, 1, 10))
            .Concat(Cells(Territory.Posterior, T12L1, 1, 20)).Concat(Cells(Territory.Posterior, L1L2, 4, 30));
        var result = SourceTextClaims.TerritoryIndicatesLevel(data);
        Assert.Equal(0.2063, result.P!.Value, 4);
        Assert.Equal(Verdict.NotEnoughData, result.Verdict.Verdict);
        Assert.Contains("Fisher's exact p = 0.2063", result.Verdict.Reason);
        Assert.Contains("too few data", result.Verdict.Reason);
    }

    [Fact]
    public void Territory_claim_needs_ten_patients_and_two_territories()
    {
        Assert.Equal(Verdict.NotEnoughData,
            SourceTextClaims.TerritoryIndicatesLevel(Cells(Territory.Anterior, T12L1, 9, 0)).Verdict.Verdict);
        var oneTerritory = SourceTextClaims.TerritoryIndicatesLevel(
            Cells(Territory.Anterior, T12L1, 10, 0).Concat(Cells(Territory.Anterior, L1L2, 10, 100)));
        Assert.Equal(Verdict.NotEnoughData, oneTerritory.Verdict.Verdict);
        Assert.Contains("at least two of each", oneTerritory.Verdict.Reason);
        Assert.Null(oneTerritory.P);
        Assert.Equal(Verdict.NotEnoughData, SourceTextClaims.TerritoryIndicatesLevel([]).Verdict.Verdict);
    }

    private static IEnumerable<LevelAgreementCase> Pairs(SpinalSegment imaging, SpinalSegment block, int count, int firstKey) =>
        Enumerable.Range(firstKey, count).Select(key => new LevelAgreementCase(key, imaging, block));

    private static IEnumerable<LevelAgreementCase> Table(int a, int b, int c, int d) =>
        Pairs(T12L1, T12L1, a, 0).Concat(Pairs(T12L1, L1L2, b, 1000))
            .Concat(Pairs(L1L2, T12L1, c, 2000)).Concat(Pairs(L1L2, L1L2, d, 3000));

    [Fact]
    public void Imaging_is_non_contributory_when_the_kappa_interval_lies_below_four_tenths()
    {
        var result = SourceTextClaims.ImagingAgreesWithBlocks(Table(10, 10, 10, 10));
        Assert.Equal(0.0, result.Kappa.Kappa!.Value, 10);
        Assert.Equal(0.3099, result.Kappa.Interval!.Value.Upper, 4);
        Assert.Equal(Verdict.Supported, result.Verdict.Verdict);
        Assert.Contains("kappa 0.00 (95% CI -0.31 to 0.31)", result.Verdict.Reason);
    }

    [Fact]
    public void Imaging_contributes_when_the_kappa_interval_lies_above_four_tenths()
    {
        var result = SourceTextClaims.ImagingAgreesWithBlocks(Table(20, 1, 1, 20));
        Assert.Equal(0.9048, result.Kappa.Kappa!.Value, 4);
        Assert.Equal(Verdict.Refuted, result.Verdict.Verdict);
    }

    [Fact]
    public void Imaging_claim_is_undecided_when_the_kappa_interval_straddles_four_tenths_or_data_are_few()
    {
        var result = SourceTextClaims.ImagingAgreesWithBlocks(Table(20, 5, 10, 15));
        Assert.Equal(0.4000, result.Kappa.Kappa!.Value, 4);
        Assert.Equal(Verdict.NotEnoughData, result.Verdict.Verdict);
        Assert.Contains("straddles 0.4", result.Verdict.Reason);

        Assert.Equal(Verdict.NotEnoughData, SourceTextClaims.ImagingAgreesWithBlocks(Table(3, 1, 1, 3)).Verdict.Verdict);
        var oneLevel = SourceTextClaims.ImagingAgreesWithBlocks(Table(12, 0, 0, 0));
        Assert.Equal(Verdict.NotEnoughData, oneLevel.Verdict.Verdict);
        Assert.Contains("not estimable", oneLevel.Verdict.Reason);
    }

    [Theory]
    [InlineData(2, 100, Verdict.Supported, "upper bound is below 10%")] // Wilson 0.6–7.0%
    [InlineData(30, 100, Verdict.Refuted, "lower bound reaches 10%")] // Wilson 21.9–39.6%
    [InlineData(2, 20, Verdict.NotEnoughData, "straddles 10%")] // Wilson 2.8–30.1%
    [InlineData(0, 5, Verdict.NotEnoughData, "needs at least 10")]
    [InlineData(0, 0, Verdict.NotEnoughData, "needs at least 10")]
    public void Pain_below_the_knee(int belowKnee, int confirmed, Verdict expected, string reason)
    {
        var result = SourceTextClaims.PainBelowKnee(belowKnee, confirmed, patients: confirmed);
        Assert.Equal(expected, result.Verdict.Verdict);
        Assert.Contains(reason, result.Verdict.Reason);
    }

    [Theory]
    [InlineData(3, 50, Verdict.Supported, "3/50 (6%, 95% CI 2.1%–16.2%) of confirmed cases were bilateral: bilateral cases occur.")]
    [InlineData(0, 100, Verdict.Refuted, "upper bound is below 5%")] // Wilson 0–3.7%
    [InlineData(0, 20, Verdict.NotEnoughData, "too few cases")] // Wilson 0–16.1%
    [InlineData(1, 3, Verdict.NotEnoughData, "needs at least 10")]
    public void Bilateral_cases(int bilateral, int confirmed, Verdict expected, string reason)
    {
        var result = SourceTextClaims.BilateralCasesOccur(bilateral, confirmed, patients: confirmed);
        Assert.Equal(expected, result.Verdict.Verdict);
        Assert.Contains(reason, result.Verdict.Reason);
    }

    [Fact]
    public void A_patient_without_the_item_is_left_out_and_the_reason_says_how_many()
    {
        // Issue 11: a clinic with no assessments was "supported - pain does not radiate below the knee: 0/52".
        var none = SourceTextClaims.PainBelowKnee(0, recorded: 0, patients: 0, leftOut: [new("no assessment recorded", 52)]);
        Assert.Equal(Verdict.NotEnoughData, none.Verdict.Verdict);
        Assert.Equal(0, none.Proportion.Total);
        Assert.Equal("0 patients analysed; the rule needs at least 10. 52 left out of the denominator, the item not recorded: no assessment recorded (52).", none.Verdict.Reason);
        Assert.Equal(52, none.LeftOut.Single().Patients);

        var some = SourceTextClaims.PainBelowKnee(2, 100, 100, leftOut: [new("no assessment recorded", 7), new("nothing", 0)]);
        Assert.Equal(Verdict.Supported, some.Verdict.Verdict);
        Assert.EndsWith("7 left out of the denominator, the item not recorded: no assessment recorded (7).", some.Verdict.Reason);
        Assert.Single(some.LeftOut); // a reason with no patient is not listed

        var territory = SourceTextClaims.TerritoryIndicatesLevel(Cells(Territory.Anterior, L1L2, 20, 0).Concat(Cells(Territory.Posterior, T12L1, 20, 100)),
            leftOut: [new("no assessment recorded", 3), new("assessment without a painful territory", 2)]);
        Assert.Contains("5 left out of the denominator", territory.Verdict.Reason);
        var imaging = SourceTextClaims.ImagingAgreesWithBlocks(Table(10, 10, 10, 10), leftOut: [new("no imaging, or imaging that suggested no level", 30)]);
        Assert.Contains("30 left out", imaging.Verdict.Reason);
        var bilateral = SourceTextClaims.BilateralCasesOccur(3, 50, 50);
        Assert.Empty(bilateral.LeftOut);
        Assert.DoesNotContain("left out", bilateral.Verdict.Reason);
    }

    [Fact]
    public void A_bound_is_written_so_that_it_falls_on_the_side_of_the_limit_it_is_on()
    {
        // Wilson upper bound 9.96% against the 10% limit: written "9.96%", never "10%", beside "below 10%".
        var judged = IntervalJudgement.Of(new Interval(0.02, 0.0996), 0.10);
        Assert.Equal(IntervalPosition.Below, judged.Position);
        Assert.Equal("95% CI 2%–9.96%".Replace("–", " to "), judged.IntervalText(NumberStyle.Percent));
        Assert.Equal("the upper bound is below 10%", judged.PositionText(NumberStyle.Percent));
        Assert.Equal("4.999", NumberStyle.Ratio.Against(4.999, 5));
        Assert.Equal("5.00", NumberStyle.Ratio.Against(5, 5));
        Assert.Equal("5.01", NumberStyle.Ratio.Against(5.01, 5));
        Assert.Equal("2.25", NumberStyle.Ratio.FormatLimit(2.25));
        Assert.Equal("2.125", NumberStyle.Ratio.FormatLimit(2.125));
        Assert.Equal("1.56", NumberStyle.Ratio.Format(1.5556));
        Assert.Equal("p = 0.04996", SourceTextClaims.FormatP(0.04996, 0.05));
        Assert.Equal("p = 0.0500", SourceTextClaims.FormatP(0.05, 0.05));
        Assert.Equal("p = 0.0123", SourceTextClaims.FormatP(0.0123, 0.05));
        Assert.Equal("0.2996", NumberStyle.Ratio.Against(0.2996, 0.3));
        Assert.Equal(IntervalPosition.Reaches, IntervalJudgement.Of(new Interval(5, 9), 5).Position);
        Assert.Equal(IntervalPosition.Straddles, IntervalJudgement.Of(new Interval(4.9, 5), 5).Position);
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 29)]
    [InlineData(9, 100)]
    [InlineData(10, 100)]
    [InlineData(11, 100)]
    [InlineData(5, 50)]
    public void A_proportion_claim_says_what_its_interval_shows(int belowKnee, int recorded)
    {
        var result = SourceTextClaims.PainBelowKnee(belowKnee, recorded, recorded);
        var ci = result.Proportion.Wilson!.Value;
        var expected = ci.Upper < 0.10 ? Verdict.Supported : ci.Lower >= 0.10 ? Verdict.Refuted : Verdict.NotEnoughData;
        Assert.Equal(expected, result.Verdict.Verdict);
        Assert.Contains(expected switch
        {
            Verdict.Supported => "the upper bound is below 10%",
            Verdict.Refuted => "the lower bound reaches 10%",
            _ => "the interval straddles 10%",
        }, result.Verdict.Reason);
    }
}
