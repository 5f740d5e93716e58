using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Domain.Tests.FollowUps;

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Theory]
    [InlineData("2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z")] // 11:00 Paris: allowed
    [InlineData("2026-03-10T06:59:00Z", "2026-03-10T07:00:00Z")] // 07:59 Paris: waits a minute
    [InlineData("2026-03-10T19:00:00Z", "2026-03-11T07:00:00Z")] // 20:00 Paris: next morning
    [InlineData("2026-03-10T22:30:00Z", "2026-03-11T07:00:00Z")] // 23:30 Paris
    [InlineData("2026-03-10T23:30:00Z", "2026-03-11T07:00:00Z")] // 00:30 Paris, same local day
    [InlineData("2026-03-28T20:00:00Z", "2026-03-29T06:00:00Z")] // the night summer time starts: 08:00 is UTC+2
    public void The_next_allowed_instant_is_eight_in_the_morning_in_the_patients_zone(string at, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected), QuietHours.Default.NextAllowed(DateTimeOffset.Parse(at), Paris));
    }

    [Fact]
    public void The_same_instant_is_quiet_in_one_zone_and_allowed_in_another()
    {
        var at = DateTimeOffset.Parse("2026-06-10T14:00:00Z"); // 16:00 Paris, 10:00 New York
        Assert.Equal(at, QuietHours.Default.NextAllowed(at, NewYork));
        var late = DateTimeOffset.Parse("2026-06-11T02:00:00Z"); // 04:00 Paris, 22:00 New York
        Assert.Equal(DateTimeOffset.Parse("2026-06-11T06:00:00Z"), QuietHours.Default.NextAllowed(late, Paris));
        Assert.Equal(DateTimeOffset.Parse("2026-06-11T12:00:00Z"), QuietHours.Default.NextAllowed(late, NewYork));
    }

    [Fact]
    public void Equal_start_and_end_mean_no_quiet_hours_and_a_daytime_window_works_too()
    {
        var none = new QuietHours(new TimeOnly(0, 0), new TimeOnly(0, 0));
        Assert.False(none.Contains(new TimeOnly(3, 0)));
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(14, 0));
        Assert.True(lunch.Contains(new TimeOnly(13, 0)));
        Assert.False(lunch.Contains(new TimeOnly(14, 0)));
        Assert.Equal(DateTimeOffset.Parse("2026-01-05T13:00:00Z"), lunch.NextAllowed(DateTimeOffset.Parse("2026-01-05T11:30:00Z"), Paris));
    }
}

public sealed class FollowUpTests
{
    private static readonly DateTimeOffset Performed = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static FollowUp Plan(int days, int before, int after)
    {
        var procedure = new Procedure(1, 1, ProcedureKind.RfDenervation, Performed, null) { PerformedAt = Performed };
        return new FollowUp(procedure, new FollowUpProtocolPoint(ProcedureKind.RfDenervation, $"{days} days", days, before, after));
    }

    [Fact]
    public void The_window_surrounds_the_due_date_but_never_opens_before_the_day_after_the_procedure()
    {
        var month = Plan(30, 7, 7);
        Assert.Equal((Performed.AddDays(23), Performed.AddDays(30), Performed.AddDays(37)), (month.OpensAt, month.DueAt, month.ClosesAt));
        var week = Plan(7, 7, 7);
        Assert.Equal((Performed.AddDays(1), Performed.AddDays(14)), (week.OpensAt, week.ClosesAt));
    }

    [Fact]
    public void A_waiting_follow_up_moves_with_the_procedure_and_an_answered_one_does_not()
    {
        var month = Plan(30, 7, 7);
        Assert.True(month.Reschedule(Performed.AddDays(2)));
        Assert.Equal(Performed.AddDays(32), month.DueAt);
        Assert.Null(month.Answer(new FollowUpAnswer(3, 60, 6, false), AnswerSource.Patient, null, month.OpensAt));
        Assert.False(month.Reschedule(Performed));
        Assert.Equal(Performed.AddDays(32), month.DueAt);
    }

    [Fact]
    public void Answers_are_accepted_once_inside_the_window_and_by_phone_after_it()
    {
        var early = Plan(30, 7, 7);
        Assert.Equal("This follow-up is not open yet.", early.Answer(new FollowUpAnswer(3, 60, 6, false), AnswerSource.Phone, "c", Performed.AddDays(5)));
        var late = Plan(30, 7, 7);
        Assert.Equal("This follow-up's answer window has closed.", late.Answer(new FollowUpAnswer(3, 60, 6, false), AnswerSource.Patient, null, late.ClosesAt));
        Assert.Null(late.Answer(new FollowUpAnswer(3, 60, 6, false), AnswerSource.Phone, "Coordinator", late.ClosesAt.AddDays(1)));
        Assert.Equal("This follow-up has already been answered.", late.Answer(new FollowUpAnswer(5, 10, 4, true), AnswerSource.Phone, "c", late.ClosesAt));
        Assert.Equal((3, "Coordinator"), (late.Pain, late.AnsweredByName));
        var cancelled = Plan(30, 7, 7);
        Assert.True(cancelled.Cancel("Procedure voided"));
        Assert.False(cancelled.Cancel("again"));
        Assert.Equal("This follow-up was cancelled.", cancelled.Answer(new FollowUpAnswer(3, 60, 6, false), AnswerSource.Phone, "c", cancelled.OpensAt));
    }

