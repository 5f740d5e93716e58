using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Features.Users;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

public sealed class WorklistTests(ClockedAppFixture app) : IClassFixture<ClockedAppFixture>
{
    /// <summary>23:30 UTC tomorrow: already the day after in Paris, so a UTC calendar would put due dates on the wrong day.</summary>
    private static DateTimeOffset LateEvening => new(DateTime.UtcNow.Date.AddDays(1).AddHours(23).AddMinutes(30), TimeSpan.Zero);

    private DateOnly Today => FollowUpData.ParisDate(app.Clock.Now);

    [Fact]
    public async Task Each_follow_up_is_in_one_tab_by_the_clinics_calendar_and_other_clinics_stay_out()
    {
        app.Clock.Now = LateEvening;
        var clinician = await app.ClinicianAsync(clinic: "BUCKETS");
        // The RF's 1-month point is due 30 days after, answerable ± 7 days.
        async Task Rf(string mrn, int daysAgo)
        {
            var patient = await app.RegisterPatientAsync(clinician, mrn, clinic: "BUCKETS");
            await clinician.LogAsync(patient, "rf", FollowUpData.Rf(Today.AddDays(-daysAgo)));
        }
        await Rf("DUE-TODAY", 30);    // due today in Paris, tomorrow by UTC
        await Rf("OVERDUE-1", 31);    // due yesterday in Paris, today by UTC
        await Rf("MISSED-1", 40);     // window closed 3 days ago, not yet marked missed
        await Rf("UPCOMING-1", 20);   // due in 10 days
        var elsewhere = await app.ClinicianAsync(clinic: "ELSEWHERE");
        var stranger = await app.RegisterPatientAsync(elsewhere, "STRANGER-1", clinic: "ELSEWHERE");
        await elsewhere.LogAsync(stranger, "rf", FollowUpData.Rf(Today.AddDays(-30)));
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator, clinic: "BUCKETS");

        var dueToday = await coordinator.PageAsync("/follow-ups");
        var counts = FollowUpData.TabCounts(dueToday);
        Assert.Equal(new Dictionary<string, int>
        {
            ["DueToday"] = 1, ["Overdue"] = 1, ["Missed"] = 1, ["Answered"] = 0, ["Upcoming"] = 1 + 4 * 3, ["FailedReminders"] = 0,
        }, counts);
        Assert.Contains("MRN DUE-TODAY", dueToday);
        Assert.DoesNotContain("OVERDUE-1", dueToday);
        Assert.DoesNotContain("STRANGER-1", dueToday);
        Assert.Contains("<caption>Due today: 1 follow-up", dueToday);
        Assert.Contains("<th scope=\"col\">Due</th>", dueToday);
        Assert.Contains(Today.ToString("yyyy-MM-dd"), dueToday);
        Assert.Contains("none yet", dueToday); // no reminder sent yet

