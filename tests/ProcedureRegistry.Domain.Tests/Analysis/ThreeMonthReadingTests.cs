using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class ThreeMonthReadingTests
{
    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 30, 182 }, null)]
    [InlineData(new[] { 59, 121 }, null)]
    [InlineData(new[] { 60 }, 60)]
    [InlineData(new[] { 120 }, 120)]
    [InlineData(new[] { 30, 91, 182 }, 91)]
    [InlineData(new[] { 97, 85 }, 85)]
    [InlineData(new[] { 90, 92 }, 90)]
    [InlineData(new[] { 61, 119, 100 }, 100)]
    public void Reads_the_answered_follow_up_nearest_91_days_within_60_to_120_the_earlier_of_two_equally_near(int[] answered, int? expected) =>
        Assert.Equal(expected, ThreeMonthReading.Choose(answered));
}
