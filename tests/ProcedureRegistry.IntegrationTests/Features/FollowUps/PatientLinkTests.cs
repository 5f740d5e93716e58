using System.Net;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>The patient's page refuses bad input with a clear message and writes nothing; bad links reveal nothing.</summary>
public sealed class PatientLinkTests(FollowUpFixture app) : IClassFixture<FollowUpFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A follow-up whose window is open, with the link of its first reminder.</summary>
    private async Task<(long FollowUpId, string Link)> OpenLinkAsync(string mrn)
    {
        app.Clock.Now = Start;
        var clinician = await app.ClinicianAsync();
        var email = $"{mrn.ToLowerInvariant()}@example.test";
        var patientId = await app.RegisterConsentingPatientAsync(clinician, mrn, email);
        var rf = await clinician.LogRfAsync(patientId, "2026-03-02T10:00");
        await using var db = TestDatabases.Context(app.ConnectionString);
        var month = await db.FollowUps.Where(f => f.ProcedureId == rf).OrderBy(f => f.DaysAfter).FirstAsync();
        app.Clock.Now = month.OpensAt.AddHours(1);
        await app.RunJobAsync();
        return (month.Id, FollowUpFixture.LinkIn(Assert.Single(app.MailTo(email))));
    }

    private async Task<FollowUp> FollowUpAsync(long id)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return await db.FollowUps.SingleAsync(f => f.Id == id);
    }

    private static (string, string)[] Answer(string pain = "4", string relief = "60", string pgic = "5", string other = "false") =>
        [("Pain", pain), ("ReliefPercent", relief), ("Pgic", pgic), ("OtherTreatment", other)];

    [Theory]
    [InlineData("11", "60", "5", "false", "Pain now must be a whole number from 0 to 10.")]
    [InlineData("-1", "60", "5", "false", "Pain now must be a whole number from 0 to 10.")]
    [InlineData("4", "150", "5", "false", "Relief must be from 0 to 100 %.")]
    [InlineData("4", "60", "0", "false", "Global impression of change must be from 1 to 7.")]
    [InlineData("4", "60", "8", "false", "Global impression of change must be from 1 to 7.")]
    public async Task An_out_of_range_answer_is_refused_with_the_rule_and_nothing_is_written(string pain, string relief, string pgic, string other, string message)
    {
        var (id, link) = await OpenLinkAsync($"BAD-{pain}-{relief}-{pgic}".Replace("-", "M"));
        var response = await app.Factory.CreateBrowserLikeClient().PostFormAsync(link, link, Html.Fields(Answer(pain, relief, pgic, other)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(FollowUpStatus.Scheduled, (await FollowUpAsync(id)).Status);
    }

    [Fact]
    public async Task A_form_with_missing_answers_names_each_missing_question()
    {
        var (id, link) = await OpenLinkAsync("MISSING");
        var response = await app.Factory.CreateBrowserLikeClient().PostFormAsync(link, link, Html.Fields(("Pain", "4")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Relief is required", page);
        Assert.Contains("Global impression of change is required", page);
        Assert.Contains("Other pain treatment is required.", page);
        Assert.Equal(FollowUpStatus.Scheduled, (await FollowUpAsync(id)).Status);
    }

    /// <summary>The audit rows the page's POST leaves: one request, so one row, whether the answer is taken or refused.</summary>
    private async Task<List<(string Action, string Outcome)>> AuditOfPostAsync(string link, (string, string)[] answer)
    {
        var patient = app.Factory.CreateBrowserLikeClient();
        var token = Html.AntiforgeryToken(await patient.GetStringAsync(link));
        await using var db = TestDatabases.Context(app.ConnectionString);
        var before = await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0;
        await patient.PostAsync(link, new FormUrlEncodedContent(Html.Fields([.. answer, ("__RequestVerificationToken", token)])));
        return [.. (await db.AuditEntries.Where(a => a.Id > before).OrderBy(a => a.Id).ToListAsync()).Select(a => (a.Action, a.Outcome))];
    }

    [Fact]
    public async Task The_patient_pages_post_writes_exactly_one_audit_row()
    {
        var (_, link) = await OpenLinkAsync("ONEROW");
        Assert.Equal([("AnswerFollowUpByLink", "Succeeded")], await AuditOfPostAsync(link, Answer()));
    }

    [Fact]
    public async Task A_refused_answer_on_the_patient_page_writes_exactly_one_audit_row_and_shows_the_form_again()
    {
        var (id, link) = await OpenLinkAsync("ONEREFUSED");
        Assert.Equal([("AnswerFollowUpByLink", "Invalid")], await AuditOfPostAsync(link, Answer(pain: "11")));
        Assert.Equal(FollowUpStatus.Scheduled, (await FollowUpAsync(id)).Status);
    }

    [Fact]
    public async Task A_second_submission_is_refused_and_the_first_answer_stands()
    {
        var (id, link) = await OpenLinkAsync("TWICE");
        var patient = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await patient.PostFormAsync(link, link, Html.Fields(Answer(pain: "2")))).StatusCode);

        var page = await patient.GetStringAsync("/account/login"); // any page with a token: the link's own page is gone
        var token = Html.AntiforgeryToken(page);
        var second = await patient.PostAsync(link, new FormUrlEncodedContent(Html.Fields([.. Answer(pain: "9"), ("__RequestVerificationToken", token)])));

        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Contains("already been answered", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, (await FollowUpAsync(id)).Pain);
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public async Task A_tampered_truncated_or_unknown_token_gets_a_friendly_page_that_reveals_nothing(string kind)
    {
        var (id, link) = await OpenLinkAsync($"TOKEN-{kind.ToUpperInvariant()}");
        var token = link["/r/".Length..];
        var bad = kind switch
        {
            "tampered" => (token[0] == 'A' ? "B" : "A") + token[1..],
            "truncated" => token[..20],
            _ => "not-a-token",
        };
        var patient = app.Factory.CreateBrowserLikeClient();
        var response = await patient.GetAsync($"/r/{bad}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("This link is not valid", page);
        Assert.DoesNotContain("Clinic TEST", page);
        Assert.DoesNotContain("Maigne", page);

        var loginPage = await patient.GetStringAsync("/account/login");
        var post = await patient.PostAsync($"/r/{bad}", new FormUrlEncodedContent(Html.Fields(
            [.. Answer(), ("__RequestVerificationToken", Html.AntiforgeryToken(loginPage))])));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(FollowUpStatus.Scheduled, (await FollowUpAsync(id)).Status);
    }
}

/// <summary>The patient page is rate limited per client address.</summary>
public sealed class PatientLinkRateLimitTests(PatientLinkRateLimitTests.Fixture app) : IClassFixture<PatientLinkRateLimitTests.Fixture>
{
    public sealed class Fixture : FollowUpFixture
    {
        protected override int PatientLinkPerMinute => 5;
    }

    [Fact]
    public async Task Guessing_links_is_stopped_after_a_few_requests_a_minute()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await client.GetAsync($"/r/guess{i}")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