        Assert.Contains("MRN OVERDUE-1", await coordinator.PageAsync("/follow-ups?bucket=Overdue"));
        Assert.Contains("MRN MISSED-1", await coordinator.PageAsync("/follow-ups?bucket=Missed"));
        var upcoming = await coordinator.PageAsync("/follow-ups?bucket=Upcoming");
        Assert.Contains("MRN UPCOMING-1", upcoming);
        // By due date: the 1-month point due in 10 days comes first.
        Assert.True(upcoming.IndexOf("MRN UPCOMING-1", StringComparison.Ordinal) < upcoming.IndexOf("MRN DUE-TODAY", StringComparison.Ordinal));
        var answered = await coordinator.PageAsync("/follow-ups?bucket=Answered");
        Assert.Contains("No answers yet.", answered);

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewFollowUpWorklist" && a.Outcome == "Succeeded"));
    }

    [Fact]
    public async Task Filters_by_clinic_operator_and_kind_and_pages_of_fifty()
    {
        app.Clock.Now = LateEvening;
        var northId = await app.ClinicAsync("NORTH");
        var southId = await app.ClinicAsync("SOUTH");
        var north = await app.ClinicianAsync(clinic: "NORTH");
        var south = await app.ClinicianAsync(clinic: "SOUTH");
        var northPatient = await app.RegisterPatientAsync(north, "NORTH-1", clinic: "NORTH");
        var southPatient = await app.RegisterPatientAsync(south, "SOUTH-1", clinic: "SOUTH");
        // 13 RF denervations in the north (52 follow-ups, all after today), by two operators; one steroid injection in the south.
        for (var i = 0; i < 13; i++)
        {
            await north.LogAsync(northPatient, "rf", FollowUpData.Rf(Today.AddDays(-1 - i), i < 3 ? "Dr Alpha" : "Dr Beta"));
        }
        await south.LogAsync(southPatient, "steroid", FollowUpData.Steroid(Today.AddDays(-1), "Dr Alpha"));
        var email = $"coordinator.{Guid.NewGuid():N}@test.clinic";
        var created = await app.SendAsync(new CreateUser.Command
        {
            Email = email, DisplayName = "Two-clinic coordinator", Role = Roles.Coordinator, ClinicIds = [northId, southId],
        });
        var coordinator = app.Factory.CreateBrowserLikeClient();
        await coordinator.SignInAsync(email, created.Value!.InitialPassword);

        var all = FollowUpData.TabCounts(await coordinator.PageAsync("/follow-ups?bucket=Upcoming"));
        Assert.Equal(52 + 3, all["Upcoming"]);
        Assert.Equal(52, FollowUpData.TabCounts(await coordinator.PageAsync($"/follow-ups?bucket=Upcoming&clinic={northId}"))["Upcoming"]);
        Assert.Equal(3, FollowUpData.TabCounts(await coordinator.PageAsync($"/follow-ups?bucket=Upcoming&clinic={southId}"))["Upcoming"]);
        Assert.Equal(3 * 4 + 3, FollowUpData.TabCounts(await coordinator.PageAsync("/follow-ups?bucket=Upcoming&operator=alpha"))["Upcoming"]);
        Assert.Equal(3, FollowUpData.TabCounts(await coordinator.PageAsync("/follow-ups?bucket=Upcoming&kind=SteroidInjection"))["Upcoming"]);
        Assert.Equal(3 * 4, FollowUpData.TabCounts(await coordinator.PageAsync($"/follow-ups?bucket=Upcoming&kind=RfDenervation&operator=ALPHA&clinic={northId}"))["Upcoming"]);
        var none = await coordinator.PageAsync("/follow-ups?bucket=Upcoming&operator=Gamma");
        Assert.Contains("No follow-ups are planned after today.", none);
        Assert.Contains("with these filters", none);

        // 52 in the north: 50 on page 1, 2 on page 2, in due-date order across the pages.
        var page1 = await coordinator.PageAsync($"/follow-ups?bucket=Upcoming&clinic={northId}");
        var page2 = await coordinator.PageAsync($"/follow-ups?bucket=Upcoming&clinic={northId}&page=2");
        Assert.Equal(50, Rows(page1).Count);
        Assert.Equal(2, Rows(page2).Count);
        Assert.Contains("page 1 of 2", page1);
        Assert.Contains("rel=\"next\"", page1);
        var dues = Rows(page1).Concat(Rows(page2)).Select(r => r.Due).ToList();
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues);
        Assert.All(Rows(page2), r => Assert.Contains("12 months", r.Label));

        // Only the user's clinics can be chosen.
        var foreign = await app.ClinicAsync("FOREIGN");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/follow-ups?clinic={foreign}")).StatusCode);
    }

    [Fact]
    public async Task Clinics_in_different_time_zones_each_keep_their_own_today()
    {
        app.Clock.Now = LateEvening; // 23:30 UTC: already tomorrow in Paris, still today in New York
        var parisId = await app.ClinicAsync("ZPARIS");
        var created = await app.SendAsync(new ProcedureRegistry.Web.Features.Clinics.CreateClinic.Command
        {
            Code = "ZNY", Name = "Clinic New York", TimeZone = "America/New_York",
        });
        Assert.True(created.Succeeded);
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var newYorkToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.Now, newYork).DateTime);
        Assert.Equal(Today.AddDays(-1), newYorkToday);

        var paris = await app.ClinicianAsync(clinic: "ZPARIS");
        var ny = await app.ClinicianAsync(clinic: "ZNY");
        await paris.LogAsync(await app.RegisterPatientAsync(paris, "ZP-DUE", clinic: "ZPARIS"), "rf", FollowUpData.Rf(Today.AddDays(-30)));
        await ny.LogAsync(await app.RegisterPatientAsync(ny, "ZNY-DUE", clinic: "ZNY"), "rf", FollowUpData.Rf(newYorkToday.AddDays(-30)));
        // Due tomorrow in New York: the same calendar day as "today" in Paris, but not due today where the patient is treated.
        await ny.LogAsync(await app.RegisterPatientAsync(ny, "ZNY-NEXT", clinic: "ZNY"), "rf", FollowUpData.Rf(newYorkToday.AddDays(-29)));
        var email = $"coordinator.{Guid.NewGuid():N}@test.clinic";
        var user = await app.SendAsync(new CreateUser.Command
        {
            Email = email, DisplayName = "Coordinator of two zones", Role = Roles.Coordinator, ClinicIds = [parisId, created.Value],
        });
        var coordinator = app.Factory.CreateBrowserLikeClient();
        await coordinator.SignInAsync(email, user.Value!.InitialPassword);

        var dueToday = await coordinator.PageAsync("/follow-ups");
        Assert.Equal(2, FollowUpData.TabCounts(dueToday)["DueToday"]);
        Assert.Contains("MRN ZP-DUE", dueToday);
        Assert.Contains("MRN ZNY-DUE", dueToday);
        Assert.DoesNotContain("MRN ZNY-NEXT", dueToday);
        Assert.Contains("MRN ZNY-NEXT", await coordinator.PageAsync("/follow-ups?bucket=Upcoming"));
        Assert.Contains("2 due today, 0 overdue", await coordinator.PageAsync("/"));
    }

    private static List<(string Label, string Due)> Rows(string html) =>
        [.. Regex.Matches(html, "<tr>\\s*<th scope=\"row\">.*?</th>\\s*<td>.*?</td>\\s*<td>(.*?)</td>\\s*<td>.*?</td>\\s*<td>(.*?)</td>", RegexOptions.Singleline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [Fact]
    public async Task Clinicians_and_analysts_may_not_open_the_worklist_and_another_clinics_follow_up_is_not_found()
    {
        app.Clock.Now = LateEvening;
        var clinician = await app.ClinicianAsync(clinic: "ACCESS");
        var patient = await app.RegisterPatientAsync(clinician, "ACCESS-1", clinic: "ACCESS");
        var procedure = await clinician.LogAsync(patient, "rf", FollowUpData.Rf(Today.AddDays(-30)));
        await using var db = TestDatabases.Context(app.ConnectionString);
        var followUp = await db.FollowUps.Where(f => f.ProcedureId == procedure).OrderBy(f => f.DueAt).Select(f => f.Id).FirstAsync();
        var analyst = await app.SignedInClientAsync(Roles.Analyst, clinic: "ACCESS");
        var stranger = await app.SignedInClientAsync(Roles.Coordinator, clinic: "OTHER-CLINIC");

        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/follow-ups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync($"/follow-ups/{followUp}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/follow-ups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/follow-ups/{followUp}/answer")).StatusCode);
        Assert.DoesNotContain("href=\"/follow-ups\"", await clinician.PageAsync("/"));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/follow-ups/{followUp}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/follow-ups/{followUp}/answer")).StatusCode);
        var token = Html.AntiforgeryToken(await stranger.GetStringAsync("/follow-ups"));
        var post = await stranger.PostAsync($"/follow-ups/{followUp}/answer", new FormUrlEncodedContent(Html.Fields(
            ("Pain", "3"), ("ReliefPercent", "50"), ("Pgic", "5"), ("OtherTreatment", "no"), ("Version", "1"), ("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var resend = await stranger.PostAsync($"/follow-ups/{followUp}/resend", new FormUrlEncodedContent(Html.Fields(("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
        Assert.Equal(FollowUpStatus.Scheduled, (await db.FollowUps.SingleAsync(f => f.Id == followUp)).Status);

        var coordinator = await app.SignedInClientAsync(Roles.Coordinator, clinic: "ACCESS");
        var home = await coordinator.PageAsync("/");
        Assert.Contains("href=\"/follow-ups\"", home);
        Assert.Contains("1 due today, 0 overdue", home);
    }
}
