using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class ReliefThresholdTests
{
    [Theory]
    [InlineData(49, false)]
    [InlineData(50, true)]
    [InlineData(65, true)]
    [InlineData(90, true)]
    [InlineData(91, false)]
    [InlineData(0, false)]
    public void A_threshold_is_a_whole_percent_from_50_to_90(int percent, bool valid)
    {
        Assert.Equal(valid, ReliefThreshold.TryCreate(percent, out var threshold));
        Assert.Equal(valid ? percent : ReliefThreshold.DefaultPercent, threshold.Percent);
        Assert.Equal(valid, ReliefThreshold.IsValid(percent));
    }

    [Fact]
    public void Create_throws_outside_the_allowed_range()
    {
        Assert.Equal(70, ReliefThreshold.Create(70).Percent);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliefThreshold.Create(95));
    }

    [Fact]
    public void The_default_is_the_Spine_Intervention_Society_80_percent_even_uninitialised()
    {
        Assert.Equal(80, ReliefThreshold.Default.Percent);
        Assert.Equal(ReliefThreshold.Eighty, ReliefThreshold.Default);
        Assert.Equal(ReliefThreshold.Default, default);
        Assert.Equal(50, ReliefThreshold.Fifty.Percent);
        Assert.Equal(ReliefThreshold.Fifty, ReliefThreshold.Create(50));
        Assert.Equal("80%", ReliefThreshold.Default.ToString());
    }

    [Theory]
    [InlineData("79.9", false)]
    [InlineData("80", true)]
    [InlineData("100", true)]
    [InlineData(null, false)]
    public void Relief_meets_the_threshold_when_at_or_above_it(string? relief, bool met) =>
        Assert.Equal(met, ReliefThreshold.Eighty.IsMetBy(relief is null ? null : decimal.Parse(relief)));
}
