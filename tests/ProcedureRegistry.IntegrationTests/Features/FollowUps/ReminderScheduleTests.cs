using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>
/// The clock is driven through an RF denervation's protocol: reminders go out when a window opens, outside the
/// patient's quiet hours, once each, with one further reminder; the patient's answer lands on the follow-up;
/// unanswered follow-ups become missed. Each test has its own patient and reads only that patient's mail.
/// </summary>
public sealed class ReminderScheduleTests(FollowUpFixture app) : IClassFixture<FollowUpFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private async Task<(int PatientId, int ProcedureId)> RfPatientAsync(string mrn, string email, DateTimeOffset now, string performedAtParis)
    {
        app.Clock.Now = now;
        var clinician = await app.ClinicianAsync();
        var patientId = await app.RegisterConsentingPatientAsync(clinician, mrn, email);
        return (patientId, await clinician.LogRfAsync(patientId, performedAtParis));
    }

    private async Task<List<FollowUp>> FollowUpsAsync(int procedureId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return await db.FollowUps.Where(f => f.ProcedureId == procedureId).OrderBy(f => f.DaysAfter).ToListAsync();
    }

    private HttpClient Patient() => app.Factory.CreateBrowserLikeClient();

    [Fact]
    public async Task An_RF_protocol_runs_from_first_reminder_to_answer_and_to_missed()
    {
        const string email = "protocol@example.test";
        // 10:00 in Paris (UTC+1 in March).
        var (_, rf) = await RfPatientAsync("FU-PROTO", email, Start.AddMinutes(5), "2026-03-02T10:00");

        var followUps = await FollowUpsAsync(rf);
        Assert.Equal(["1 month", "3 months", "6 months", "12 months"], followUps.Select(f => f.Label));
        var month = followUps[0];
        Assert.Equal(Start.AddDays(30), month.DueAt);
        Assert.Equal(Start.AddDays(23), month.OpensAt);
        Assert.Equal(Start.AddDays(37), month.ClosesAt);
        Assert.Equal((Start.AddDays(91 - 14), Start.AddDays(91 + 14)), (followUps[1].OpensAt, followUps[1].ClosesAt));

        // Just before the window opens: nothing.
        app.Clock.Now = month.OpensAt.AddMinutes(-1);
        await app.RunJobAsync();
        Assert.Empty(app.MailTo(email));

        // The window opens: one reminder, and running again sends nothing more.
        app.Clock.Now = month.OpensAt;
        await app.RunJobAsync();
        await app.RunJobAsync();
        var first = Assert.Single(app.MailTo(email));
        Assert.Equal("Clinic TEST: how are you since your visit?", first.Subject);
        var link = FollowUpFixture.LinkIn(first);
        Assert.Matches("^/r/[A-Za-z0-9_-]{43}$", link);
        // No diagnosis, procedure, level or name in the message.
        foreach (var word in new[] { "RF", "denervation", "T12", "Maigne", "Robert", "diagnos", "block" })
        {
            Assert.DoesNotContain(word, first.TextBody + first.Subject, StringComparison.OrdinalIgnoreCase);
        }

        // Unanswered three days later: the one further reminder, with a link of its own; then no more.
        app.Clock.Now = month.OpensAt.AddDays(3);
        await app.RunJobAsync();
        app.Clock.Now = month.OpensAt.AddDays(6);
        await app.RunJobAsync();
        var mail = app.MailTo(email);
        Assert.Equal(2, mail.Count);
        var secondLink = FollowUpFixture.LinkIn(mail[1]);
        Assert.NotEqual(link, secondLink);

        // The patient answers through the second link; the first one then says it was answered.
        var patient = Patient();
        var form = await patient.GetAsync(secondLink);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var page = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("Clinic TEST", page);
        Assert.DoesNotContain("Maigne", page);
        var answered = await patient.PostFormAsync(secondLink, secondLink, Html.Fields(
            ("Pain", "3"), ("ReliefPercent", "70"), ("Pgic", "6"), ("OtherTreatment", "false")));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("Thank you", await answered.Content.ReadAsStringAsync());

        month = (await FollowUpsAsync(rf))[0];
        Assert.Equal(FollowUpStatus.Answered, month.Status);
        Assert.Equal((3, 70, 6, false, AnswerSource.Patient), (month.Pain!.Value, month.ReliefPercent!.Value, month.Pgic!.Value, month.OtherTreatment!.Value, month.AnsweredVia!.Value));
        var again = await Patient().GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already been answered", await again.Content.ReadAsStringAsync());

        // The 3-month follow-up is never answered: two reminders, then missed when its window closes.
        var quarter = (await FollowUpsAsync(rf))[1];
        app.Clock.Now = quarter.OpensAt.AddHours(1);
        await app.RunJobAsync();
        app.Clock.Now = quarter.OpensAt.AddDays(4);
        await app.RunJobAsync();
        app.Clock.Now = quarter.ClosesAt;
        await app.RunJobAsync();
        Assert.Equal(4, app.MailTo(email).Count);
        Assert.Equal(FollowUpStatus.Missed, (await FollowUpsAsync(rf))[1].Status);
        var lastLink = FollowUpFixture.LinkIn(app.MailTo(email)[3]);
        var expired = await Patient().GetAsync(lastLink);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_window_that_opens_in_the_patients_evening_waits_for_eight_in_the_morning_there()
    {
        const string email = "evening@example.test";
        // 20:30 in Paris = 19:30 UTC: the 1-month window opens at 20:30 Paris time, inside the quiet hours.
        var (_, rf) = await RfPatientAsync("FU-EVENING", email, new DateTimeOffset(2026, 3, 2, 19, 35, 0, TimeSpan.Zero), "2026-03-02T20:30");
        var month = (await FollowUpsAsync(rf))[0];
        Assert.Equal(new DateTimeOffset(2026, 3, 25, 19, 30, 0, TimeSpan.Zero), month.OpensAt);

        app.Clock.Now = month.OpensAt;
        await app.RunJobAsync();
        Assert.Empty(app.MailTo(email));
        await using (var db = TestDatabases.Context(app.ConnectionString))
        {
            var reminder = await db.ReminderMessages.SingleAsync(r => r.FollowUpId == month.Id);
            // 08:00 in Paris the next morning (UTC+1 until 29 March).
            Assert.Equal(new DateTimeOffset(2026, 3, 26, 7, 0, 0, TimeSpan.Zero), reminder.SendAfter);
            Assert.Equal(ReminderStatus.Pending, reminder.Status);
        }

        app.Clock.Now = new DateTimeOffset(2026, 3, 26, 6, 59, 0, TimeSpan.Zero);
        await app.RunJobAsync();
        Assert.Empty(app.MailTo(email));
        app.Clock.Now = new DateTimeOffset(2026, 3, 26, 7, 0, 0, TimeSpan.Zero);
        await app.RunJobAsync();
        Assert.Single(app.MailTo(email));
    }

    private async Task<ReminderMessage> ReminderOfAsync(long followUpId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return await db.ReminderMessages.SingleAsync(r => r.FollowUpId == followUpId);
    }

    [Fact]
    public async Task A_550_reply_fails_the_reminder_at_once_with_the_servers_reason()
    {
        const string email = "smtp550@example.test";
        var (_, rf) = await RfPatientAsync("FU-SMTP550", email, Start, "2026-03-02T10:00");
        var month = (await FollowUpsAsync(rf))[0];
        try
        {
            app.Smtp.RefuseWith = 550;
            app.Clock.Now = month.OpensAt;
            await app.RunJobAsync();
        }
        finally
        {
            app.Smtp.RefuseWith = null;
        }
        var refused = await ReminderOfAsync(month.Id);
        Assert.Equal((ReminderStatus.Failed, 1), (refused.Status, refused.Tries));
        Assert.Contains("550", refused.LastError);
        Assert.Contains("User unknown", refused.LastError);
        // Failed is final: later runs do not send it.
        app.Clock.Now = month.OpensAt.AddHours(3);
        await app.RunJobAsync();
        Assert.Empty(app.MailTo(email));

        // The coordinator sees it on the worklist's "Failed reminders" tab, with the reason, and on the dashboard.
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        var tab = WebUtility.HtmlDecode(await coordinator.PageAsync("/follow-ups?bucket=FailedReminders"));
        Assert.Contains("MRN FU-SMTP550", tab);
        Assert.Contains("User unknown", tab);
        Assert.True(FollowUpData.TabCounts(tab)["FailedReminders"] >= 1);
        var retryForm = System.Text.RegularExpressions.Regex.Match(tab, $"<form method=\"post\" action=\"/follow-ups/{month.Id}/retry-reminder\"[^>]*>(.*?)</form>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(retryForm.Success);
        Assert.Contains("__RequestVerificationToken", retryForm.Groups[1].Value);
        var detailsPage = await coordinator.PageAsync($"/follow-ups/{month.Id}");
        Assert.Contains("id=\"retry-reminder\"", detailsPage);
        Assert.Contains("failed reminder", await coordinator.PageAsync("/"));

        // A clinician may not retry; without the antiforgery token nobody may.
        var clinician = await app.ClinicianAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.PostFormAsync("/patients/new", $"/follow-ups/{month.Id}/retry-reminder", Html.Fields())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coordinator.PostAsync($"/follow-ups/{month.Id}/retry-reminder", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(ReminderStatus.Failed, (await ReminderOfAsync(month.Id)).Status);

        // Retried (the server accepts again): the same row is sent on the next run.
        var retried = await coordinator.PostFormAsync("/follow-ups?bucket=FailedReminders", $"/follow-ups/{month.Id}/retry-reminder", Html.Fields());
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal((ReminderStatus.Pending, 0), ((await ReminderOfAsync(month.Id)).Status, (await ReminderOfAsync(month.Id)).Tries));
        Assert.DoesNotContain("MRN FU-SMTP550", WebUtility.HtmlDecode(await coordinator.PageAsync("/follow-ups?bucket=FailedReminders")));
        await app.RunJobAsync();
        Assert.Single(app.MailTo(email));
        Assert.Equal(ReminderStatus.Sent, (await ReminderOfAsync(month.Id)).Status);
        // Nothing failed is left to retry.
        var again = await coordinator.PostFormAsync($"/follow-ups/{month.Id}", $"/follow-ups/{month.Id}/retry-reminder", Html.Fields());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("no failed reminder", await again.Content.ReadAsStringAsync());
        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "RetryReminder" && a.EntityId == month.Id.ToString() && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task A_451_reply_defers_the_reminder_without_using_up_a_try()
    {
        const string email = "smtp451@example.test";
        var (_, rf) = await RfPatientAsync("FU-SMTP451", email, Start, "2026-03-02T10:00");
        var month = (await FollowUpsAsync(rf))[0];
        try
        {
            app.Smtp.RefuseWith = 451;
            // Many more refusals than the tries a reminder has: it stays pending.
            for (var run = 0; run < ReminderMessage.MaxDeliveryTries + 2; run++)
            {
                app.Clock.Now = month.OpensAt.AddMinutes(3 * run);
                await app.RunJobAsync();
            }
        }
        finally
        {
            app.Smtp.RefuseWith = null;
        }
        var deferred = await ReminderOfAsync(month.Id);
        Assert.Equal((ReminderStatus.Pending, 0), (deferred.Status, deferred.Tries));
        Assert.Contains("451", deferred.LastError);
        Assert.Equal(app.Clock.Now + ProcedureRegistry.Web.Jobs.ReminderDispatcher.DeferredRetryDelay, deferred.SendAfter);

        app.Clock.Now = deferred.SendAfter;
        await app.RunJobAsync();
        Assert.Single(app.MailTo(email));
        Assert.Equal((ReminderStatus.Sent, 1), ((await ReminderOfAsync(month.Id)).Status, (await ReminderOfAsync(month.Id)).Tries));
    }

    [Fact]
    public async Task An_absent_mail_server_defers_reminders_without_using_up_tries_and_pauses_the_run()
    {
        const string email = "smtpdown@example.test";
        var (_, rf) = await RfPatientAsync("FU-SMTP", email, Start, "2026-03-02T10:00");
        var month = (await FollowUpsAsync(rf))[0];
        await app.Smtp.StopAsync();
        try
        {
            // Three hours of outage, a run every 5 minutes: longer than the whole backoff schedule of the old tries.
            for (var minutes = 0; minutes <= 180; minutes += 5)
            {
                app.Clock.Now = month.OpensAt.AddMinutes(minutes);
                await app.RunJobAsync();
            }
            var down = await ReminderOfAsync(month.Id);
            Assert.Equal((ReminderStatus.Pending, 0), (down.Status, down.Tries));
            Assert.Contains("unreachable", down.LastError);
        }
        finally
        {
            await app.Smtp.StartListeningAsync();
        }
        Assert.Empty(app.MailTo(email));

        app.Clock.Now = month.OpensAt.AddMinutes(185);
        await app.RunJobAsync();
        Assert.Single(app.MailTo(email));
        var sent = await ReminderOfAsync(month.Id);
        Assert.Equal((ReminderStatus.Sent, 1), (sent.Status, sent.Tries));
    }

    [Fact]
    public async Task Voiding_the_procedure_or_withdrawing_consent_stops_the_reminders()
    {
        const string email = "withdrawn@example.test";
        var (patientId, rf) = await RfPatientAsync("FU-WITHDRAW", email, Start, "2026-03-02T10:00");
        var clinician = await app.ClinicianAsync();
        var edit = await clinician.PostFormAsync($"/patients/{patientId}/edit", $"/patients/{patientId}/edit", Html.Fields(
            ("Mrn", "FU-WITHDRAW"), ("FamilyName", "Maigne"), ("GivenName", "Robert"), ("DateOfBirth", "1958-03-14"), ("Sex", "Male"),
            ("Email", email), ("ReminderConsent", "false"), ("PreferredChannel", "None"), ("TimeZone", "Europe/Paris"),
            ("Version", await VersionAsync(patientId)), ("Reason", "Patient asked for no more messages")));
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);

        Assert.All(await FollowUpsAsync(rf), f => Assert.Equal((FollowUpStatus.Cancelled, "Consent withdrawn"), (f.Status, f.CancelReason)));
        app.Clock.Now = Start.AddDays(24);
        await app.RunJobAsync();
        Assert.Empty(app.MailTo(email));
    }

    private async Task<string> VersionAsync(int patientId)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return (await db.Patients.SingleAsync(p => p.Id == patientId)).Version.ToString();
    }
}
