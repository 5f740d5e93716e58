using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.FollowUps;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>What a coordinator does to one follow-up: record a phone answer, resend a reminder, cancel it.</summary>
public sealed class FollowUpActionsTests(ClockedAppFixture app) : IClassFixture<ClockedAppFixture>
{
    private static DateTimeOffset Morning => new(DateTime.UtcNow.Date.AddDays(1).AddHours(9), TimeSpan.Zero);

    private DateOnly Today => FollowUpData.ParisDate(app.Clock.Now);

    /// <summary>An RF done 30 days ago: its 1-month follow-up is due today, window open. Returns that follow-up's id.</summary>
    private async Task<(long FollowUpId, int PatientId, int ProcedureId, HttpClient Clinician, HttpClient Coordinator)> DueTodayAsync(
        string mrn, bool reachable = false)
    {
        app.Clock.Now = Morning;
        var clinic = "ACT";
        var clinician = await app.ClinicianAsync(clinic: clinic);
        var patient = reachable
            ? await app.RegisterReachablePatientAsync(clinician, mrn, clinic)
            : await app.RegisterPatientAsync(clinician, mrn, clinic: clinic);
        var procedure = await clinician.LogAsync(patient, "rf", FollowUpData.Rf(Today.AddDays(-30)));
        await using var db = TestDatabases.Context(app.ConnectionString);
        var id = await db.FollowUps.Where(f => f.ProcedureId == procedure && f.Label == "1 month").Select(f => f.Id).SingleAsync();
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator, clinic: clinic);
        return (id, patient, procedure, clinician, coordinator);
    }

    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, long id, params (string, string)[] fields)
    {
        var form = await client.PageAsync($"/follow-ups/{id}/answer");
        (string, string)[] all = [.. fields.Any(f => f.Item1 == "Version") ? [] : new[] { ("Version", FollowUpData.Version(form)) }, .. fields];
        return await client.PostFormAsync($"/follow-ups/{id}/answer", $"/follow-ups/{id}/answer", Html.Fields(all));
    }

    private static readonly (string, string)[] GoodAnswer = [("Pain", "3"), ("ReliefPercent", "60"), ("Pgic", "6"), ("OtherTreatment", "no")];

    [Fact]
    public async Task A_phone_answer_is_recorded_once_with_who_took_it_and_shows_on_the_patient_page()
    {
        var (id, patient, procedure, clinician, coordinator) = await DueTodayAsync("PHONE-1");
        var form = await coordinator.PageAsync($"/follow-ups/{id}/answer");
        Assert.Contains("Very much improved", form); // the PGIC scale's texts
        Assert.Contains("type=\"radio\" id=\"pgic-7\" name=\"Pgic\" value=\"7\"", form);

        var response = await AnswerAsync(coordinator, id, GoodAnswer);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var answered = await db.FollowUps.SingleAsync(f => f.Id == id);
            Assert.Equal(FollowUpStatus.Answered, answered.Status);
            Assert.Equal(AnswerSource.Phone, answered.AnsweredVia);
            Assert.Equal((3, 60, 6, false), (answered.Pain, answered.ReliefPercent, answered.Pgic, answered.OtherTreatment));
            Assert.Equal(app.Clock.Now, answered.AnsweredAt);
            Assert.False(string.IsNullOrEmpty(answered.AnsweredByName));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "RecordFollowUpAnswer" && a.EntityId == id.ToString() && a.Outcome == "Succeeded"));
        }
        var details = await coordinator.PageAsync($"/follow-ups/{id}");
        Assert.Contains("pain 3/10, relief 60%, PGIC 6 (Much improved), other treatment no", details);
        Assert.Contains("taken by phone by", details);
        Assert.Contains("MRN PHONE-1", await coordinator.PageAsync("/follow-ups?bucket=Answered"));

        // The patient's page lists it, and the chart has one more point: the answer's pain.
        var patientPage = await clinician.PageAsync($"/patients/{patient}");
        Assert.Contains("Follow-up 1 month (RF denervation)", patientPage);
        Assert.Contains("follow-up 1 month after RF denervation", patientPage);
        Assert.Equal(2, Regex.Matches(patientPage, "<circle ").Count); // pain before the RF, and the answer
        Assert.Contains("(by phone)", await clinician.PageAsync($"/procedures/{procedure}"));

        var again = await AnswerAsync(coordinator, id, [("Pain", "5"), ("ReliefPercent", "10"), ("Pgic", "4"), ("OtherTreatment", "yes")]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("This follow-up has already been answered.", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            Assert.Equal(3, (await db.FollowUps.SingleAsync(f => f.Id == id)).Pain);
        }
    }

    [Theory]
    [InlineData("Pain", "11", FollowUpAnswerValidator.PainRange)]
    [InlineData("Pain", "-1", FollowUpAnswerValidator.PainRange)]
    [InlineData("Pain", "5.5", FollowUpAnswerValidator.PainRange)]
    [InlineData("Pain", "", FollowUpAnswerValidator.PainRequired)]
    [InlineData("ReliefPercent", "150", FollowUpAnswerValidator.ReliefRange)]
    [InlineData("ReliefPercent", "", FollowUpAnswerValidator.ReliefRequired)]
    [InlineData("Pgic", "0", FollowUpAnswerValidator.PgicRange)]
    [InlineData("Pgic", "8", FollowUpAnswerValidator.PgicRange)]
    [InlineData("Pgic", "", FollowUpAnswerValidator.PgicRequired)]
    [InlineData("OtherTreatment", "maybe", FollowUpAnswerValidator.OtherTreatmentYesNo)]
    [InlineData("OtherTreatment", "", FollowUpAnswerValidator.OtherTreatmentRequired)]
    public async Task A_bad_answer_names_the_field_and_the_rule_and_nothing_is_written(string field, string value, string message)
    {
        var (id, _, _, _, coordinator) = await DueTodayAsync("BAD-" + Guid.NewGuid().ToString("N")[..8]);

        var response = await AnswerAsync(coordinator, id, GoodAnswer.Replace(field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var followUp = await db.FollowUps.SingleAsync(f => f.Id == id);
        Assert.Equal(FollowUpStatus.Scheduled, followUp.Status);
        Assert.Null(followUp.Pain);
    }

    [Fact]
    public async Task A_form_with_every_field_missing_lists_each_message()
    {
        var (id, _, _, _, coordinator) = await DueTodayAsync("EMPTY-1");

        var response = await AnswerAsync(coordinator, id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(FollowUpAnswerValidator.PainRequired, page);
        Assert.Contains(FollowUpAnswerValidator.ReliefRequired, page);
        Assert.Contains(FollowUpAnswerValidator.PgicRequired, page);
        Assert.Contains(FollowUpAnswerValidator.OtherTreatmentRequired, page);
    }

    [Fact]
    public async Task A_stale_form_conflicts_and_a_follow_up_not_open_yet_is_refused()
    {
        var (id, _, procedure, clinician, coordinator) = await DueTodayAsync("STALE-1");
        var form = await coordinator.PageAsync($"/follow-ups/{id}/answer");
        // Meanwhile a clinician corrects the procedure's date by a day: the follow-up moves, its row version changes.
        var correct = await clinician.PageAsync($"/procedures/{procedure}/correct");
        var corrected = await clinician.PostFormAsync($"/procedures/{procedure}/correct", $"/procedures/{procedure}/correct/rf",
            Html.Fields([.. FollowUpData.Rf(Today.AddDays(-29)), ("Version", FollowUpData.Version(correct)), ("Reason", "date was a day off")]));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);

        var stale = await AnswerAsync(coordinator, id, [.. GoodAnswer, ("Version", FollowUpData.Version(form))]);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));

        await using var db = TestDatabases.Context(app.ConnectionString);
        var later = await db.FollowUps.Where(f => f.ProcedureId == procedure && f.Label == "3 months").Select(f => f.Id).SingleAsync();
        var notYet = await AnswerAsync(coordinator, later, GoodAnswer);
        Assert.Equal(HttpStatusCode.BadRequest, notYet.StatusCode);
        Assert.Contains("This follow-up is not open yet.", WebUtility.HtmlDecode(await notYet.Content.ReadAsStringAsync()));
        Assert.Equal(FollowUpStatus.Scheduled, (await db.FollowUps.SingleAsync(f => f.Id == later)).Status);
    }

    [Fact]
    public async Task Resend_adds_the_next_attempt_once_and_only_for_a_reachable_patient()
    {
        var (id, _, _, _, coordinator) = await DueTodayAsync("RESEND-1", reachable: true);
        // The dispatcher sent the first reminder when the window opened.
        await TestDatabases.ExecuteAsync(app.ConnectionString,
            $"INSERT INTO reminder_messages (follow_up_id, attempt, status, channel, send_after, tries, sent_at, created_at) " +
            $"VALUES ({id}, 1, 'Sent', 'Email', now() - interval '7 days', 1, now() - interval '7 days', now() - interval '7 days')");
        Assert.Contains("1 sent of 1", await coordinator.PageAsync("/follow-ups"));

        var first = await coordinator.PostFormAsync($"/follow-ups/{id}", $"/follow-ups/{id}/resend", []);
        var second = await coordinator.PostFormAsync($"/follow-ups/{id}", $"/follow-ups/{id}/resend", []);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("A reminder is already waiting to be sent", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()));
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var reminders = await db.ReminderMessages.Where(r => r.FollowUpId == id).OrderBy(r => r.Attempt).ToListAsync();
            Assert.Equal([1, 2], reminders.Select(r => r.Attempt));
            var resent = reminders[1];
            Assert.Equal(ReminderStatus.Pending, resent.Status);
            Assert.Equal(app.Clock.Now, resent.SendAfter);
            Assert.False(string.IsNullOrEmpty(resent.RequestedByName));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ResendReminder" && a.EntityId == id.ToString() && a.Outcome == "Succeeded"));
        }
        var worklist = await coordinator.PageAsync("/follow-ups");
        Assert.Contains("pending", worklist);
        Assert.Contains("1 sent of 2", worklist);

        // A patient without consent gets no reminder, and the page says why.
        var (unreachable, _, _, _, _) = await DueTodayAsync("RESEND-2");
        var refused = await coordinator.PostFormAsync($"/follow-ups/{unreachable}", $"/follow-ups/{unreachable}/resend", []);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("No reminder can be sent: no consent to reminders.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            Assert.False(await db.ReminderMessages.AnyAsync(r => r.FollowUpId == unreachable));
        }
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_skips_waiting_reminders_and_ends_the_follow_up()
    {
        var (id, _, _, _, coordinator) = await DueTodayAsync("CANCEL-1", reachable: true);
        await TestDatabases.ExecuteAsync(app.ConnectionString,
            $"INSERT INTO reminder_messages (follow_up_id, attempt, status, send_after, tries, created_at) VALUES ({id}, 1, 'Pending', now(), 0, now())");
        var confirm = await coordinator.PageAsync($"/follow-ups/{id}/cancel");
        Assert.Contains("Cancel this follow-up?", confirm);

        var noReason = await coordinator.PostFormAsync($"/follow-ups/{id}/cancel", $"/follow-ups/{id}/cancel",
            Html.Fields(("Version", FollowUpData.Version(confirm)), ("Reason", "")));
        var cancelled = await coordinator.PostFormAsync($"/follow-ups/{id}/cancel", $"/follow-ups/{id}/cancel",
            Html.Fields(("Version", FollowUpData.Version(confirm)), ("Reason", "patient asked to stop follow-up")));
        var twice = await coordinator.PostFormAsync($"/follow-ups/{id}", $"/follow-ups/{id}/cancel",
            Html.Fields(("Version", FollowUpData.Version(confirm)), ("Reason", "once more")));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Reason for cancelling is required.", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        await using var db = TestDatabases.Context(app.ConnectionString);
        var followUp = await db.FollowUps.SingleAsync(f => f.Id == id);
        Assert.Equal(FollowUpStatus.Cancelled, followUp.Status);
        Assert.Equal("patient asked to stop follow-up", followUp.CancelReason);
        var reminder = await db.ReminderMessages.SingleAsync(r => r.FollowUpId == id);
        Assert.Equal(ReminderStatus.Skipped, reminder.Status);
        Assert.Equal("Follow-up cancelled", reminder.SkipReason);
        Assert.DoesNotContain("MRN CANCEL-1", await coordinator.PageAsync("/follow-ups"));
    }
}
