using System.Text.RegularExpressions;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Blinding;

/// <summary>The allocation list of clinical-reference §9: balanced within each stratum, and unpredictable.</summary>
public sealed class AllocationListTests
{
    private static readonly Stratum[] TwoStrata = [Stratum.ThoracolumbarJunction, Stratum.LowerLumbar];

    [Theory]
    [InlineData(ControlledDesign.PlaceboControlled, new[] { 2, 4 })]
    [InlineData(ControlledDesign.ComparativeOrder, new[] { 2, 4 })]
    [InlineData(ControlledDesign.PlaceboControlled, new[] { 4, 6, 8 })]
    public void Every_stratum_is_balanced_at_each_completed_block_and_never_off_by_more_than_half_the_largest_block(
        ControlledDesign design, int[] sizes)
    {
        var list = AllocationList.Draw(design, TwoStrata, sizes, 1000);
        var arms = ControlledDesigns.Arms(design);
        foreach (var stratum in TwoStrata)
        {
            var entries = list.Where(e => e.Stratum == stratum).OrderBy(e => e.Position).ToList();
            Assert.True(entries.Count >= 1000);
            Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.Position));
            Assert.All(entries, e => Assert.Contains(e.Arm, arms));
            var difference = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                difference += entries[i].Arm == arms[0] ? 1 : -1;
                Assert.True(Math.Abs(difference) <= sizes.Max() / 2, $"{stratum}: imbalance {difference} after {i + 1}");
                var endsBlock = i == entries.Count - 1 || entries[i + 1].PermutedBlock != entries[i].PermutedBlock;
                if (endsBlock)
                {
                    Assert.Equal(0, difference);
                }
            }
            foreach (var block in entries.GroupBy(e => e.PermutedBlock))
            {
                Assert.Contains(block.First().BlockSize, sizes);
                Assert.Equal(block.First().BlockSize, block.Count());
                Assert.Equal(block.Count() / 2, block.Count(e => e.Arm == arms[0]));
            }
        }
    }

    [Fact]
    public void An_unstratified_protocol_draws_one_list_and_stops_at_the_first_whole_block_past_the_count()
    {
        var list = AllocationList.Draw(ControlledDesign.PlaceboControlled, [Stratum.All], [2, 4], 7);
        Assert.All(list, e => Assert.Equal(Stratum.All, e.Stratum));
        Assert.InRange(list.Count, 8, 10);
        Assert.Equal(list.Count / 2, list.Count(e => e.Arm == AllocationArm.Saline));
    }

    [Fact]
    public void Kit_codes_are_distinct_random_and_in_no_order()
    {
        var list = AllocationList.Draw(ControlledDesign.PlaceboControlled, TwoStrata, [2, 4], 1000);
        var codes = list.Select(e => e.KitCode).ToList();
        Assert.All(codes, c => Assert.Matches(AllocationList.KitCodePattern, c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Not sorted, and not increasing more often than chance: of 2,000 neighbours, about half go up.
        var ups = codes.Zip(codes.Skip(1)).Count(p => string.CompareOrdinal(p.First, p.Second) < 0);
        Assert.InRange(ups, (codes.Count - 1) / 2 - 4 * Math.Sqrt(codes.Count / 4.0), (codes.Count - 1) / 2 + 4 * Math.Sqrt(codes.Count / 4.0));
        // Each character of the alphabet is about equally frequent at every position (chi-square, 24 df, p < 1e-6 ≈ 70).
        for (var position = 0; position < 9; position++)
        {
            if (position == 4)
            {
                continue;
            }
            var counts = AllocationList.KitAlphabet.Select(ch => codes.Count(c => c[position] == ch)).ToArray();
            var expected = codes.Count / (double)AllocationList.KitAlphabet.Length;
            var chiSquare = counts.Sum(n => (n - expected) * (n - expected) / expected);
            Assert.True(chiSquare < 70, $"position {position}: chi-square {chiSquare:0.0}");
        }
        // A code says nothing about its arm: the arms of codes sharing a first character are still half and half.
        var byFirst = list.GroupBy(e => e.KitCode[0]).Where(g => g.Count() >= 40);
        Assert.All(byFirst, g => Assert.InRange(g.Count(e => e.Arm == AllocationArm.Saline) / (double)g.Count(), 0.2, 0.8));
    }

    [Fact]
    public void The_arm_that_opens_each_permuted_block_is_a_fair_coin_and_block_sizes_are_drawn_evenly()
    {
        var list = AllocationList.Draw(ControlledDesign.ComparativeOrder, [Stratum.All], [2, 4], 2000);
        var blocks = list.GroupBy(e => e.PermutedBlock).Select(g => g.OrderBy(e => e.Position).ToList()).ToList();
        var n = blocks.Count;
        var firstShort = blocks.Count(b => b[0].Arm == AllocationArm.ShortActingFirst);
        Assert.InRange(firstShort, n / 2.0 - 4 * Math.Sqrt(n / 4.0), n / 2.0 + 4 * Math.Sqrt(n / 4.0));
        var ofTwo = blocks.Count(b => b.Count == 2);
        Assert.InRange(ofTwo, n / 2.0 - 4 * Math.Sqrt(n / 4.0), n / 2.0 + 4 * Math.Sqrt(n / 4.0));
        // In a block of 4, each of its 6 orders is about equally frequent (chi-square, 5 df, p < 1e-6 ≈ 36).
        var orders = blocks.Where(b => b.Count == 4).GroupBy(b => string.Concat(b.Select(e => (int)e.Arm))).ToList();
        Assert.Equal(6, orders.Count);
        var expected = orders.Sum(o => o.Count()) / 6.0;
        Assert.True(orders.Sum(o => Math.Pow(o.Count() - expected, 2) / expected) < 36);
    }

    [Fact]
    public void Two_draws_with_the_same_settings_share_neither_order_nor_codes()
    {
        var first = AllocationList.Draw(ControlledDesign.PlaceboControlled, [Stratum.All], [2, 4], 200);
        var second = AllocationList.Draw(ControlledDesign.PlaceboControlled, [Stratum.All], [2, 4], 200);
        Assert.NotEqual(first.Take(60).Select(e => e.Arm), second.Take(60).Select(e => e.Arm));
        Assert.Empty(first.Select(e => e.KitCode).Intersect(second.Select(e => e.KitCode)));
    }

    [Theory]
    [InlineData(new int[0], "at least one")]
    [InlineData(new[] { 3 }, "even number")]
    [InlineData(new[] { 0 }, "even number")]
    [InlineData(new[] { 14 }, "even number")]
    [InlineData(new[] { 2, 2 }, "appears once")]
    public void Block_sizes_that_cannot_balance_a_list_are_refused_with_the_field_named(int[] sizes, string words)
    {
        var problem = AllocationList.CheckBlockSizes(sizes);
        Assert.NotNull(problem);
        Assert.StartsWith("Block sizes:", problem);
        Assert.Contains(words, problem);
        Assert.Throws<ArgumentException>(() => AllocationList.Draw(ControlledDesign.PlaceboControlled, [Stratum.All], sizes, 10));
    }

    [Theory]
    [InlineData("abcd efgh", "ABCD-EFGH")]
    [InlineData(" 3469-acde ", "3469-ACDE")]
    [InlineData("ABC", "ABC")]
    public void A_typed_kit_code_is_normalised(string typed, string stored) => Assert.Equal(stored, AllocationList.Normalise(typed));
}

public sealed class ControlledDesignTests
{
    [Theory]
    [InlineData("T10-T11", Stratum.ThoracolumbarJunction)]
    [InlineData("T12-L1", Stratum.ThoracolumbarJunction)]
    [InlineData("L1-L2", Stratum.ThoracolumbarJunction)]
    [InlineData("L2-L3", Stratum.LowerLumbar)]
    [InlineData("L5-S1", Stratum.LowerLumbar)]
    [InlineData("T9-T10", null)]
    [InlineData("C5-C6", null)]
    public void Segment_groups_follow_section_9(string segment, Stratum? stratum)
    {
        Assert.Equal(stratum, ControlledDesigns.StratumOf(Stratification.SegmentGroup, [SpinalSegment.Parse(segment)]));
        Assert.Equal(Stratum.All, ControlledDesigns.StratumOf(Stratification.None, [SpinalSegment.Parse(segment)]));
    }

    [Fact]
    public void A_block_spanning_both_groups_has_no_stratum() =>
        Assert.Null(ControlledDesigns.StratumOf(Stratification.SegmentGroup, [SpinalSegment.Parse("L1-L2"), SpinalSegment.Parse("L2-L3")]));

    [Theory]
    [InlineData(AllocationArm.ShortActingFirst, 1, BlockAgent.Lidocaine)]
    [InlineData(AllocationArm.ShortActingFirst, 2, BlockAgent.Bupivacaine)]
    [InlineData(AllocationArm.LongActingFirst, 1, BlockAgent.Bupivacaine)]
    [InlineData(AllocationArm.LongActingFirst, 2, BlockAgent.Lidocaine)]
    [InlineData(AllocationArm.Anesthetic, 1, BlockAgent.Bupivacaine)]
    [InlineData(AllocationArm.Saline, 1, BlockAgent.Saline)]
    public void Each_dose_of_each_arm_holds_its_agent(AllocationArm arm, int dose, BlockAgent agent) =>
        Assert.Equal(agent, ControlledDesigns.AgentOf(arm, dose, BlockAgent.Bupivacaine));

    [Theory]
    [InlineData(ControlledDesign.ComparativeOrder, BlockSequence.FirstOfComparativePair, 1)]
    [InlineData(ControlledDesign.ComparativeOrder, BlockSequence.Confirmatory, 2)]
    [InlineData(ControlledDesign.ComparativeOrder, BlockSequence.Single, null)]
    [InlineData(ControlledDesign.PlaceboControlled, BlockSequence.PlaceboControlled, 1)]
    [InlineData(ControlledDesign.PlaceboControlled, BlockSequence.FirstOfComparativePair, null)]
    public void A_block_takes_the_dose_its_sequence_calls_for(ControlledDesign design, BlockSequence sequence, int? dose) =>
        Assert.Equal(dose, ControlledDesigns.DoseFor(design, sequence));

    [Fact]
    public void Starting_a_protocol_draws_its_kits_once()
    {
        var protocol = new ControlledBlockProtocol(1, "Saline control", ControlledDesign.PlaceboControlled, BlockAgent.Bupivacaine,
            Stratification.SegmentGroup, [4, 2], 10, DateTimeOffset.UnixEpoch, "A");
        var kits = protocol.Start(DateTimeOffset.UnixEpoch, "A");
        Assert.True(protocol.IsStarted);
        Assert.Equal([2, 4], protocol.BlockSizes);
        Assert.Equal(2, kits.Select(k => k.Stratum).Distinct().Count());
        Assert.Throws<InvalidOperationException>(() => protocol.Start(DateTimeOffset.UnixEpoch, "A"));
    }

    [Fact]
    public void The_agent_is_shown_after_a_complete_diary_or_an_unblinding_and_always_to_a_preparer()
    {
        var partial = new PainDiary(8, [new DiaryEntry(TimeSpan.FromHours(1), 2)]);
        var complete = new PainDiary(8, [new DiaryEntry(TimeSpan.FromHours(1), 2), new DiaryEntry(TimeSpan.FromHours(24), 6)]);
        Assert.False(Concealment.DiaryComplete(partial));
        Assert.True(Concealment.DiaryComplete(complete));
        Assert.False(Concealment.AgentVisible(false, false, false));
        Assert.True(Concealment.AgentVisible(true, false, false));
        Assert.True(Concealment.AgentVisible(false, true, false));
        Assert.True(Concealment.AgentVisible(false, false, true));
        Assert.True(Concealment.DiaryMayBeEntered(unblinded: false));
        Assert.False(Concealment.DiaryMayBeEntered(unblinded: true));
    }
}
