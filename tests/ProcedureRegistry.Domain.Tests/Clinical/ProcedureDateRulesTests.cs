using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Clinical;

public sealed class ProcedureDateRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly BornOn = new(1960, 5, 17);

    [Theory]
    [InlineData(-60, false)]
    [InlineData(0, false)]
    [InlineData(5 * 60, false)] // up to 5 minutes ahead of the clock
    [InlineData(5 * 60 + 1, true)]
    [InlineData(24 * 60 * 60, true)]
    public void A_procedure_is_in_the_future_more_than_5_minutes_ahead_of_the_clock(int secondsAhead, bool future) =>
        Assert.Equal(future, ProcedureDateRules.IsInTheFuture(Now.AddSeconds(secondsAhead), Now));

    [Fact]
    public void The_future_is_judged_on_the_instant_whatever_the_offset()
    {
        var sixMinutesAheadInParis = new DateTimeOffset(2025, 3, 3, 10, 6, 0, TimeSpan.FromHours(1));
        Assert.True(ProcedureDateRules.IsInTheFuture(sixMinutesAheadInParis, Now));
    }

    [Theory]
    [InlineData("1960-05-16", true)]
    [InlineData("1960-05-17", false)] // on the day of birth
    [InlineData("2025-03-03", false)]
    public void A_procedure_cannot_be_dated_before_the_day_of_birth(string performedOn, bool beforeBirth) =>
        Assert.Equal(beforeBirth, ProcedureDateRules.IsBeforeBirth(DateOnly.Parse(performedOn), BornOn));

    [Fact]
    public void A_date_between_birth_and_now_passes() =>
        Assert.Null(ProcedureDateRules.Check(Now.AddDays(-1), new DateOnly(2025, 3, 2), BornOn, Now));

    [Fact]
    public void A_date_in_the_future_is_refused() =>
        Assert.Equal(ProcedureDateRules.InTheFuture, ProcedureDateRules.Check(Now.AddHours(1), new DateOnly(2025, 3, 3), BornOn, Now));

    [Fact]
    public void A_date_before_birth_is_refused() =>
        Assert.Equal(ProcedureDateRules.BeforeBirth, ProcedureDateRules.Check(new DateTimeOffset(1957, 1, 1, 10, 0, 0, TimeSpan.Zero), new DateOnly(1957, 1, 1), BornOn, Now));

    [Fact]
    public void The_future_is_checked_first()
    {
        var unborn = new DateOnly(2030, 1, 1);
        Assert.Equal(ProcedureDateRules.InTheFuture, ProcedureDateRules.Check(Now.AddHours(1), new DateOnly(2025, 3, 3), unborn, Now));
    }

    [Fact]
    public void The_messages_are_the_ones_the_form_shows()
    {
        Assert.Equal("Date and time of the procedure cannot be in the future.", ProcedureDateRules.InTheFuture);
        Assert.Equal("Date of the procedure cannot be before the patient's date of birth.", ProcedureDateRules.BeforeBirth);
    }
}
