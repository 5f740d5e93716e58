using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.IntegrationTests.Reports;
using ProcedureRegistry.Web.Features.Reports;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.Features.Reports;

// The on-screen report (GET /reports/{id}/view): part of OutcomeReportTests, so it shares that class's app, database
// and synthetic registry.
public sealed partial class OutcomeReportTests
{
    private async Task<long> RequestReportAsync(HttpClient analyst, bool run = true)
    {
        var posted = await analyst.PostFormAsync("/reports/new", "/reports/new", Html.Fields(("Filters.ThresholdPercent", "80"), ("Filters.Exposure", "SingleBlock")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var id = long.Parse(posted.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        if (run)
        {
            await app.Factory.Services.GetRequiredService<GenerateOutcomeReport>().RunAsync(id, CancellationToken.None);
        }
        return id;
    }

    [Fact]
    public async Task An_analyst_views_the_printed_HTML_on_screen_with_no_script_and_nothing_fetched()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst, clinic: "SYN");
        var id = await RequestReportAsync(analyst);
        Assert.Contains($"href=\"/reports/{id}/view\">View on screen</a>", await analyst.GetStringAsync($"/reports/{id}"));

        var response = await analyst.GetAsync($"/reports/{id}/view");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ViewReport.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'", ViewReport.ContentSecurityPolicy);
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Does relief after a diagnostic block establish the diagnosis", html);
        Assert.Contains("Verdict: supported", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SYN-0", html);

        // Exactly what was printed: the stored HTML is the document the PDF came from.
        await using var db = TestDatabases.Context(app.ConnectionString);
        var stored = await db.Reports.Where(r => r.Id == id).Select(r => new { r.Html, r.Pdf }).SingleAsync();
        Assert.Equal(stored.Html, html);
        var pdfText = await Pdf.TextAsync(await Pdf.SaveAsync($"outcome-report-{id}", stored.Pdf!));
        Assert.Contains("Does relief after a diagnostic block establish the diagnosis", pdfText);

        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewOutcomeReport" && a.EntityId == $"report {id} html" && a.Outcome == "Succeeded"));

        // Left to look at (and screenshot with headless Chromium): bin/.../reports/outcome-report-view.html.
        await File.WriteAllTextAsync(Path.Combine(Pdf.OutputFolder, "outcome-report-view.html"), html);
    }

    [Fact]
    public async Task The_on_screen_report_is_refused_to_other_clinics_other_roles_and_before_it_is_finished()
    {
        var analyst = await app.SignedInClientAsync(Roles.Analyst, clinic: "SYN");
        var id = await RequestReportAsync(analyst);
        var queued = await RequestReportAsync(analyst, run: false);

        var otherClinic = await app.SignedInClientAsync(Roles.Analyst, clinic: "EMPTY");
        Assert.Equal(HttpStatusCode.NotFound, (await otherClinic.GetAsync($"/reports/{id}/view")).StatusCode);
        var clinician = await app.SignedInClientAsync(Roles.Clinician, clinic: "SYN");
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync($"/reports/{id}/view")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/reports/{queued}/view")).StatusCode);
        Assert.DoesNotContain("View on screen", await analyst.GetStringAsync($"/reports/{queued}"));

        await using var db = TestDatabases.Context(app.ConnectionString);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ViewOutcomeReport" && a.Outcome == "NotFound"));
    }
}
