using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>Admins edit the protocols; procedures logged afterwards follow the new points. Own database: the protocol is global.</summary>
public sealed class ProtocolTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<int> PointIdAsync(ProcedureKind kind, string label)
    {
        await using var db = TestDatabases.Context(app.ConnectionString);
        return await db.FollowUpProtocolPoints.Where(p => p.Kind == kind && p.Label == label).Select(p => p.Id).SingleAsync();
    }

    private static (string, string)[] Point(string label, string days, string before, string after) =>
        [("Label", label), ("DaysAfter", days), ("WindowDaysBefore", before), ("WindowDaysAfter", after)];

    [Theory]
    [InlineData("DaysAfter", "0", "Days after the procedure must be from 1 to 1095.")]
    [InlineData("DaysAfter", "1096", "Days after the procedure must be from 1 to 1095.")]
    [InlineData("DaysAfter", "", "Days after the procedure is required.")]
    [InlineData("WindowDaysBefore", "-1", "Window before the due date must be from 0 to 90 days.")]
    [InlineData("WindowDaysBefore", "91", "Window before the due date must be from 0 to 90 days.")]
    [InlineData("WindowDaysAfter", "0", "Window after the due date must be from 1 to 90 days.")]
    [InlineData("Label", "  ", "Label is required")]
    [InlineData("Label", "a label much longer than forty characters in all", "Label must be at most 40 characters.")]
    [InlineData("Label", "3 months", "Label: the steroid injection protocol already has a point labelled \u201c3 months\u201d.")]
    public async Task A_bad_edit_names_the_field_and_the_range_and_nothing_changes(string field, string value, string message)
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var id = await PointIdAsync(ProcedureKind.SteroidInjection, "6 weeks");
        var form = await admin.PageAsync($"/protocols/{id}/edit");

        var response = await admin.PostFormAsync($"/protocols/{id}/edit", $"/protocols/{id}/edit",
            Html.Fields([.. Point("6 weeks", "42", "7", "7").Replace(field, value), ("Version", FollowUpData.Version(form))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = TestDatabases.Context(app.ConnectionString);
        var point = await db.FollowUpProtocolPoints.SingleAsync(p => p.Id == id);
        Assert.Equal(("6 weeks", 42, 7, 7), (point.Label, point.DaysAfter, point.WindowDaysBefore, point.WindowDaysAfter));
    }

    [Fact]
    public async Task Edited_added_and_deactivated_points_apply_to_procedures_logged_afterwards()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin, clinic: "PROTO");
        var clinician = await app.ClinicianAsync(clinic: "PROTO");
        var patient = await app.RegisterPatientAsync(clinician, "PROTO-1", clinic: "PROTO");
        var today = FollowUpData.ParisDate(DateTimeOffset.UtcNow);
        var before = await clinician.LogAsync(patient, "rf", FollowUpData.Rf(today.AddDays(-2)));

        var list = await admin.PageAsync("/protocols");
        Assert.Contains("Changes apply to procedures logged afterwards", list);
        Assert.Contains("12 months", list);

        var oneMonth = await PointIdAsync(ProcedureKind.RfDenervation, "1 month");
        var form = await admin.PageAsync($"/protocols/{oneMonth}/edit");
        var edited = await admin.PostFormAsync($"/protocols/{oneMonth}/edit", $"/protocols/{oneMonth}/edit",
            Html.Fields([.. Point("4 weeks", "28", "5", "10"), ("Version", FollowUpData.Version(form))]));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var stale = await admin.PostFormAsync($"/protocols/{oneMonth}/edit", $"/protocols/{oneMonth}/edit",
            Html.Fields([.. Point("5 weeks", "35", "5", "10"), ("Version", FollowUpData.Version(form))]));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var twelve = await PointIdAsync(ProcedureKind.RfDenervation, "12 months");
        var version = Regex.Match(list, $"action=\"/protocols/{twelve}/deactivate\".*?name=\"version\" value=\"(\\d+)\"", RegexOptions.Singleline).Groups[1].Value;
        var deactivated = await admin.PostFormAsync("/protocols", $"/protocols/{twelve}/deactivate", Html.Fields(("version", version)));
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        var added = await admin.PostFormAsync("/protocols/new", "/protocols/new",
            Html.Fields([.. Point("2 years", "730", "30", "30"), ("Kind", "RfDenervation")]));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("inactive", await admin.PageAsync("/protocols"));

        var after = await clinician.LogAsync(patient, "rf", FollowUpData.Rf(today.AddDays(-1)));
        await using var db = TestDatabases.Context(app.ConnectionString);
        var old = await db.FollowUps.Where(f => f.ProcedureId == before).OrderBy(f => f.DueAt).Select(f => f.Label).ToListAsync();
        var planned = await db.FollowUps.Where(f => f.ProcedureId == after).OrderBy(f => f.DueAt).ToListAsync();
        var performed = (await db.Procedures.SingleAsync(p => p.Id == after)).PerformedAt;
        Assert.Equal(["1 month", "3 months", "6 months", "12 months"], old);
        Assert.Equal(["4 weeks", "3 months", "6 months", "2 years"], planned.Select(f => f.Label));
        Assert.Equal(28, (planned[0].DueAt - performed).TotalDays);
        Assert.Equal(5, (planned[0].DueAt - planned[0].OpensAt).TotalDays);
        Assert.Equal(10, (planned[0].ClosesAt - planned[0].DueAt).TotalDays);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "EditProtocolPoint" && a.EntityId == oneMonth.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "DeactivateProtocolPoint" && a.EntityId == twelve.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "AddProtocolPoint"));
    }

    [Fact]
    public async Task Only_admins_may_open_the_protocols()
    {
        var coordinator = await app.SignedInClientAsync(Roles.Coordinator);
        var clinician = await app.SignedInClientAsync(Roles.Clinician);
        var admin = await app.SignedInClientAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/protocols")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/protocols/new")).StatusCode);
        Assert.Contains("href=\"/protocols\"", await admin.PageAsync("/"));
        Assert.DoesNotContain("href=\"/protocols\"", await coordinator.PageAsync("/"));
        Assert.Contains("href=\"/follow-ups\"", await coordinator.PageAsync("/"));
    }
}
