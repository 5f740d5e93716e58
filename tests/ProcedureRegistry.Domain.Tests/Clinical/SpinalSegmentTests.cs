using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class SpinalSegmentTests
{
    [Fact]
    public void There_are_23_segments_from_C2_C3_to_L5_S1_in_cranio_caudal_order()
    {
        Assert.Equal(23, SpinalSegment.All.Count);
        Assert.Equal("C2-C3", SpinalSegment.All[0].Code);
        Assert.Equal("L5-S1", SpinalSegment.All[^1].Code);
        Assert.Equal(Enumerable.Range(0, 23), SpinalSegment.All.Select(s => s.Order));
        Assert.Equal(SpinalSegment.All.Select(s => s.Code), SpinalSegment.Codes);
        Assert.Contains("C7-T1", SpinalSegment.Codes);
        Assert.Contains("T12-L1", SpinalSegment.Codes);
    }

    [Theory]
    [InlineData("T12-L1")]
    [InlineData("t12-l1")]
    [InlineData("T12/L1")]
    [InlineData("  T12 - L1 ")]
    public void Parses_case_insensitively_with_a_dash_or_slash(string text)
    {
        Assert.True(SpinalSegment.TryParse(text, out var segment));
        Assert.Equal("T12-L1", segment.Code);
        Assert.Equal("T12-L1", segment.ToString());
        Assert.Same(SpinalSegment.All[segment.Order], segment);
    }

    [Theory]
    [InlineData("L6-S2")]
    [InlineData("S1-S2")]
    [InlineData("C1-C2")]
    [InlineData("T12-L2")]
    [InlineData("L1-T12")]
    [InlineData("T12")]
    [InlineData("T12-L1-L2")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Rejects_anything_but_two_adjacent_vertebrae_from_C2_to_S1(string? text)
    {
        Assert.False(SpinalSegment.TryParse(text, out var segment));
        Assert.Null(segment);
    }

    [Fact]
    public void Parse_returns_the_segment_or_names_the_valid_range()
    {
        Assert.Equal("L4-L5", SpinalSegment.Parse("l4/l5").Code);
        var error = Assert.Throws<FormatException>(() => SpinalSegment.Parse("L6-S2"));
        Assert.Contains("C2-C3 to L5-S1", error.Message);
    }

    [Theory]
    [InlineData("C2-C3", SpinalRegion.Cervical)]
    [InlineData("C7-T1", SpinalRegion.Cervical)]
    [InlineData("T1-T2", SpinalRegion.Thoracic)]
    [InlineData("T12-L1", SpinalRegion.Thoracic)]
    [InlineData("L1-L2", SpinalRegion.Lumbar)]
    [InlineData("L5-S1", SpinalRegion.Lumbar)]
    public void A_segment_belongs_to_the_region_of_its_upper_vertebra(string code, SpinalRegion region) =>
        Assert.Equal(region, SpinalSegment.Parse(code).Region);

    [Fact]
    public void The_thoracolumbar_junction_is_T11_T12_T12_L1_and_L1_L2() =>
        Assert.Equal(["T11-T12", "T12-L1", "L1-L2"], SpinalSegment.All.Where(s => s.IsThoracolumbarJunction).Select(s => s.Code));

    [Fact]
    public void Segments_are_equal_by_value_and_sort_cranio_caudally()
    {
        Assert.Equal(SpinalSegment.Parse("T12-L1"), SpinalSegment.Parse("t12/l1"));
        Assert.Equal(["T11-T12", "L1-L2", "L5-S1"],
            new[] { "L5-S1", "T11-T12", "L1-L2" }.Select(SpinalSegment.Parse).Order().Select(s => s.Code));
        Assert.True(SpinalSegment.Parse("C2-C3").CompareTo(null) > 0);
    }

    [Theory]
    [InlineData(Side.Left, Side.Left, true)]
    [InlineData(Side.Left, Side.Right, false)]
    [InlineData(Side.Bilateral, Side.Left, true)]
    [InlineData(Side.Right, Side.Bilateral, true)]
    [InlineData(Side.Bilateral, Side.Bilateral, true)]
    public void Sides_overlap_when_equal_or_either_is_bilateral(Side a, Side b, bool overlaps)
    {
        var segment = SpinalSegment.Parse("T12-L1");
        Assert.Equal(overlaps, new SegmentSide(segment, a).Overlaps(new SegmentSide(segment, b)));
    }

    [Fact]
    public void Different_segments_never_overlap() =>
        Assert.False(new SegmentSide(SpinalSegment.Parse("T12-L1"), Side.Bilateral)
            .Overlaps(new SegmentSide(SpinalSegment.Parse("L1-L2"), Side.Bilateral)));

    [Fact]
    public void A_segment_side_reads_as_code_and_side() =>
        Assert.Equal("T12-L1 bilateral", new SegmentSide(SpinalSegment.Parse("T12-L1"), Side.Bilateral).ToString());
}