    [Fact]
    public void The_defaults_follow_the_clinical_reference()
    {
        var defaults = FollowUpProtocolPoint.Defaults();
        Assert.Equal([7], defaults.Where(p => p.Kind == ProcedureKind.DiagnosticBlock).Select(p => p.DaysAfter));
        Assert.Equal([14, 42, 91], defaults.Where(p => p.Kind == ProcedureKind.SteroidInjection).Select(p => p.DaysAfter));
        Assert.Equal([30, 91, 182, 365], defaults.Where(p => p.Kind == ProcedureKind.RfDenervation).Select(p => p.DaysAfter));
        Assert.All(defaults, p => Assert.Equal(p.DaysAfter <= 42 ? 7 : 14, p.WindowDaysBefore));
    }
}

public sealed class ReminderDecisionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 11, 0, 0, TimeSpan.Zero); // 12:00 Paris

    private static ReminderCandidate Candidate(FollowUpStatus status = FollowUpStatus.Scheduled, bool consent = true,
        ReminderChannel channel = ReminderChannel.Email, string? email = "p@example.test", DateOnly? died = null, int opensInHours = -1, int closesInHours = 100) =>
        new(status, Noon.AddHours(opensInHours), Noon.AddHours(closesInHours), consent, channel, email, "+33 6 12 34 56 78", died, "Europe/Paris");

    [Fact]
    public void An_open_follow_up_of_a_consenting_patient_is_sent_by_the_chosen_channel()
    {
        Assert.Equal(new ReminderDecision.Send(ReminderChannel.Email, "p@example.test"), ReminderDecision.Decide(Candidate(), Noon, QuietHours.Default));
        Assert.Equal(new ReminderDecision.Send(ReminderChannel.Sms, "+33 6 12 34 56 78"),
            ReminderDecision.Decide(Candidate(channel: ReminderChannel.Sms), Noon, QuietHours.Default));
    }

    [Theory]
    [InlineData(FollowUpStatus.Answered, "Follow-up answered")]
    [InlineData(FollowUpStatus.Cancelled, "Follow-up cancelled")]
    [InlineData(FollowUpStatus.Missed, "Follow-up missed")]
    public void A_follow_up_no_longer_waiting_is_skipped_with_its_status(FollowUpStatus status, string reason)
    {
        Assert.Equal(new ReminderDecision.Skip(reason), ReminderDecision.Decide(Candidate(status), Noon, QuietHours.Default));
    }

    [Fact]
    public void Closed_windows_withdrawn_consent_death_and_missing_addresses_are_skipped()
    {
        Assert.Equal(new ReminderDecision.Skip("Window closed"), ReminderDecision.Decide(Candidate(closesInHours: 0), Noon, QuietHours.Default));
        Assert.Equal(new ReminderDecision.Skip("No consent to reminders"), ReminderDecision.Decide(Candidate(consent: false), Noon, QuietHours.Default));
        Assert.Equal(new ReminderDecision.Skip("Patient died"), ReminderDecision.Decide(Candidate(died: new DateOnly(2026, 3, 1)), Noon, QuietHours.Default));
        Assert.Equal(new ReminderDecision.Skip("No email address"), ReminderDecision.Decide(Candidate(email: null), Noon, QuietHours.Default));
    }

    [Fact]
    public void A_window_not_yet_open_or_the_patients_night_postpones_and_a_window_closing_overnight_skips()
    {
        Assert.Equal(new ReminderDecision.Postpone(Noon.AddHours(5)), ReminderDecision.Decide(Candidate(opensInHours: 5), Noon, QuietHours.Default));
        var night = new DateTimeOffset(2026, 3, 10, 21, 0, 0, TimeSpan.Zero); // 22:00 Paris
        Assert.Equal(new ReminderDecision.Postpone(new DateTimeOffset(2026, 3, 11, 7, 0, 0, TimeSpan.Zero)),
            ReminderDecision.Decide(Candidate(opensInHours: -20), night, QuietHours.Default));
        Assert.Equal(new ReminderDecision.Skip("Window closes during quiet hours"),
            ReminderDecision.Decide(Candidate(opensInHours: -20, closesInHours: 12), night, QuietHours.Default));
    }
}

public sealed class ReminderTokenTests
{
    [Fact]
    public void Tokens_carry_256_random_bits_in_43_url_safe_characters_and_are_stored_as_a_hash()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ReminderToken.New()).ToList();
        Assert.All(tokens, t => Assert.True(ReminderToken.IsWellFormed(t)));
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.Equal(32, ReminderToken.Hash(tokens[0]).Length);
        Assert.Equal(ReminderToken.Hash(tokens[0]), ReminderToken.Hash(tokens[0]));
        Assert.False(ReminderToken.IsWellFormed(tokens[0][..42]));
        Assert.False(ReminderToken.IsWellFormed(tokens[0][..42] + "="));
        Assert.False(ReminderToken.IsWellFormed(null));
    }

    [Fact]
    public void A_rows_token_is_the_same_each_time_differs_between_rows_and_keys_and_needs_a_256_bit_key()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var other = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();
        var tokens = Enumerable.Range(1, 1000).Select(id => ReminderToken.For(key, id)).ToList();
        Assert.All(tokens, t => Assert.True(ReminderToken.IsWellFormed(t)));
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.Equal(tokens[41], ReminderToken.For(key, 42));
        Assert.NotEqual(tokens[41], ReminderToken.For(other, 42));
        Assert.Throws<ArgumentException>(() => ReminderToken.For(key[..31], 42));
    }
}
